import { noInput, service } from "../platform/restate/ingress-contract.ts";
import type { ProviderHealth } from "./provider-health-service.ts";

export const ProviderHealthApi = service<typeof ProviderHealth>("ProviderHealth", noInput("status"));
