import { z } from "zod";
import { conflict } from "../../platform/domain/domain-errors.ts";
import { identifier } from "../../platform/domain/quantity.ts";

/** A customer's saved products: SKUs with when each was saved, newest first, at most MAX_WISHLIST. */
export const MAX_WISHLIST = 100;

export const WishlistEntry = z.object({ sku: z.string(), addedAt: z.number().int() });
export type WishlistEntry = z.infer<typeof WishlistEntry>;

export const WishlistSkuInput = z.strictObject({ sku: identifier("sku") });
export type WishlistSkuInput = z.infer<typeof WishlistSkuInput>;

/** A saved product as the customer sees it: what it is and whether it can be bought now. */
export const WishlistItem = z.object({
  sku: z.string(),
  addedAt: z.number().int().describe("epoch ms"),
  name: z.string(),
  slug: z.string().nullable(),
  price: z.number().int().describe("minor units"),
  currency: z.string(),
  images: z.array(z.string()),
  status: z.string().describe("draft, active or archived: only active products can be ordered"),
  available: z.number().int(),
});
export const WishlistView = z.object({ items: z.array(WishlistItem) });
export type WishlistView = z.infer<typeof WishlistView>;

/** Saving a saved product again changes nothing (its first date stays). */
export function saveProduct(list: WishlistEntry[], sku: string, now: number): WishlistEntry[] {
  if (list.some((e) => e.sku === sku)) return list;
  if (list.length >= MAX_WISHLIST) throw conflict(`the wishlist holds at most ${MAX_WISHLIST} products; remove one first`);
  return [{ sku, addedAt: now }, ...list];
}

export const removeProduct = (list: WishlistEntry[], sku: string) => list.filter((e) => e.sku !== sku);
