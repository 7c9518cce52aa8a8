import type pg from "pg";
import { z } from "zod";
import { pagingFields, sqlParameters } from "../platform/database/paging.ts";
import { minorUnits } from "../platform/domain/money.ts";
import { PRODUCT_STATUSES, Slug } from "./domain/catalog.ts";
import { RatingSummary } from "./domain/rating.ts";

export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;

const searchFields = {
  q: z
    .string()
    .trim()
    .max(200, "q must be at most 200 characters")
    .optional()
    .describe("words to find in name, SKU and description; the last one may be the start of a word"),
  category: Slug("category").optional().describe("a category slug: products in it or in any category below it"),
  minPrice: minorUnits.optional(),
  maxPrice: minorUnits.optional(),
  inStock: z.boolean().optional().describe("true: only products with units available (or taking backorders)"),
  sort: z
    .enum(SORTS, { message: `must be one of ${SORTS.join(", ")}` })
    .optional()
    .describe("relevance (the default with q), price_asc, price_desc, newest (the default without q), rating (best rated first)"),
  ...pagingFields,
};

const priceRange = (ctx: z.core.ParsePayload<{ minPrice?: number | undefined; maxPrice?: number | undefined }>) => {
  const { minPrice, maxPrice } = ctx.value;
  if (minPrice !== undefined && maxPrice !== undefined && maxPrice < minPrice) {
    ctx.issues.push({ code: "custom", input: maxPrice, path: ["maxPrice"], message: "must not be below minPrice" });
  }
};

/** A shopper's search: text, filters, order, page. Only active products are ever found. */
export const CatalogSearchInput = z.strictObject(searchFields).check(priceRange);
export type CatalogSearchInput = z.infer<typeof CatalogSearchInput>;

/** An admin's search: the same, plus drafts and archived products, by status. */
export const AdminProductSearchInput = z
  .strictObject({
    ...searchFields,
    status: z.enum(PRODUCT_STATUSES, { message: "must be draft, active or archived" }).optional().describe("any status when absent"),
  })
  .check(priceRange);
export type AdminProductSearchInput = z.infer<typeof AdminProductSearchInput>;

