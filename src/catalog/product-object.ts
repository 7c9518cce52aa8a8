import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, TerminalError } from "@restatedev/restate-sdk";
import { checkKey } from "../platform/domain/quantity.ts";
import { decide } from "../platform/restate/decide.ts";
import { project } from "../platform/restate/project.ts";
import { checkCompareAtPrice, productIdFrom } from "./domain/catalog.ts";
import {
  NewProductInput,
  newProduct,
  ProductChange,
  type ProductState,
  ProductView,
  patchProduct,
  productView,
  requireProduct,
  UpsertProductInput,
  upsertProduct,
} from "./domain/product.ts";
import { claimSlug, indexProduct, releaseSlug, requireCategory } from "./product-identity.ts";
import { productRow, productsTable } from "./product-row.ts";

/** The state key of the catalog data (the migration from InventoryItem writes it too: scripts/lib/migrate-products.ts). */
export const PRODUCT = "product";

const view = restate.serde.schema(ProductView);

/**
 * A catalog change is saved, its index entry and old slug seen to, and projected at once: edits are
 * rare and shoppers search for them.
 */
async function save(ctx: ObjectContext, before: ProductState | null, next: ProductState): Promise<ProductView> {
  ctx.set(PRODUCT, next);
  if (next.productId && next.productId !== before?.productId) await indexProduct(ctx, next.productId);
  releaseSlug(ctx, before?.slug, next.slug!);
  await project(ctx, productsTable, productRow(next));
  return productView(next);
}

async function load(ctx: ObjectSharedContext): Promise<ProductState> {
  const state = await ctx.get<ProductState>(PRODUCT);
  return decide(() => requireProduct(state, ctx.key));
}

/**
 * The catalog data of one SKU: what shoppers see and what an order is priced from. Its stock is
 * InventoryItem/{sku}'s; the checkout asks both side by side. Written by the item's upsert and by
 * CatalogAdmin, read by anyone.
 */
export const Product = restate.object({
  name: "Product",
  metadata: { key: "{sku}" },
  description: "One product's catalog data: name, price, status, slug, category, description and images.",
  handlers: {
    upsert: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(UpsertProductInput),
        output: view,
        description: "Create or replace the catalog data (InventoryItem/{sku}/upsert hands it over).",
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, input: UpsertProductInput) => {
        decide(() => checkKey("sku", ctx.key));
        const before = await ctx.get<ProductState>(PRODUCT);
        decide(() => checkCompareAtPrice(input.price, input.compareAtPrice ?? before?.compareAtPrice));
        await requireCategory(ctx, input.category);
        const productId = before?.productId ?? productIdFrom(ctx.rand.uuidv4());
        const slug = await claimSlug(ctx, before, input.slug, input.name);
        const now = before?.createdAt ?? (await ctx.date.now());
        const next = decide(() => upsertProduct(before, ctx.key, input, { productId, slug, now }));
        return save(ctx, before, next);
      },
    ),

    create: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(NewProductInput),
        output: view,
        description: "An admin's new product (CatalogAdmin); 409 if the SKU exists.",
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, input: NewProductInput) => {
        decide(() => checkKey("sku", ctx.key));
        if ((await ctx.get<ProductState>(PRODUCT)) !== null) throw new TerminalError(`sku: ${ctx.key} already exists`, { errorCode: 409 });
        decide(() => checkCompareAtPrice(input.price, input.compareAtPrice));
        await requireCategory(ctx, input.category);
        const productId = productIdFrom(ctx.rand.uuidv4());
        const slug = await claimSlug(ctx, null, input.slug, input.name);
        return save(ctx, null, newProduct(ctx.key, input, { productId, slug, now: await ctx.date.now() }));
      },
    ),

    update: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(ProductChange),
        output: view,
        description: "An admin's change of the catalog data (CatalogAdmin).",
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, change: ProductChange) => {
        const before = await load(ctx);
        const dryRun = decide(() => patchProduct(before, change, before.slug ?? ""));
        await requireCategory(ctx, change.category);
        const slug = await claimSlug(ctx, before, change.slug, dryRun.name);
        const productId = before.productId ?? productIdFrom(ctx.rand.uuidv4());
        const next = { ...patchProduct(before, change, slug), productId, createdAt: before.createdAt ?? (await ctx.date.now()) };
        return save(ctx, before, next);
      },
    ),

    get: restate.handlers.object.shared(
      { input: restate.serde.empty, output: view, description: "The catalog data of this SKU; 404 if it was never configured." },
      async (ctx: ObjectSharedContext) => productView(await load(ctx)),
    ),
  },
});
