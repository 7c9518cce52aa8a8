import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, TerminalError } from "@restatedev/restate-sdk";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";
import { OpenReviewInput, ReviewDecision, ReviewView } from "./domain/risk.ts";
import type { OrderSettings } from "./order-settings.ts";

const WAITER = "waiter";
const DECISION = "decision";

type Decided = ReviewDecision & { at: number };

const decided = restate.serde.schema(ReviewDecision.extend({ at: ReviewView.shape.decision.unwrap().shape.at }));

/**
 * Where an order waiting in risk review meets the admin's decision, keyed by orderId. The waiting
 * checkout holds its order's key, so the decision lands here (like PaymentSettlement's webhooks) and
 * wakes it. Exclusive handlers order everything: one decision wins, a second is refused (409), and a
 * review that timed out is closed here too, so an admin's late approval cannot race the expiry.
 */
export const riskReviewObject = (rt: Runtime<OrderSettings>) =>
  restate.object({
    name: "RiskReview",
    description: "The admin's decision on an order held in risk review, or the order waiting for it.",
    metadata: { key: "{orderId}" },
    handlers: {
      /** The checkout starts waiting; sent by the order only. */
      open: restate.handlers.object.exclusive(
        { input: restate.serde.schema(OpenReviewInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: OpenReviewInput) => {
          ctx.set(WAITER, input.awakeableId);
        },
      ),
      decide: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ReviewDecision),
          output: decided,
          description: "An admin approves or rejects the order waiting in review; 409 when it waits for none or was decided already.",
        },
        async (ctx: ObjectContext, input: ReviewDecision): Promise<Decided> => {
          const previous = await ctx.get<Decided>(DECISION);
          if (previous) {
            throw new TerminalError(
              `order ${ctx.key} was already ${previous.approve ? "approved" : "rejected"} by ${previous.by === "system" ? "the review timeout" : "an admin"}`,
              { errorCode: 409 },
            );
          }
          const waiter = await ctx.get<string>(WAITER);
          if (!waiter) throw new TerminalError(`order ${ctx.key} is not waiting for a risk review`, { errorCode: 409 });
          const decision: Decided = { ...input, at: await ctx.date.now() };
          ctx.set(DECISION, decision);
          ctx.clear(WAITER);
          ctx.resolveAwakeable(waiter, decision);
          return decision;
        },
      ),
      /**
       * The order's wait ran out (or it was cancelled): the decision made in the meantime stands, otherwise
       * the given one (a rejection by `system`) is recorded. Called by the order only.
       */
      close: restate.handlers.object.exclusive(
        { input: restate.serde.schema(ReviewDecision), output: decided, ingressPrivate: true },
        async (ctx: ObjectContext, fallback: ReviewDecision): Promise<Decided> => {
          const previous = await ctx.get<Decided>(DECISION);
          ctx.clear(WAITER);
          if (previous) return previous;
          const decision: Decided = { ...fallback, at: await ctx.date.now() };
          ctx.set(DECISION, decision);
          return decision;
        },
      ),
      get: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(ReviewView),
          description: "Whether this order waits for a risk review, and its decision.",
        },
        async (ctx: ObjectSharedContext) => ({
          waiting: (await ctx.get<string>(WAITER)) !== null,
          decision: await ctx.get<Decided>(DECISION),
        }),
      ),
    },
  });

/** The typed handle other handlers call RiskReview by (its name); the endpoint binds {@link riskReviewObject} with its runtime. */
export type RiskReview = ReturnType<typeof riskReviewObject>;
export const RiskReview: RiskReview = { name: "RiskReview" };
