import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { InventoryView } from "../inventory/domain/inventory.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";
import { ProductIndex } from "./catalog-keys.ts";
import { CATEGORY_TREE_KEY, CategoryTree } from "./category-tree.ts";
import { Category, CreateCategoryInput, CreateProductInput, UpdateCategoryInput, UpdateProductInput } from "./domain/catalog.ts";

const ProductRef = z.strictObject({ productId: UpdateProductInput.shape.productId });
const product = restate.serde.schema(InventoryView);
const category = restate.serde.schema(Category);

/**
 * The catalog's admin side: products (any status) and categories. Products are found by id through
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
        async (ctx: Context, input: CreateProductInput) => ctx.objectClient(InventoryItem, input.sku).createProduct(input),
      ),

      updateProduct: restate.handlers.handler(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(UpdateProductInput),
          output: product,
          description: "Change a product's data or status; only the fields given; null clears an optional field.",
        },
        async (ctx: Context, { productId, ...patch }: UpdateProductInput) => {
          const { sku } = await ctx.objectClient(ProductIndex, productId).get();
          return ctx.objectClient(InventoryItem, sku).updateProduct(patch);
        },
      ),

      getProduct: restate.handlers.handler(
        { input: restate.serde.schema(ProductRef), output: product, description: "A product in any status, with its stock." },
        async (ctx: Context, { productId }: z.infer<typeof ProductRef>) => {
          const { sku } = await ctx.objectClient(ProductIndex, productId).get();
          return ctx.objectClient(InventoryItem, sku).get();
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
