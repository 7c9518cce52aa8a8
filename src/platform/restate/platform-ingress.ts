import type { Operations } from "../database/database-health-service.ts";
import type { IdempotencyKeys } from "./idempotency-keys.ts";
import { noInput, object, service } from "./ingress-contract.ts";

export const IdempotencyKeysApi = object<typeof IdempotencyKeys>("IdempotencyKeys");
export const OperationsApi = service<typeof Operations>("Operations", noInput("database"));
