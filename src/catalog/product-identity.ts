import type { ObjectContext } from "@restatedev/restate-sdk";
import { TerminalError } from "@restatedev/restate-sdk";
import { ProductIndex, SlugClaim } from "./catalog-keys.ts";
import { CATEGORY_TREE_KEY, CategoryTree } from "./category-tree.ts";
import { slugify } from "./domain/catalog.ts";
import type { ProductState } from "./domain/product.ts";

/**
 * The slug a product ends up with. An explicit slug must be free (or already the product's): 409 when
 * another product holds it. Without one, a product keeps the slug it has (links stay valid when a
 * name changes); a new product takes its name's slug, or — when that is taken — its name and SKU's.
 */
export async function claimSlug(
  ctx: ObjectContext,
  before: ProductState | null,
  wanted: string | undefined,
  name: string,
): Promise<string> {
  const sku = ctx.key;
  if (wanted !== undefined) {
    if (before?.slug === wanted) return wanted;
    if ((await ctx.objectClient(SlugClaim, wanted).claim({ sku })).sku !== sku) {
      throw new TerminalError(`slug: ${wanted} belongs to another product`, { errorCode: 409 });
    }
    return wanted;
  }
  if (before?.slug) return before.slug;
  for (const candidate of [slugify(name), slugify(`${name}-${sku}`)]) {
    if ((await ctx.objectClient(SlugClaim, candidate).claim({ sku })).sku === sku) return candidate;
  }
  throw new TerminalError(`slug: neither ${slugify(name)} nor ${slugify(`${name}-${sku}`)} is free; give a slug`, { errorCode: 409 });
}

/** The slug the product gave up goes back to the pool (one way: the claim object only answers to its owner). */
export function releaseSlug(ctx: ObjectContext, previous: string | undefined, current: string): void {
  if (previous && previous !== current) ctx.objectSendClient(SlugClaim, previous).release({ sku: ctx.key });
}

/** A product names an existing category, or the change is refused naming the field. */
export async function requireCategory(ctx: ObjectContext, category: string | null | undefined): Promise<void> {
  if (category === null || category === undefined) return;
  const { exists } = await ctx.objectClient(CategoryTree, CATEGORY_TREE_KEY).exists({ slug: category });
  if (!exists) throw new TerminalError(`category: there is no category ${category}`, { errorCode: 400 });
}

/** A new product's id is found again through the index, at once, without waiting for PostgreSQL. */
export async function indexProduct(ctx: ObjectContext, productId: string): Promise<void> {
  await ctx.objectClient(ProductIndex, productId).set({ sku: ctx.key });
}
