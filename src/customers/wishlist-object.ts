import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { Product } from "../catalog/product-object.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { Wishers } from "../inventory/wishers.ts";
import { notFound } from "../platform/domain/domain-errors.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import type { Runtime } from "../providers/runtime.ts";
import { Customer } from "./customer-object.ts";
import { removeProduct, saveProduct, type WishlistEntry, WishlistSkuInput, WishlistView } from "./domain/wishlist.ts";

const ITEMS = "items";

/** The saved products with what they are now, read side by side (a product gone since reads as missing). */
async function view(ctx: ObjectContext | ObjectSharedContext): Promise<WishlistView> {
  const entries = (await ctx.get<WishlistEntry[]>(ITEMS)) ?? [];
  const [products, stock] = await RestatePromise.all([
    RestatePromise.allSettled(entries.map((e) => ctx.objectClient(Product, e.sku).get())),
    RestatePromise.allSettled(entries.map((e) => ctx.objectClient(InventoryItem, e.sku).get())),
  ]);
  const items = entries.flatMap((entry, i) => {
    const outcome = products[i]!;
    if (outcome.status === "rejected") return [];
    const p = outcome.value;
    const units = stock[i]!;
    return [
      {
        sku: entry.sku,
        addedAt: entry.addedAt,
        name: p.name,
        slug: p.slug,
        price: p.price,
        currency: p.currency,
        images: p.images,
        status: p.status,
        available: units.status === "fulfilled" ? units.value.available : 0,
      },
    ];
  });
  return { items };
}

/**
 * A customer's wishlist (keyed by customer id). Saving a product also puts the customer on that SKU's
 * list of wishers, so its return to stock reaches them: one email per customer per restock.
 */
export const wishlistObject = (rt: Runtime) =>
  restate.object({
    name: "Wishlist",
    metadata: { key: "{cus_…}" },
    description: "A customer's saved products; tells them once per restock when one is back in stock.",
    handlers: {
      add: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(WishlistSkuInput),
          output: restate.serde.schema(WishlistView),
          description: "Save a product; saving it again changes nothing. 404 for an unknown SKU.",
        },
        async (ctx: ObjectContext, { sku }: WishlistSkuInput) => {
          const [product, customer] = await RestatePromise.all([
            ctx
              .objectClient(Product, sku)
              .get()
              .map((value, failure) => {
                if (failure instanceof TerminalError && failure.code === 404) reject(notFound(`unknown sku ${sku}`));
                if (failure) throw failure;
                return value!;
              }),
            ctx.objectClient(Customer, ctx.key).get(),
          ]);
          const now = await ctx.date.now();
          const list = (await ctx.get<WishlistEntry[]>(ITEMS)) ?? [];
          ctx.set(
            ITEMS,
            decide(() => saveProduct(list, product.sku, now)),
          );
          ctx.objectSendClient(Wishers, sku).add({ customerId: ctx.key, email: customer.email, name: customer.name });
          return view(ctx);
        },
      ),
      remove: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(WishlistSkuInput),
          output: restate.serde.schema(WishlistView),
          description: "Forget a saved product (and stop telling the customer about it).",
        },
        async (ctx: ObjectContext, { sku }: WishlistSkuInput) => {
          ctx.set(ITEMS, removeProduct((await ctx.get<WishlistEntry[]>(ITEMS)) ?? [], sku));
          ctx.objectSendClient(Wishers, sku).remove({ customerId: ctx.key });
          return view(ctx);
        },
      ),
      get: restate.handlers.object.shared(
        {
          ...apiOnly(rt),
          input: restate.serde.empty,
          output: restate.serde.schema(WishlistView),
          description: "The saved products, newest first, as they are now.",
        },
        async (ctx: ObjectSharedContext) => view(ctx),
      ),
    },
  });

/** The typed handle other handlers call Wishlist by (its name); the endpoint binds {@link wishlistObject} with its runtime. */
export type Wishlist = ReturnType<typeof wishlistObject>;
export const Wishlist: Wishlist = { name: "Wishlist" };
