import type { IdempotencyKeys } from "../objects/idempotency-keys.ts";
import type { Operations } from "../services/operations.ts";
import { noInput, object, service } from "./contract.ts";

export const IdempotencyKeysApi = object<typeof IdempotencyKeys>("IdempotencyKeys");
export const OperationsApi = service<typeof Operations>("Operations", noInput("database"));
