import * as restate from "@restatedev/restate-sdk";
import { type Context, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { Category, Slug } from "../domain/catalog.ts";
import type { InventoryView } from "../domain/inventory.ts";
import { SlugClaim } from "../objects/catalog-keys.ts";
import { CATEGORY_TREE_KEY, CategoryTree } from "../objects/category-tree.ts";
import { InventoryItem } from "../objects/inventory-item.ts";
import { CatalogSearchInput, ProductPage, ProductSummary, searchProducts } from "../query/catalog-search.ts";
import { queryStep } from "./query-step.ts";

const ProductBySlug = z.strictObject({ slug: Slug("slug") });
const CategoryList = z.object({ categories: z.array(Category).describe("parents before their children, then by name") });

/** What a shopper sees of an item: its catalog data and whether it can be bought now. */
export function summary(item: InventoryView): ProductSummary {
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
  };
}

/**
 * The shop's public catalog. Search reads the PostgreSQL projection (ranked full-text search,
 * filters, paging); a product page and the category tree come from Restate itself, so a product is
 * there the moment it is created, and a draft never shows.
 */
export const Catalog = restate.service({
  name: "Catalog",
  description: "The public catalog: search, product pages by slug, categories. Only active products.",
  handlers: {
    search: restate.handlers.handler(
      {
        input: restate.serde.schema(CatalogSearchInput),
        output: restate.serde.schema(ProductPage),
        description:
          "Full-text search (ranked; the last word may be a prefix), filters by category and below, price range, in stock; sorted by relevance, price or newest; paged with the total.",
      },
      async (ctx: Context, input: CatalogSearchInput) => queryStep(ctx, "search products", (pool) => searchProducts(pool, input, true)),
    ),

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
        const item = await ctx.objectClient(InventoryItem, owner.sku).get();
        if (item.status !== "active" || item.slug !== input.slug) throw notFound();
        return summary(item);
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
