import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";

const SEEN = "seen";

/**
 * Providers retry far longer than Restate's idempotency retention (Stripe: up to 3 days), so each
 * processed event is remembered here, per `${provider}:${eventId}`, for a week, then forgotten.
 */
export const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;

export const WebhookEvents = restate.object({
  name: "WebhookEvents",
  metadata: { key: "{provider}:{eventId}" },
  description: "Processed provider events, for deduplication across redeliveries.",
  handlers: {
    claim: restate.handlers.object.exclusive(
      { input: restate.serde.empty, output: restate.serde.schema(z.object({ duplicate: z.boolean() })), ingressPrivate: true },
      async (ctx: ObjectContext) => {
        if ((await ctx.get<number>(SEEN)) !== null) return { duplicate: true };
        ctx.set(SEEN, await ctx.date.now());
        ctx.objectSendClient(WebhookEvents, ctx.key).forget(restate.rpc.sendOpts({ delay: EVENT_RETENTION_MS }));
        return { duplicate: false };
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
