import { z } from "zod";
import { conflict, invalid } from "../../platform/domain/domain-errors.ts";
import { currencyCode, minorUnits } from "../../platform/domain/money.ts";
import { identifier } from "../../platform/domain/quantity.ts";
import { freeText, paragraphs } from "../../platform/domain/text.ts";

/** What shoppers see of a product: only `active` products are for sale and shown in public queries. */
export const PRODUCT_STATUSES = ["draft", "active", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export const ProductStatus = z.enum(PRODUCT_STATUSES, { message: "must be draft, active or archived" });

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG = 80;

/** A URL-safe name: lower-case letters and digits in words joined by single hyphens. */
export const Slug = (field: string) =>
  z
    .string()
    .min(1, `${field} must not be empty`)
    .max(MAX_SLUG, `${field} must be at most ${MAX_SLUG} characters`)
    .regex(SLUG, `${field} must be lower-case letters and digits joined by single hyphens, such as blue-mug-2`);

/** The slug a name gives: accents dropped, anything else between words becomes one hyphen. */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
  return slug || "product";
}

/** An image on the web, or one this shop serves itself from MEDIA_DIR (`/media/<file>`). */
const imageUrl = z
  .union([z.url({ protocol: /^https?$/ }), z.string().regex(/^\/media\/[a-z0-9][a-z0-9._-]{0,120}$/)], {
    error: "must be an http(s) URL or a path /media/<file> on this shop",
  })
  .refine((url) => url.length <= 2_000, "must be at most 2000 characters");

/** The catalog fields of a product, beside its name, price and currency. */
export const CatalogFields = z.strictObject({
  slug: Slug("slug").optional().describe("unique; derived from the name when absent"),
  description: paragraphs("description", 5_000).optional(),
  category: Slug("category").optional().describe("the slug of a category"),
  images: z.array(imageUrl).max(20, "images must hold at most 20 URLs").optional(),
  compareAtPrice: minorUnits.optional().describe("the former price, shown struck through; above price"),
  status: ProductStatus.optional(),
});
export type CatalogFields = z.infer<typeof CatalogFields>;

const name = freeText("name", 200);
const threshold = z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000);

/** An admin creates a product: a draft unless said otherwise. */
export const CreateProductInput = CatalogFields.extend({
  sku: identifier("sku"),
  name,
  price: minorUnits,
  currency: currencyCode.optional().meta({ default: "USD" }),
  lowStockThreshold: threshold.optional(),
  allowBackorder: z.boolean().optional().meta({ default: false }),
  status: ProductStatus.optional().meta({ default: "draft" }),
});
export type CreateProductInput = z.infer<typeof CreateProductInput>;

/** An admin changes a product: only the fields given; null clears an optional one. */
export const UpdateProductInput = z.strictObject({
  productId: z.string().regex(/^prd_[0-9a-f]{24}$/, "productId must be prd_ followed by 24 hex digits"),
  name: name.optional(),
  price: minorUnits.optional(),
  currency: currencyCode.optional(),
  slug: Slug("slug").optional(),
  description: paragraphs("description", 5_000).nullable().optional(),
  category: Slug("category").nullable().optional(),
  images: z.array(imageUrl).max(20, "images must hold at most 20 URLs").optional(),
  compareAtPrice: minorUnits.nullable().optional(),
  status: ProductStatus.optional(),
  lowStockThreshold: threshold.nullable().optional(),
  allowBackorder: z.boolean().optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductInput>;

export const productIdFrom = (uuid: string) => `prd_${uuid.replace(/-/g, "").slice(0, 24)}`;

/** A former price that is not above the price would advertise a discount that is not there. */
export function checkCompareAtPrice(price: number, compareAtPrice: number | undefined): void {
  if (compareAtPrice !== undefined && compareAtPrice <= price) {
    throw invalid(`compareAtPrice (${compareAtPrice}) must be greater than price (${price})`);
  }
}

export function assertForSale(sku: string, status: ProductStatus | undefined): void {
  if (status !== undefined && status !== "active") throw conflict(`${sku} is not for sale (${status})`);
}

// ---------------------------------------------------------------- categories

export const MAX_CATEGORIES = 500;

export const Category = z.object({
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Category = z.infer<typeof Category>;

export const CreateCategoryInput = z.strictObject({
  name: freeText("name", 100),
  slug: Slug("slug").optional().describe("derived from the name when absent"),
  parent: Slug("parent").optional(),
});
export type CreateCategoryInput = z.infer<typeof CreateCategoryInput>;

export const UpdateCategoryInput = z.strictObject({
  slug: Slug("slug"),
  name: freeText("name", 100).optional(),
  parent: Slug("parent").nullable().optional().describe("null makes it a top-level category"),
});
export type UpdateCategoryInput = z.infer<typeof UpdateCategoryInput>;

export type CategoryTree = Record<string, Category>;

export function addCategory(tree: CategoryTree, input: CreateCategoryInput, now: number): Category {
  const slug = input.slug ?? slugify(input.name);
  if (tree[slug]) throw conflict(`slug: category ${slug} already exists`);
  if (Object.keys(tree).length >= MAX_CATEGORIES) throw conflict(`a shop has at most ${MAX_CATEGORIES} categories`);
  if (input.parent !== undefined && !tree[input.parent]) throw invalid(`parent: there is no category ${input.parent}`);
  return { slug, name: input.name, parent: input.parent ?? null, createdAt: now };
}

/** A new parent must exist and must not be the category itself or one below it (no cycles). */
export function changeCategory(tree: CategoryTree, input: UpdateCategoryInput): Category {
  const current = tree[input.slug];
  if (!current) throw invalid(`slug: there is no category ${input.slug}`);
  const parent = input.parent === undefined ? current.parent : input.parent;
  if (parent !== null) {
    if (!tree[parent]) throw invalid(`parent: there is no category ${parent}`);
    for (let at: string | null = parent; at !== null; at = tree[at]?.parent ?? null) {
      if (at === input.slug) throw conflict(`parent: ${parent} is ${input.slug} or below it; a category cannot be its own ancestor`);
    }
  }
  return { ...current, name: input.name ?? current.name, parent };
}
