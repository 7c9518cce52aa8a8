import { z } from "zod";
import { notFound } from "../../platform/domain/domain-errors.ts";
import { currencyCode, minorUnits } from "../../platform/domain/money.ts";
import { freeText } from "../../platform/domain/text.ts";
import {
  assertForSale,
  CatalogFields,
  CreateProductInput,
  checkCompareAtPrice,
  PRODUCT_STATUSES,
  type ProductStatus,
  UpdateProductInput,
} from "./catalog.ts";

export const DEFAULT_CURRENCY = "USD";

/** The catalog part of a product as a trusted client writes it (InventoryItem/{sku}/upsert hands it over). */
export const UpsertProductInput = z.strictObject({
  name: freeText("name", 200),
  price: minorUnits,
  currency: currencyCode.optional().meta({ default: DEFAULT_CURRENCY }),
  ...CatalogFields.shape,
});
export type UpsertProductInput = z.infer<typeof UpsertProductInput>;

/** An admin's new product as Product/{sku} takes it: the SKU led the call there, the stock settings go to InventoryItem. */
export const NewProductInput = CreateProductInput.omit({ sku: true, lowStockThreshold: true, allowBackorder: true });
export type NewProductInput = z.infer<typeof NewProductInput>;
/** An admin's change as Product/{sku} takes it: the product id led the call there, the stock settings go to InventoryItem. */
export const ProductChange = UpdateProductInput.omit({ productId: true, lowStockThreshold: true, allowBackorder: true });
export type ProductChange = z.infer<typeof ProductChange>;

/**
 * What shoppers and admins see of one SKU: a stable product id (drawn with ctx.rand), the slug whose
 * claim it holds, price and status. Products from before the catalog fields get id and slug with
 * their next upsert; until then, and without a status, they count as active.
 */
export interface ProductState {
  sku: string;
  name: string;
  price: number;
  currency: string;
  productId?: string;
  slug?: string;
  description?: string;
  category?: string;
  images?: string[];
  compareAtPrice?: number;
  status?: ProductStatus;
  createdAt?: number;
}

export const ProductView = z.object({
  sku: z.string(),
  name: z.string(),
  price: z.number().int().describe("integer minor units"),
  currency: z.string(),
  productId: z.string().nullable(),
  slug: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable().describe("category slug"),
  images: z.array(z.string()),
  compareAtPrice: z.number().int().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  createdAt: z.number().int().nullable().describe("when the product was created (epoch ms)"),
});
export type ProductView = z.infer<typeof ProductView>;

/** Who the product is in the catalog: its id, and the slug whose claim it holds. */
export interface ProductIdentity {
  productId: string;
  slug: string;
  now: number;
}

export function requireProduct(state: ProductState | null, sku: string): ProductState {
  if (!state) throw notFound(`unknown SKU ${sku}: it has never been configured (call upsert first)`);
  return state;
}

const optionalFields = ["description", "category", "images", "compareAtPrice"] as const;

function withOptional(state: ProductState, input: Pick<CatalogFields, (typeof optionalFields)[number]>): ProductState {
  const next = { ...state };
  for (const field of optionalFields) {
    if (input[field] !== undefined) (next as Record<string, unknown>)[field] = input[field];
  }
  return next;
}

/**
 * Creates or replaces the catalog data. Today's callers send name and price only: the catalog fields
 * they leave out keep their values, and a new product is active.
 */
export function upsertProduct(state: ProductState | null, sku: string, input: UpsertProductInput, identity: ProductIdentity): ProductState {
  checkCompareAtPrice(input.price, input.compareAtPrice ?? state?.compareAtPrice);
  return withOptional(
    {
      ...state,
      sku,
      name: input.name,
      price: input.price,
      currency: input.currency ?? DEFAULT_CURRENCY,
      productId: state?.productId ?? identity.productId,
      slug: identity.slug,
      createdAt: state?.createdAt ?? identity.now,
      status: input.status ?? state?.status ?? "active",
    },
    input,
  );
}

/** A product an admin creates: a draft unless said otherwise. */
export function newProduct(sku: string, input: NewProductInput, identity: ProductIdentity): ProductState {
  checkCompareAtPrice(input.price, input.compareAtPrice);
  return withOptional(
    {
      sku,
      name: input.name,
      price: input.price,
      currency: input.currency ?? DEFAULT_CURRENCY,
      productId: identity.productId,
      slug: identity.slug,
      createdAt: identity.now,
      status: input.status ?? "draft",
    },
    input,
  );
}

/** An admin's change: the fields given replace theirs, null clears an optional one. */
export function patchProduct(state: ProductState, patch: ProductChange, slug: string): ProductState {
  const next: ProductState = { ...state, slug };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.currency !== undefined) next.currency = patch.currency;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.images !== undefined) next.images = patch.images;
  const clearable = { description: patch.description, category: patch.category, compareAtPrice: patch.compareAtPrice };
  for (const [field, value] of Object.entries(clearable) as Array<[keyof typeof clearable, string | number | null | undefined]>) {
    if (value === null) delete next[field];
    else if (value !== undefined) (next as Record<typeof field, string | number>)[field] = value;
  }
  checkCompareAtPrice(next.price, next.compareAtPrice);
  return next;
}

export function productView(state: ProductState): ProductView {
  return {
    sku: state.sku,
    name: state.name,
    price: state.price,
    currency: state.currency,
    productId: state.productId ?? null,
    slug: state.slug ?? null,
    description: state.description ?? null,
    category: state.category ?? null,
    images: state.images ?? [],
    compareAtPrice: state.compareAtPrice ?? null,
    status: state.status ?? "active",
    createdAt: state.createdAt ?? null,
  };
}

/**
 * How an order line is priced from the catalog: a product that is not for sale refuses the line (409);
 * a caller who expected another price gets `price_changed` whatever the stock said.
 */
export function priceLine<S extends string>(
  product: Pick<ProductView, "sku" | "status" | "price">,
  stockStatus: S,
  expectedPrice: number | undefined,
): S | "price_changed" {
  assertForSale(product.sku, product.status);
  return expectedPrice !== undefined && expectedPrice !== product.price ? "price_changed" : stockStatus;
}

const CATALOG_KEYS = [
  "name",
  "price",
  "currency",
  "productId",
  "slug",
  "description",
  "category",
  "images",
  "compareAtPrice",
  "status",
  "createdAt",
] as const;

/**
 * An InventoryItem's value as versions before the split kept it, catalog and stock together: its
 * catalog part (null when the value holds none, so it was split already) and the stock part that stays.
 */
export function splitLegacyItem<Stock extends object>(
  item: Stock & Partial<Record<(typeof CATALOG_KEYS)[number], unknown>> & { sku: string },
): { product: ProductState | null; stock: Stock } {
  const stock = { ...item } as Record<string, unknown>;
  const catalog: Record<string, unknown> = { sku: item.sku };
  for (const key of CATALOG_KEYS) {
    if (key in stock) {
      catalog[key] = stock[key];
      delete stock[key];
    }
  }
  const product = "name" in catalog && "price" in catalog ? (catalog as unknown as ProductState) : null;
  return { product, stock: stock as Stock };
}
