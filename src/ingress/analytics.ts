import type { Analytics } from "../services/analytics.ts";
import { service } from "./contract.ts";

export const AnalyticsApi = service<typeof Analytics>("Analytics");
