import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";

const WAITER = "waiter";
const NUDGED = "nudged";

/**
 * Where an order waiting for a label the carrier queued meets the carrier's news of it, keyed by
 * order id. The order cannot be called while it waits (its key is held), so the provider's
 * transaction webhook lands here and wakes it; the order then looks the label up itself. News that
 * comes before the order waits is kept for it. Both handlers are exclusive, so "news first" and
 * "waiter first" are ordered by this object, never by timing.
 */
export const LabelWatch = restate.object({
  name: "LabelWatch",
  description: "Where an order waiting for a label the carrier queued meets the carrier's news of it.",
  metadata: { key: "{orderId}" },
  handlers: {
    watch: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(z.strictObject({ awakeableId: z.string().min(1) })),
        output: restate.serde.empty,
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, input: { awakeableId: string }) => {
        if (await ctx.get<boolean>(NUDGED)) {
          ctx.clear(NUDGED);
          ctx.resolveAwakeable(input.awakeableId);
          return;
        }
        ctx.set(WAITER, input.awakeableId);
      },
    ),
    nudge: restate.handlers.object.exclusive(
      { input: restate.serde.empty, output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext) => {
        const waiter = await ctx.get<string>(WAITER);
        if (!waiter) {
          ctx.set(NUDGED, true);
          return;
        }
        ctx.clear(WAITER);
        ctx.resolveAwakeable(waiter);
      },
    ),
  },
});
