import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type { z } from "zod";
import { conflict, notFound } from "../domain/errors.ts";
import {
  AllocatedNumber,
  AllocateNumberInput,
  AssignNumberInput,
  checkNumberKey,
  checkYearKey,
  formatOrderNumber,
  type RecentAllocation,
  ResolvedNumber,
  rememberAllocation,
} from "../domain/order-numbers.ts";
import { decide, reject } from "../restate/errors.ts";

const LAST = "last";
const RECENT = "recent";
const ORDER = "orderId";

/**
 * Order numbers, `ORD-<year>-<n>`, with two kinds of key:
 * - `OrderNumbers/2026`, the year: one writer hands out n, n+1, … Every checkout of the year queues
 *   here, so its state is two small values and an allocation touches nothing else: it records the
 *   number's order with a one-way send and answers.
 * - `OrderNumbers/ORD-2026-000123`, one number: the order it names, for `resolve`.
 * A number is never handed out twice nor passed over; a failed order keeps its number.
 */
export const OrderNumbers = restate.object({
  name: "OrderNumbers",
  description: "Sequential order numbers per year (ORD-<year>-<n>); keyed by year to allocate, by number to resolve.",
  handlers: {
    allocate: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AllocateNumberInput), output: restate.serde.schema(AllocatedNumber), ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof AllocateNumberInput>) => {
        const year = decide(() => checkYearKey(ctx.key));
        const recent = (await ctx.get<RecentAllocation[]>(RECENT)) ?? [];
        // Cart.checkout's call runs once; asked again for the same order, the answer is the same number.
        const again = recent.find((r) => r.orderId === input.orderId);
        if (again) return { orderNumber: formatOrderNumber(year, again.n) };
        const n = ((await ctx.get<number>(LAST)) ?? 0) + 1;
        ctx.set(LAST, n);
        ctx.set(RECENT, rememberAllocation(recent, { orderId: input.orderId, n }));
        const orderNumber = formatOrderNumber(year, n);
        ctx.objectSendClient(OrderNumbers, orderNumber).assign({ orderId: input.orderId });
        return { orderNumber };
      },
    ),

    assign: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AssignNumberInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof AssignNumberInput>) => {
        decide(() => checkNumberKey(ctx.key));
        const assigned = await ctx.get<string>(ORDER);
        if (assigned !== null && assigned !== input.orderId) reject(conflict(`${ctx.key} already names order ${assigned}`));
        ctx.set(ORDER, input.orderId);
      },
    ),

    resolve: restate.handlers.object.shared(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(ResolvedNumber),
        description: "The order this number (the key) names; 404 for a number never handed out.",
      },
      async (ctx: ObjectSharedContext) => {
        decide(() => checkNumberKey(ctx.key));
        const orderId = await ctx.get<string>(ORDER);
        if (orderId === null) reject(notFound(`order ${ctx.key} not found`));
        return { orderNumber: ctx.key, orderId };
      },
    ),
  },
});
