import * as restate from "@restatedev/restate-sdk";
import { type Context, RestatePromise } from "@restatedev/restate-sdk";
import { z } from "zod";
import { ProductIndex } from "../catalog/catalog-keys.ts";
import { CATEGORY_TREE_KEY, CategoryTree } from "../catalog/category-tree.ts";
import { Category, CreateCategoryInput, CreateProductInput, UpdateCategoryInput, UpdateProductInput } from "../catalog/domain/catalog.ts";
import { Product } from "../catalog/product-object.ts";
import { ItemView, itemView } from "../inventory/domain/inventory.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";

const ProductRef = z.strictObject({ productId: UpdateProductInput.shape.productId });
const product = restate.serde.schema(ItemView);
const category = restate.serde.schema(Category);

/**
 * The catalog's admin side: products (any status) and categories. A product is its catalog data
 * (Product/{sku}) and its stock settings (InventoryItem/{sku}), written here in that order. Products are found by id through
 * ProductIndex, in Restate, so a change right after a create never misses (PostgreSQL may lag).
 */
export const catalogAdminService = (rt: Runtime) =>
  restate.service({
    name: "CatalogAdmin",
    description: "Admin handlers for products and categories (trusted clients: the HTTP API's admin routes, operators).",
    handlers: {
      createProduct: restate.handlers.handler(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(CreateProductInput),
          output: product,
          description: "A new product (a draft unless status says otherwise); 409 if the SKU or the slug is taken.",
        },
        async (ctx: Context, { sku, lowStockThreshold, allowBackorder, ...catalog }: CreateProductInput) => {
          // The catalog first: a refusal there (a taken SKU or slug) leaves no stock behind.
          const created = await ctx.objectClient(Product, sku).create(catalog);
          return itemView(created, await ctx.objectClient(InventoryItem, sku).configure({ lowStockThreshold, allowBackorder }));
        },
      ),

      updateProduct: restate.handlers.handler(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(UpdateProductInput),
          output: product,
          description: "Change a product's data or status; only the fields given; null clears an optional field.",
        },
        async (ctx: Context, { productId, lowStockThreshold, allowBackorder, ...change }: UpdateProductInput) => {
          const { sku } = await ctx.objectClient(ProductIndex, productId).get();
          const updated = await ctx.objectClient(Product, sku).update(change);
          return itemView(updated, await ctx.objectClient(InventoryItem, sku).configure({ lowStockThreshold, allowBackorder }));
        },
      ),

      getProduct: restate.handlers.handler(
        { input: restate.serde.schema(ProductRef), output: product, description: "A product in any status, with its stock." },
        async (ctx: Context, { productId }: z.infer<typeof ProductRef>) => {
          const { sku } = await ctx.objectClient(ProductIndex, productId).get();
          const [found, stock] = await RestatePromise.all([
            ctx.objectClient(Product, sku).get(),
            ctx.objectClient(InventoryItem, sku).get(),
          ]);
          return itemView(found, stock);
        },
      ),

      createCategory: restate.handlers.handler(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(CreateCategoryInput),
          output: category,
          description: "A new category, under a parent or at the top; 409 if the slug exists.",
        },
        async (ctx: Context, input: CreateCategoryInput) => ctx.objectClient(CategoryTree, CATEGORY_TREE_KEY).create(input),
      ),

      updateCategory: restate.handlers.handler(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(UpdateCategoryInput),
          output: category,
          description: "Rename a category or move it under another (never under itself or below it: 409).",
        },
        async (ctx: Context, input: UpdateCategoryInput) => ctx.objectClient(CategoryTree, CATEGORY_TREE_KEY).update(input),
      ),
    },
  });

/** The typed handle other handlers call CatalogAdmin by (its name); the endpoint binds {@link catalogAdminService} with its runtime. */
export type CatalogAdmin = ReturnType<typeof catalogAdminService>;
export const CatalogAdmin: CatalogAdmin = { name: "CatalogAdmin" };
