import * as restate from "@restatedev/restate-sdk";
import { type Context, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { SUBSCRIPTIONS_KEY, WebhookSubscriptions } from "../objects/webhook-subscriptions.ts";
import { database } from "../query/database.ts";
import { databaseReason } from "../query/errors.ts";
import { OrderFigures, orderFigures } from "../query/shop-figures.ts";
import { queryStep } from "./query-step.ts";

const count = z.number().int().min(0);

/** The outbound webhooks' deliveries as the subscriptions record them (removed subscriptions take theirs along). */
const DeliveryFigures = z.object({
  pending: count,
  succeeded: count,
  failed: count.describe("deliveries that gave up"),
  subscriptions: count.describe("subscriptions still sent to"),
  disabledSubscriptions: count.describe("subscriptions disabled by a 410 Gone"),
});

export const ShopFigures = z.object({ orders: OrderFigures, deliveries: DeliveryFigures });
export type ShopFigures = z.infer<typeof ShopFigures>;

/**
 * What the HTTP API asks on behalf of load balancers and Prometheus. Both run every few seconds, so
 * no journal is kept once an invocation completes (journalRetention 0): nothing here is worth
 * looking up a day later, and a day of probes would bury the invocations that are.
 */
export const Operations = restate.service({
  name: "Operations",
  description: "Readiness of the query side, and the shop-wide figures GET /metrics reports.",
  handlers: {
    database: restate.handlers.handler(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(z.object({ database: z.literal("ok") })),
        description: "Runs SELECT 1 on this endpoint's pool; 503 saying why (never the server's address) when PostgreSQL does not answer.",
      },
      // Not a ctx.run: the answer is the output and nothing follows it, so a retried attempt simply
      // asks again — which is what a readiness probe means — and nothing is journaled on the way.
      async (_ctx: Context) => {
        const { pool, url } = database();
        try {
          await pool.query("SELECT 1");
        } catch (error) {
          throw new TerminalError(databaseReason(error, url), { errorCode: 503 });
        }
        return { database: "ok" as const };
      },
    ),
    figures: restate.handlers.handler(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(ShopFigures),
        description:
          "Orders placed (with revenue per currency), failed by reason and by status, from the PostgreSQL projection; outbound deliveries from the subscriptions' state.",
      },
      async (ctx: Context): Promise<ShopFigures> => {
        const orders = await queryStep(ctx, "order figures", orderFigures);
        const subscriptions = await ctx.objectClient(WebhookSubscriptions, SUBSCRIPTIONS_KEY).list();
        const deliveries = { pending: 0, succeeded: 0, failed: 0, subscriptions: 0, disabledSubscriptions: 0 };
        for (const s of subscriptions) {
          deliveries.pending += s.deliveries.pending;
          deliveries.succeeded += s.deliveries.succeeded;
          deliveries.failed += s.deliveries.failed;
          if (s.disabled) deliveries.disabledSubscriptions++;
          else deliveries.subscriptions++;
        }
        return { orders, deliveries };
      },
    ),
  },
  options: { journalRetention: 0 },
});
