import { z } from "zod";
import { epochMs, int, type Table } from "../platform/database/projection-table.ts";
import type { ProductState } from "./domain/product.ts";

/** A product's catalog row, from the Product/{sku} that keeps it (its stock row is stock_levels'). */
export const ProductRow = z.object({
  sku: z.string(),
  name: z.string(),
  price: int,
  currency: z.string(),
  productId: z.string().nullable(),
  slug: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  images: z.array(z.string()),
  compareAtPrice: int.nullable(),
  status: z.string(),
  createdAt: epochMs.nullable(),
});
export type ProductRow = z.infer<typeof ProductRow>;

export function productRow(product: ProductState): ProductRow {
  return {
    sku: product.sku,
    name: product.name,
    price: product.price,
    currency: product.currency,
    productId: product.productId ?? null,
    slug: product.slug ?? null,
    description: product.description ?? null,
    category: product.category ?? null,
    images: product.images ?? [],
    compareAtPrice: product.compareAtPrice ?? null,
    status: product.status ?? "active",
    createdAt: product.createdAt ?? null,
  };
}

export const productsTable: Table<ProductRow> = {
  name: "products",
  handler: "product",
  schema: ProductRow,
  key: "sku",
  columns: {
    sku: { column: "sku" },
    name: { column: "name" },
    price: { column: "price" },
    currency: { column: "currency" },
    productId: { column: "product_id" },
    slug: { column: "slug" },
    description: { column: "description" },
    category: { column: "category" },
    images: { column: "images" },
    compareAtPrice: { column: "compare_at_price" },
    status: { column: "status" },
    createdAt: { column: "created_at", time: true },
  },
};
