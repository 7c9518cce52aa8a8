import type { ProviderHealth } from "../services/provider-health.ts";
import { noInput, service } from "./contract.ts";

export const ProviderHealthApi = service<typeof ProviderHealth>("ProviderHealth", noInput("status"));
