import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { identifier } from "../platform/domain/quantity.ts";

const LOW = "low";
/** One watch per shop: items enter and leave it only when they cross their threshold, which is rare. */
export const STOCK_WATCH_KEY = "shop";

const MarkInput = z.strictObject({ sku: identifier("sku"), low: z.boolean() });

/**
 * The SKUs at or below their low-stock threshold now: the answer to "which items" that keyed state
 * alone cannot give, kept up to date by the items themselves (a one-way send when they cross).
 */
export const StockWatch = restate.object({
  name: "StockWatch",
  metadata: { key: "shop" },
  description: "Which SKUs are at or below their low-stock threshold.",
  handlers: {
    mark: restate.handlers.object.exclusive(
      { input: restate.serde.schema(MarkInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof MarkInput>) => {
        const low = new Set((await ctx.get<string[]>(LOW)) ?? []);
        if (input.low === low.has(input.sku)) return;
        if (input.low) low.add(input.sku);
        else low.delete(input.sku);
        ctx.set(LOW, [...low].sort());
      },
    ),
    list: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(z.array(z.string())), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => (await ctx.get<string[]>(LOW)) ?? [],
    ),
  },
});

export function watchStock(ctx: ObjectContext, sku: string, low: boolean): void {
  ctx.objectSendClient(StockWatch, STOCK_WATCH_KEY).mark({ sku, low });
}