export const ProductSummary = z.object({
  productId: z.string(),
  sku: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  images: z.array(z.string()),
  price: z.number().int().describe("integer minor units"),
  compareAtPrice: z.number().int().nullable(),
  currency: z.string(),
  available: z.number().int(),
  inStock: z.boolean(),
  status: z.enum(PRODUCT_STATUSES),
  createdAt: z.number().int().describe("milliseconds since the Unix epoch"),
  rating: RatingSummary,
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductPage = z.object({
  products: z.array(ProductSummary),
  total: z.number().int().describe("products matching, on all pages"),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProductPage = z.infer<typeof ProductPage>;

/**
 * The words of a query as a tsquery: every word must match, stemmed (English) or as typed; the last
 * may also be the start of a word, so "leath" finds leather and "runni" running.
 * Anything but letters and digits separates words, so no input can inject tsquery syntax.
 */
export function textQuery(q: string): { complete: string[]; last: string } | undefined {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (words.length === 0) return undefined;
  return { complete: words.slice(0, -1), last: words.at(-1)! };
}

/** The stock is its own projection (InventoryItem/{sku}); a product without a stock row has none. */
const IN_STOCK = "EXISTS (SELECT 1 FROM stock_levels s WHERE s.sku = products.sku AND (s.available > 0 OR s.allow_backorder))";

const SUMMARY = `product_id AS "productId", sku, slug, name, description, category, images, price,
  compare_at_price AS "compareAtPrice", currency,
  coalesce((SELECT available FROM stock_levels s WHERE s.sku = products.sku), 0) AS available, ${IN_STOCK} AS "inStock",
  status, created_at AS "createdAt",
  (SELECT rating_count FROM product_ratings r WHERE r.sku = products.sku) AS "ratingCount",
  (SELECT rating_sum FROM product_ratings r WHERE r.sku = products.sku) AS "ratingSum"`;

/** Best rated first: the average of the visible reviews, then how many there are; unrated last. */
const BY_RATING = `(SELECT rating_sum::numeric / rating_count FROM product_ratings r WHERE r.sku = products.sku AND rating_count > 0) DESC NULLS LAST,
  (SELECT rating_count FROM product_ratings r WHERE r.sku = products.sku) DESC NULLS LAST, sku`;

const ratingOf = (count: unknown, sum: unknown) => {
  const n = Number(count ?? 0);
  return { count: n, average: n > 0 ? Math.round((Number(sum) / n) * 10) / 10 : null };
};

/** Ranked full-text search with filters and paging, with the total. */
export async function searchProducts(pool: pg.Pool, input: AdminProductSearchInput, publicOnly: boolean): Promise<ProductPage> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  const { values, param } = sqlParameters();
  const where = ["slug IS NOT NULL", "product_id IS NOT NULL"];
  if (publicOnly) where.push("status = 'active'");
  else if (input.status) where.push(`status = ${param(input.status)}`);

  const text = input.q ? textQuery(input.q) : undefined;
  let query = "";
  if (text) {
    // Each word stemmed or as typed: a SKU part such as "mwshpybs" is indexed as typed, and English
    // stemming alone would look for "mwshpyb".
    const either = (word: string) => {
      const p = param(word);
      return `(to_tsquery('english', ${p}) || to_tsquery('simple', ${p}))`;
    };
    query = `(${[...text.complete.map(either), either(`${text.last}:*`)].join(" && ")})`;
    where.push(`search @@ ${query}`);
  }
  if (input.category) {
    where.push(`category IN (WITH RECURSIVE below(slug) AS (SELECT ${param(input.category)}::text
      UNION SELECT c.slug FROM categories c JOIN below b ON c.parent_slug = b.slug) SELECT slug FROM below)`);
  }
  if (input.minPrice !== undefined) where.push(`price >= ${param(input.minPrice)}`);
  if (input.maxPrice !== undefined) where.push(`price <= ${param(input.maxPrice)}`);
  if (input.inStock === true) where.push(IN_STOCK);
  if (input.inStock === false) where.push(`NOT ${IN_STOCK}`);

  const sort = input.sort ?? (text ? "relevance" : "newest");
  const order = {
    relevance: text ? `ts_rank_cd(search, ${query}) DESC, created_at DESC, sku` : "created_at DESC, sku",
    price_asc: "price ASC, sku ASC",
    price_desc: "price DESC, sku DESC",
    newest: "created_at DESC, sku",
    rating: BY_RATING,
  }[sort];

  const filter = where.join(" AND ");
  const limit = `LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  let rows: Record<string, unknown>[];
  let total: number;
  if (text) {
    // Every match is ranked anyway: the total comes with the page, in one pass.
    const result = await pool.query(
      `SELECT ${SUMMARY}, count(*) OVER () AS total FROM products WHERE ${filter} ORDER BY ${order} ${limit}`,
      values,
    );
    rows = result.rows.map(({ total: _total, ...row }) => row);
    total = result.rows.length ? Number(result.rows[0].total) : await countOf(pool, filter, values);
  } else {
    // Without text, the page walks an index (status, price | created_at) to its offset; a window
    // count would sort every match first. So the total is counted beside it.
    const [result, counted] = await Promise.all([
      pool.query(`SELECT ${SUMMARY} FROM products WHERE ${filter} ORDER BY ${order} ${limit}`, values),
      countOf(pool, filter, values),
    ]);
    rows = result.rows;
    total = counted;
  }
  return { products: rows.map(summaryOf), total, page, pageSize };
}

const summaryOf = ({ createdAt, ratingCount, ratingSum, ...row }: Record<string, unknown>) =>
  ({
    ...row,
    createdAt: createdAt instanceof Date ? createdAt.getTime() : 0,
    rating: ratingOf(ratingCount, ratingSum),
  }) as ProductSummary;

/**
 * One product for sale by its slug, as projected (within moments of a change); undefined for an
 * unknown slug, a draft or an archived product. A slug moving between two products may briefly be on
 * both rows: the newer product's is taken.
 */
export async function productBySlug(pool: pg.Pool, slug: string): Promise<ProductSummary | undefined> {
  const { rows } = await pool.query(
    `SELECT ${SUMMARY} FROM products WHERE slug = $1 AND status = 'active' AND product_id IS NOT NULL ORDER BY created_at DESC, sku LIMIT 1`,
    [slug],
  );
  return rows[0] ? summaryOf(rows[0]) : undefined;
}

async function countOf(pool: pg.Pool, filter: string, values: unknown[]): Promise<number> {
  return (await pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM products WHERE ${filter}`, values)).rows[0]!.total;
}
