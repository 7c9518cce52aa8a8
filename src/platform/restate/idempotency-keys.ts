import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { DomainError } from "../domain/domain-errors.ts";
import { apiOnly } from "./api-caller.ts";
import type { WithCallerKeys } from "./caller-keys.ts";
import { reject } from "./decide.ts";

const FINGERPRINT = "fingerprint";

/**
 * As long as Restate keeps the idempotency keys of client requests (`default-idempotency-retention`
 * in restate.toml): within it, a key answers the first request's result, so the request it belongs
 * to must be remembered that long; after it, the key is free again on both sides.
 */
export const KEY_RETENTION_MS = 24 * 3_600_000;

const Claim = z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "fingerprint must be a SHA-256 HMAC in hex") });
type Claim = z.infer<typeof Claim>;

export const KEY_REUSED = "this Idempotency-Key was already used with another request";

/**
 * Which request an Idempotency-Key belongs to. Keyed by the API's digest of the caller and the key;
 * it keeps only the API's keyed fingerprint of the first request (method, route, path, query and
 * body) — never the body itself. Restate's ingress dedups a key per target and would silently answer
 * a different request with the first one's result; the API asks here first, and a key used again for
 * another request is a 422. In Restate, so every API replica and restart sees the same record, and
 * one writer per key decides between two first requests racing with different bodies.
 */
export const idempotencyKeysObject = (rt: WithCallerKeys) =>
  restate.object({
    name: "IdempotencyKeys",
    metadata: { key: "sha256 of the caller and its Idempotency-Key" },
    description: "Which request each Idempotency-Key of the HTTP API was first used for (a keyed fingerprint), for a day.",
    handlers: {
      claim: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(Claim),
          output: restate.serde.empty,
          description: "Bind the key to this request's fingerprint, or 422 when it is bound to another.",
        },
        async (ctx: ObjectContext, input: Claim) => {
          const bound = await ctx.get<string>(FINGERPRINT);
          if (bound === input.fingerprint) return;
          if (bound !== null) reject(new DomainError(KEY_REUSED, 422));
          ctx.set(FINGERPRINT, input.fingerprint);
          ctx.objectSendClient(IdempotencyKeys, ctx.key).forget(restate.rpc.sendOpts({ delay: KEY_RETENTION_MS }));
        },
      ),
      forget: restate.handlers.object.exclusive(
        { input: restate.serde.empty, output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext) => {
          ctx.clearAll();
        },
      ),
    },
  });

/** The typed handle other handlers call IdempotencyKeys by (its name); the endpoint binds {@link idempotencyKeysObject} with its runtime. */
export type IdempotencyKeys = ReturnType<typeof idempotencyKeysObject>;
export const IdempotencyKeys: IdempotencyKeys = { name: "IdempotencyKeys" };
