import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { Product } from "../catalog/product-object.ts";
import { BackInStockNotice } from "./back-in-stock-notice.ts";
import { Wisher } from "./domain/back-in-stock.ts";

const WISHERS = "wishers";
/** A restock of the SKU (its invocation id): each customer hears once per restock. */
const Restocked = z.strictObject({ restockId: z.string() });

/**
 * Who saved a SKU (keyed by SKU): InventoryItem tells it, one way, when the SKU is back in stock,
 * and it hands each wisher's email to a BackInStockNotice, one way, which sends it once.
 */
export const Wishers = restate.object({
  name: "Wishers",
  metadata: { key: "{sku}" },
  description: "The customers who saved a SKU, told when it is back in stock.",
  handlers: {
    add: restate.handlers.object.exclusive(
      { input: restate.serde.schema(Wisher), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, wisher: Wisher) => {
        const all = (await ctx.get<Record<string, Wisher>>(WISHERS)) ?? {};
        ctx.set(WISHERS, { ...all, [wisher.customerId]: wisher });
      },
    ),
    remove: restate.handlers.object.exclusive(
      { input: restate.serde.schema(z.strictObject({ customerId: z.string() })), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, { customerId }: { customerId: string }) => {
        const { [customerId]: _gone, ...rest } = (await ctx.get<Record<string, Wisher>>(WISHERS)) ?? {};
        ctx.set(WISHERS, rest);
      },
    ),
    backInStock: restate.handlers.object.exclusive(
      { input: restate.serde.schema(Restocked), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, { restockId }: z.infer<typeof Restocked>) => {
        const wishers = Object.values((await ctx.get<Record<string, Wisher>>(WISHERS)) ?? {});
        if (wishers.length === 0) return;
        // The email names the product as the catalog has it now.
        const { name, slug } = await ctx.objectClient(Product, ctx.key).get();
        // One notice object per customer and SKU: the emails go out side by side, each once per restock.
        for (const wisher of wishers) {
          ctx.objectSendClient(BackInStockNotice, `${ctx.key}~${wisher.customerId}`).send({ restockId, name, slug, sku: ctx.key, wisher });
        }
      },
    ),
  },
});
