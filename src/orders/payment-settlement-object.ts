import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { AwaitSettlementInput, acceptOutcome, SettlementOutcome, SettlementView } from "./domain/payment-settlement.ts";

const OUTCOME = "outcome";
const WAITER = "waiter";

const wake = (ctx: ObjectContext, awakeableId: string, outcome: SettlementOutcome) => ctx.resolveAwakeable(awakeableId, outcome);

/**
 * The meeting point of an order waiting for an asynchronous payment and the webhook that settles
 * it, keyed by orderId. The order cannot be called while it waits (its key is held), so the
 * webhook lands here; both handlers are exclusive, so "webhook first" and "waiter first" are
 * ordered by this object, never by timing.
 */
export const PaymentSettlement = restate.object({
  name: "PaymentSettlement",
  description: "The outcome of an asynchronous payment, or the order waiting for it.",
  metadata: { key: "{orderId}" },
  handlers: {
    awaitOutcome: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AwaitSettlementInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: AwaitSettlementInput) => {
        const outcome = await ctx.get<SettlementOutcome>(OUTCOME);
        if (outcome && outcome.paymentIntentId === input.paymentIntentId) {
          wake(ctx, input.awakeableId, outcome);
          return;
        }
        ctx.set(WAITER, input);
      },
    ),
    settle: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(SettlementOutcome),
        output: restate.serde.schema(z.object({ applied: z.boolean() })),
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, incoming: SettlementOutcome) => {
        const waiter = await ctx.get<AwaitSettlementInput>(WAITER);
        const current = await ctx.get<SettlementOutcome>(OUTCOME);
        if (!acceptOutcome(current, incoming, waiter?.paymentIntentId ?? null)) return { applied: false };
        ctx.set(OUTCOME, incoming);
        if (waiter) {
          wake(ctx, waiter.awakeableId, incoming);
          ctx.clear(WAITER);
        }
        return { applied: true };
      },
    ),
    /** The order stopped waiting (timeout, cancellation): nobody is left to wake. */
    abandon: restate.handlers.object.exclusive(
      { input: restate.serde.empty, output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext) => {
        ctx.clear(WAITER);
      },
    ),
    get: restate.handlers.object.shared(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(SettlementView),
        description: "Whether this order waits for an asynchronous payment, and how it settled.",
      },
      async (ctx: ObjectSharedContext) => ({
        outcome: await ctx.get<SettlementOutcome>(OUTCOME),
        waiting: (await ctx.get<AwaitSettlementInput>(WAITER)) !== null,
      }),
    ),
  },
});
