import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type { z } from "zod";
import { decide } from "../platform/restate/decide.ts";
import {
  AllocatedNumber,
  AllocateNumberInput,
  BLOCK_SIZE,
  checkShardKey,
  formatOrderNumber,
  type NumberBlock,
  type RecentAllocation,
  rememberAllocation,
  takeFrom,
  yearOf,
} from "./domain/order-numbers.ts";
import { OrderNumberSequence } from "./order-number-sequence.ts";
import { OrderNumbers } from "./order-numbers-object.ts";

const BLOCK = "block";
const RECENT = "recent";

/**
 * One of NUMBER_SHARDS allocators, `OrderNumberAllocator/7`: hands out the next number of its block
 * of the year, taking a new block from the year's sequence when it runs out or the year turns. A
 * checkout reaches the allocator of its cart (numberShardOf), so checkouts of different carts rarely
 * queue on one key. It records each number's order with a one-way send and answers.
 */
export const OrderNumberAllocator = restate.object({
  name: "OrderNumberAllocator",
  metadata: { key: "{0…15}, a shard" },
  description: "Hands out order numbers (ORD-<year>-<n>) from blocks of the year's sequence; keyed by shard.",
  handlers: {
    allocate: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AllocateNumberInput), output: restate.serde.schema(AllocatedNumber), ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof AllocateNumberInput>) => {
        decide(() => checkShardKey(ctx.key));
        const recent = (await ctx.get<RecentAllocation[]>(RECENT)) ?? [];
        // Cart.checkout's call runs once; asked again for the same order, the answer is the same number.
        const again = recent.find((r) => r.orderId === input.orderId);
        if (again) return { orderNumber: again.orderNumber, at: again.at };
        const at = await ctx.date.now();
        const year = yearOf(at);
        let taken = takeFrom(await ctx.get<NumberBlock>(BLOCK), year);
        if (!taken) {
          const { first, last } = await ctx.objectClient(OrderNumberSequence, String(year)).takeBlock({ size: BLOCK_SIZE });
          taken = takeFrom({ year, next: first, last }, year)!;
        }
        ctx.set(BLOCK, taken.rest);
        const orderNumber = formatOrderNumber(year, taken.n);
        ctx.set(RECENT, rememberAllocation(recent, { orderId: input.orderId, orderNumber, at }));
        ctx.objectSendClient(OrderNumbers, orderNumber).assign({ orderId: input.orderId });
        return { orderNumber, at };
      },
    ),
  },
});
