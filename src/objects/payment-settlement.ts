import * as restate from "@restatedev/restate-sdk";
import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import {
  AwaitSettlementInput,
  SettlementOutcome,
  acceptOutcome,
} from "../domain/payment-settlement.ts";

const OUTCOME = "outcome";
const WAITER = "waiter";

/**
 * The meeting point of an order waiting for an asynchronous payment and the webhook that settles
 * it, keyed by orderId. The order cannot be called while it waits (its key is held), so the
 * webhook lands here; both handlers are exclusive, so "webhook first" and "waiter first" are
 * ordered by this object, never by timing.
 */
export const PaymentSettlement = restate.object({
  name: "PaymentSettlement",
  handlers: {
    awaitOutcome: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AwaitSettlementInput), ingressPrivate: true },
      async (ctx: ObjectContext, input: AwaitSettlementInput) => {
        const outcome = await ctx.get<SettlementOutcome>(OUTCOME);
        if (outcome && outcome.paymentIntentId === input.paymentIntentId) {
          ctx.resolveAwakeable(input.awakeableId, outcome);
          return;
        }
        ctx.set(WAITER, input);
      },
    ),
    settle: restate.handlers.object.exclusive(
      { input: restate.serde.schema(SettlementOutcome), ingressPrivate: true },
      async (ctx: ObjectContext, incoming: SettlementOutcome) => {
        const waiter = await ctx.get<AwaitSettlementInput>(WAITER);
        const current = await ctx.get<SettlementOutcome>(OUTCOME);
        if (!acceptOutcome(current, incoming, waiter?.paymentIntentId ?? null)) return { applied: false };
        ctx.set(OUTCOME, incoming);
        if (waiter) {
          ctx.resolveAwakeable(waiter.awakeableId, incoming);
          ctx.clear(WAITER);
        }
        return { applied: true };
      },
    ),
    get: restate.handlers.object.shared({ input: restate.serde.empty }, async (ctx: ObjectSharedContext) => ({
      outcome: await ctx.get<SettlementOutcome>(OUTCOME),
      waiting: (await ctx.get<AwaitSettlementInput>(WAITER)) !== null,
    })),
  },
});
