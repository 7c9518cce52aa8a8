import * as restate from "@restatedev/restate-sdk";
import { type Context, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { SlugClaim } from "../catalog/catalog-keys.ts";
import { ProductSummary } from "../catalog/catalog-search.ts";
import { CATEGORY_TREE_KEY, CategoryTree } from "../catalog/category-tree.ts";
import { Category, Slug } from "../catalog/domain/catalog.ts";
import type { RatingSummary } from "../catalog/domain/rating.ts";
import { Product } from "../catalog/product-object.ts";
import { type ItemView, itemView } from "../inventory/domain/inventory.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { ProductReviews } from "../reviews/product-reviews.ts";

const ProductBySlug = z.strictObject({ slug: Slug("slug") });
const CategoryList = z.object({ categories: z.array(Category).describe("parents before their children, then by name") });

/** What a shopper sees of an item: its catalog data and whether it can be bought now. */
export function summary(item: ItemView, rating: RatingSummary): ProductSummary {
  return {
    productId: item.productId ?? "",
    sku: item.sku,
    slug: item.slug ?? "",
    name: item.name,
    description: item.description,
    category: item.category,
    images: item.images,
    price: item.price,
    compareAtPrice: item.compareAtPrice,
    currency: item.currency,
    available: item.available,
    inStock: item.available > 0 || item.allowBackorder,
    status: item.status,
    createdAt: item.createdAt ?? 0,
    rating,
  };
}

/**
 * The shop's public catalog as Restate holds it: a product by its slug (there the moment it is
 * created; a draft never shows) and the category tree. Searching and the product pages are the HTTP
 * API's own reads of the PostgreSQL projection; these answer where the API needs Restate's word (a
 * review names its product by slug), and operators.
 */
export const Catalog = restate.service({
  name: "Catalog",
  description: "The public catalog in Restate: products by slug, categories. Only active products.",
  handlers: {
    product: restate.handlers.handler(
      {
        input: restate.serde.schema(ProductBySlug),
        output: restate.serde.schema(ProductSummary),
        description: "One active product by its slug; 404 for an unknown slug or a product not for sale.",
      },
      async (ctx: Context, input: z.infer<typeof ProductBySlug>) => {
        const notFound = () => new TerminalError(`slug: no product ${input.slug}`, { errorCode: 404 });
        const owner = await ctx
          .objectClient(SlugClaim, input.slug)
          .get()
          .catch((error: unknown) => {
            throw error instanceof TerminalError && error.code === 404 ? notFound() : error;
          });
        // The stock and the rating read beside the product: no extra wait.
        const [product, stock, reviews] = await RestatePromise.all([
          ctx.objectClient(Product, owner.sku).get(),
          ctx.objectClient(InventoryItem, owner.sku).get(),
          ctx.objectClient(ProductReviews, owner.sku).list(),
        ]);
        if (product.status !== "active" || product.slug !== input.slug) throw notFound();
        return summary(itemView(product, stock), reviews.summary);
      },
    ),

    categories: restate.handlers.handler(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(CategoryList),
        description: "The category tree: each with its parent (null at the top).",
      },
      async (ctx: Context) => ctx.objectClient(CategoryTree, CATEGORY_TREE_KEY).list(),
    ),
  },
});
