import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type { z } from "zod";
import { decide } from "../platform/restate/decide.ts";
import { checkYearKey, TakeBlockInput, TakenBlock } from "./domain/order-numbers.ts";

/** The last number of the year handed out in a block. */
export const LAST = "last";

/**
 * A year's sequence, `OrderNumberSequence/2026`: hands out blocks of consecutive numbers to the
 * allocators, never the same number twice. Only an allocator whose block ran out calls here, so the
 * year's key is on one checkout's path in BLOCK_SIZE, not on every one.
 */
export const OrderNumberSequence = restate.object({
  name: "OrderNumberSequence",
  metadata: { key: "{year}" },
  description: "A year's order numbers (the key: the year), handed out in blocks to the number allocators.",
  handlers: {
    takeBlock: restate.handlers.object.exclusive(
      { input: restate.serde.schema(TakeBlockInput), output: restate.serde.schema(TakenBlock), ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof TakeBlockInput>) => {
        decide(() => checkYearKey(ctx.key));
        const first = ((await ctx.get<number>(LAST)) ?? 0) + 1;
        const last = first + input.size - 1;
        ctx.set(LAST, last);
        return { first, last };
      },
    ),
  },
});
