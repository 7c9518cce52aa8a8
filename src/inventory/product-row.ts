import { z } from "zod";
import { epochMs, int, type Table } from "../platform/database/projection-table.ts";
import { availableUnits, backorderedUnits, type InventoryState, reservedUnits } from "./domain/inventory.ts";

/** A product's row: its catalog data and its stock figures, from the InventoryItem that keeps both. */
export const ProductRow = z.object({
  sku: z.string(),
  name: z.string(),
  price: int,
  currency: z.string(),
  onHand: int,
  reserved: int,
  available: int,
  backordered: int,
  lowStockThreshold: int.nullable(),
  allowBackorder: z.boolean(),
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

export function productRow(item: InventoryState): ProductRow {
  return {
    sku: item.sku,
    name: item.name,
    price: item.price,
    currency: item.currency,
    onHand: item.onHand,
    reserved: reservedUnits(item),
    available: availableUnits(item),
    backordered: backorderedUnits(item),
    lowStockThreshold: item.lowStockThreshold ?? null,
    allowBackorder: item.allowBackorder ?? false,
    productId: item.productId ?? null,
    slug: item.slug ?? null,
    description: item.description ?? null,
    category: item.category ?? null,
    images: item.images ?? [],
    compareAtPrice: item.compareAtPrice ?? null,
    status: item.status ?? "active",
    createdAt: item.createdAt ?? null,
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
    onHand: { column: "on_hand" },
    reserved: { column: "reserved" },
    available: { column: "available" },
    backordered: { column: "backordered" },
    lowStockThreshold: { column: "low_stock_threshold" },
    allowBackorder: { column: "allow_backorder" },
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
