import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise } from "@restatedev/restate-sdk";
import type { z } from "zod";
import { Product } from "../catalog/product-object.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";
import { ReplenishmentSettings, ReplenishmentView, recordSale, SaleInput, unitsSold } from "./domain/replenishment.ts";
import { InventoryItem } from "./inventory-item.ts";

/** The state keys (the migration from InventoryItem writes them too: scripts/lib/migrate-products.ts). */
export const SETTINGS = "settings";
export const SALES = "sales";
type Sales = Record<string, number>;

/**
 * The replenishment side of one SKU: who supplies it, how much to reorder, and its sales of the last
 * days (told one way by the item's commits). Kept per SKU, not on the shop-wide Replenishment key:
 * every sale of a watched SKU writes here, and a shop-wide key would make all of them queue on one
 * object; the scan reads only the SKUs the stock watch lists as low.
 */
export const skuReplenishmentObject = (rt: Runtime) =>
  restate.object({
    name: "SkuReplenishment",
    metadata: { key: "{sku}" },
    description: "Who supplies one SKU and how much to reorder, and its recent sales (what the low-stock scan suggests from).",
    handlers: {
      set: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ReplenishmentSettings),
          output: restate.serde.schema(ReplenishmentSettings),
          description: "Who supplies this SKU and how much to order: a fixed reorder quantity, or days of cover from recent sales.",
        },
        async (ctx: ObjectContext, input: ReplenishmentSettings) => {
          // Only a SKU with stock is replenished: an unknown one is the caller's mistake (404).
          await ctx.objectClient(InventoryItem, ctx.key).get();
          ctx.set(SETTINGS, input);
          return input;
        },
      ),

      recordSale: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(SaleInput),
          output: restate.serde.empty,
          description: "Units of this SKU were sold (InventoryItem's commit, one way).",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, { units }: z.infer<typeof SaleInput>) => {
          ctx.set(SALES, recordSale((await ctx.get<Sales>(SALES)) ?? {}, await ctx.date.now(), units));
        },
      ),

      view: restate.handlers.object.shared(
        { input: restate.serde.empty, output: restate.serde.schema(ReplenishmentView), ingressPrivate: true },
        async (ctx: ObjectSharedContext): Promise<ReplenishmentView> => {
          const [product, stock] = await RestatePromise.all([
            ctx.objectClient(Product, ctx.key).get(),
            ctx.objectClient(InventoryItem, ctx.key).get(),
          ]);
          return {
            sku: ctx.key,
            name: product.name,
            available: stock.available,
            backordered: stock.backordered,
            threshold: stock.lowStockThreshold,
            settings: await ctx.get<ReplenishmentSettings>(SETTINGS),
            soldInWindow: unitsSold((await ctx.get<Sales>(SALES)) ?? {}, await ctx.date.now()),
          };
        },
      ),
    },
  });

/** The typed handle other handlers call SkuReplenishment by (its name); the endpoint binds {@link skuReplenishmentObject} with its runtime. */
export type SkuReplenishment = ReturnType<typeof skuReplenishmentObject>;
export const SkuReplenishment: SkuReplenishment = { name: "SkuReplenishment" };
