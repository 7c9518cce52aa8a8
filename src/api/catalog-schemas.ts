import { z } from "@hono/zod-openapi";
import type { ProductSummary } from "../catalog/catalog-search.ts";
import {
  type Category,
  CreateCategoryInput,
  CreateProductInput,
  PRODUCT_STATUSES,
  Slug,
  UpdateProductInput,
} from "../catalog/domain/catalog.ts";
import type { ItemView } from "../inventory/domain/inventory.ts";
import { minorUnits } from "../platform/domain/money.ts";

const SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;
const page = z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000").default(1);
const limit = z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20);
const price = z.coerce.number().pipe(minorUnits);

const searchQuery = {
  q: z
    .string()
    .max(200, "must be at most 200 characters")
    .optional()
    .openapi({ description: "words in the name, SKU or description; the last may be the start of a word" }),
  category: Slug("category").optional().openapi({ description: "a category's id (its slug): products in it or any category below it" }),
  minPrice: price.optional(),
  maxPrice: price.optional(),
  inStock: z.enum(["true", "false"], { message: "must be true or false" }).optional(),
  sort: z.enum(SORTS, { message: `must be one of ${SORTS.join(", ")}` }).optional(),
  page,
  limit,
};

/** `GET /products`: the public search. */
export const ProductQuery = z.object(searchQuery);
/** `GET /admin/products`: the same over every status. */
export const AdminProductQuery = z.object({
  ...searchQuery,
  status: z.enum(PRODUCT_STATUSES, { message: "must be draft, active or archived" }).optional(),
});

/** The product search's input (src/catalog/catalog-search.ts) from a query string. */
export function searchInput(query: z.infer<typeof AdminProductQuery>) {
  const { limit, inStock, ...rest } = query;
  return { ...rest, pageSize: limit, ...(inStock ? { inStock: inStock === "true" } : {}) };
}

export const ProductListItem = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    price: z.number().int(),
    compareAtPrice: z.number().int().optional(),
    currency: z.string(),
    category: z.string().nullable().openapi({ description: "the category's id (its slug)" }),
    images: z.array(z.string()),
    available: z.number().int(),
    rating: z
      .object({ average: z.number().nullable(), count: z.number().int() })
      .openapi({ description: "the average of its visible reviews (one decimal; null with none) and how many" }),
  })
  .openapi("ProductListItem");

export const Product = ProductListItem.extend({
  sku: z.string(),
  description: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  inStock: z.boolean(),
}).openapi("Product");

export const ProductList = z
  .object({ items: z.array(ProductListItem), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("ProductList");
export const AdminProductList = z
  .object({ items: z.array(Product), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("AdminProductList");

export function productListItem(p: ProductSummary): z.infer<typeof ProductListItem> {
  return {
    id: p.productId,
    slug: p.slug,
    name: p.name,
    price: p.price,
    ...(p.compareAtPrice !== null ? { compareAtPrice: p.compareAtPrice } : {}),
    currency: p.currency,
    category: p.category,
    images: p.images,
    available: p.available,
    rating: p.rating,
  };
}

export function product(p: ProductSummary): z.infer<typeof Product> {
  return { ...productListItem(p), sku: p.sku, description: p.description, status: p.status, inStock: p.inStock };
}

export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  children: CategoryNode[];
}

const CategoryNodeSchema: z.ZodType<CategoryNode> = z
  .lazy(() => z.object({ id: z.string(), name: z.string(), slug: z.string(), children: z.array(CategoryNodeSchema) }))
  .openapi("CategoryNode", { description: "A category; `id` is its slug, stable for its life" });
export const CategoryTreeAnswer = z.array(CategoryNodeSchema).openapi("CategoryTree");

/** The flat list (parents before children) as nested nodes. */
export function categoryTree(categories: Category[]): CategoryNode[] {
  const nodes = new Map(categories.map((c) => [c.slug, { id: c.slug, name: c.name, slug: c.slug, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const c of categories) {
    const node = nodes.get(c.slug)!;
    const parent = c.parent ? nodes.get(c.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

const categoryId = Slug("categoryId").openapi({ description: "a category's id (its slug), from GET /categories" });

/** `POST /admin/products`: the contract's fields; `categoryId` is the category's slug. */
export const CreateProductBody = z
  .strictObject({ ...CreateProductInput.omit({ category: true }).shape, categoryId: categoryId.optional() })
  .openapi("CreateProductRequest", {
    example: { sku: "MUG-1", name: "Stoneware mug", price: 1800, currency: "USD", status: "active", categoryId: "kitchen" },
  });

/** `PUT /admin/products/{id}`: only the fields given; null clears an optional one. */
export const UpdateProductBody = z
  .strictObject({ ...UpdateProductInput.omit({ productId: true, category: true }).shape, categoryId: categoryId.nullable().optional() })
  .openapi("UpdateProductRequest", { example: { price: 1600, compareAtPrice: 1800 } });

export const ProductIdParam = z.object({
  id: z
    .string()
    .regex(/^prd_[0-9a-f]{24}$/, "id must be prd_ followed by 24 hex digits")
    .openapi({ param: { name: "id", in: "path" }, example: "prd_0123456789abcdef01234567" }),
});

export const CreateCategoryBody = z
  .strictObject({ name: CreateCategoryInput.shape.name, slug: CreateCategoryInput.shape.slug, parentId: Slug("parentId").optional() })
  .openapi("CreateCategoryRequest", { example: { name: "Mugs", parentId: "kitchen" } });

export const CategoryAnswer = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), parentId: z.string().nullable() })
  .openapi("Category");

export const categoryAnswer = (c: Category): z.infer<typeof CategoryAnswer> => ({
  id: c.slug,
  name: c.name,
  slug: c.slug,
  parentId: c.parent,
});

/** A product as an admin sees it after a change: the catalog fields and the stock (its reviews are their own). */
export const AdminProduct = Product.omit({ rating: true })
  .extend({
    onHand: z.number().int(),
    reserved: z.number().int(),
    lowStockThreshold: z.number().int().nullable(),
    lowStock: z.boolean(),
    allowBackorder: z.boolean(),
  })
  .openapi("AdminProduct");

export function adminProduct(item: ItemView): z.infer<typeof AdminProduct> {
  return {
    id: item.productId ?? "",
    slug: item.slug ?? "",
    sku: item.sku,
    name: item.name,
    description: item.description,
    price: item.price,
    ...(item.compareAtPrice !== null ? { compareAtPrice: item.compareAtPrice } : {}),
    currency: item.currency,
    category: item.category,
    images: item.images,
    status: item.status,
    available: item.available,
    inStock: item.available > 0 || item.allowBackorder,
    onHand: item.onHand,
    reserved: item.reserved,
    lowStockThreshold: item.lowStockThreshold,
    lowStock: item.lowStock,
    allowBackorder: item.allowBackorder,
  };
}
