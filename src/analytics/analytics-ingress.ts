import { service } from "../platform/restate/ingress-contract.ts";
import type { Analytics } from "./analytics-service.ts";

export const AnalyticsApi = service<typeof Analytics>("Analytics");
