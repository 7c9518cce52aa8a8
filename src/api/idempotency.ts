import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { Context } from "hono";
import { IdempotencyKeysApi } from "../platform/restate/platform-ingress.ts";
import { ApiError } from "./api-errors.ts";
import type { ApiEnv } from "./context.ts";
import { call } from "./restate-client.ts";

/**
 * The key of request fingerprints, derived from JWT_SECRET (the one secret every replica shares): a
 * fingerprint covers bodies with passwords in them, so it must not be a plain hash anyone could test
 * guesses against. A new JWT_SECRET makes the keys of the last day look reused (422): rare, and safe.
 */
export const fingerprintKey = (jwtSecret: string) =>
  Buffer.from(hkdfSync("sha256", jwtSecret, "restate-commerce", "idempotency-key fingerprints", 32));

/** What makes two requests the same: method, route, path parameters, query and body, as validated (so key order and defaults do not matter). */
function fingerprint(c: Context<ApiEnv>, method: string, route: string): string {
  const valid = (target: "param" | "query" | "json") => (c.req.valid as (t: string) => unknown)(target) ?? null;
  const request = JSON.stringify([method.toUpperCase(), route, valid("param"), valid("query"), valid("json")]);
  return createHmac("sha256", c.var.deps.fingerprintKey).update(request).digest("hex");
}

/**
 * Binds a request's Idempotency-Key to the request, once validated: the same key again with the same
 * request goes on (Restate answers it from its record), with any other request it is a 422
 * `idempotency_key_reused` and nothing else happens. Keys are the caller's own: a customer's are
 * theirs alone; those sent without a token share one space.
 */
export async function bindIdempotencyKey(c: Context<ApiEnv>, method: string, route: string): Promise<void> {
  const key = c.req.header("idempotency-key");
  if (!key) return;
  const scope = c.var.principal ? `customer:${c.var.principal.customerId}` : "anonymous";
  const id = createHash("sha256").update(`${scope}\n${key}`).digest("hex");
  await call(() => c.var.deps.restate.object(IdempotencyKeysApi, id).claim({ fingerprint: fingerprint(c, method, route) })).catch(
    (error) => {
      if (error instanceof ApiError && error.status === 422) {
        throw new ApiError(
          422,
          "idempotency_key_reused",
          "Idempotency-Key: was already used for another request (another body, route or path); send a new key for a new request",
          { field: "idempotency-key" },
        );
      }
      throw error;
    },
  );
}
