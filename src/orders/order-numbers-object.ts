import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type { z } from "zod";
import { conflict, notFound } from "../platform/domain/domain-errors.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import { AssignNumberInput, checkNumberKey, ResolvedNumber } from "./domain/order-numbers.ts";

const ORDER = "orderId";

/**
 * The number → order map, `OrderNumbers/ORD-2026-000123`: which order a number names, for `resolve`.
 * Numbers are handed out by OrderNumberAllocator, which records each here with a one-way send.
 */
export const OrderNumbers = restate.object({
  name: "OrderNumbers",
  metadata: { key: "{ORD-…}" },
  description: "Which order an order number (the key, ORD-<year>-<n>) names.",
  handlers: {
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
