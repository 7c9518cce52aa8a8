import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { CountOrderInput, countWithin, noteEntry, VelocityCountSchema, type VelocityEntry, VelocityInput } from "./domain/risk.ts";

const ORDERS = "orders";
const FAILED = "failedPayments";

/**
 * Windowed counters of one subject — `customer:<id>`, `email:<address>` or `card:<payment method>` —
 * written only by order checkouts. Velocity lives here rather than in the PostgreSQL projection: the
 * projection is written after the fact and may lag or be rebuilt, while a burst of card-testing
 * checkouts arrives within the same second; this object is single-writer per key, so the n-th order
 * of a burst sees the n-1 before it. Orders call it (down), it never calls an order.
 */
export const RiskVelocity = restate.object({
  name: "RiskVelocity",
  description: "Windowed counts of one account's, email's or card's orders and failed payments, for the risk rules.",
  metadata: { key: "{customer:…, email:…, card:…}" },
  handlers: {
    /** Counts this order (once, by its id) and answers what the subject did within the window. */
    countOrder: restate.handlers.object.exclusive(
      { input: restate.serde.schema(CountOrderInput), output: restate.serde.schema(VelocityCountSchema), ingressPrivate: true },
      async (ctx: ObjectContext, input: CountOrderInput) => {
        const at = await ctx.date.now();
        const orders = noteEntry((await ctx.get<VelocityEntry[]>(ORDERS)) ?? [], { orderId: input.orderId, at }, at, input.windowMs);
        ctx.set(ORDERS, orders);
        const failed = (await ctx.get<VelocityEntry[]>(FAILED)) ?? [];
        return { orders: orders.length, failedPayments: countWithin(failed, at, input.windowMs) };
      },
    ),
    /** A payment of this subject was declined or failed: sent one way by the order. */
    noteFailedPayment: restate.handlers.object.exclusive(
      { input: restate.serde.schema(VelocityInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: VelocityInput) => {
        ctx.set(FAILED, noteEntry((await ctx.get<VelocityEntry[]>(FAILED)) ?? [], input, input.at, input.windowMs));
      },
    ),
  },
});
