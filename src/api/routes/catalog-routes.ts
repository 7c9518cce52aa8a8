import { createRoute, z } from "@hono/zod-openapi";
import { CatalogSearchInput, productBySlug, searchProducts } from "../../catalog/catalog-search.ts";
import { Slug } from "../../catalog/domain/catalog.ts";
import { CatalogApi } from "../../storefront/storefront-ingress.ts";
import { notFound } from "../api-errors.ts";
import { errorResponses, jsonAnswer } from "../api-schemas.ts";
import {
  CategoryTreeAnswer,
  categoryTree,
  Product,
  ProductList,
  ProductQuery,
  product,
  productListItem,
  searchInput,
} from "../catalog-schemas.ts";
import { routes } from "../openapi.ts";
import { queryInput } from "../query-input.ts";
import { call } from "../restate-client.ts";

const tags = ["Catalog"];

const search = createRoute({
  method: "get",
  path: "/products",
  tags,
  summary: "Search the products for sale",
  description: [
    "Active products only. `q`: ranked full-text search over name, SKU and description (every word must match, stemmed or as",
    "typed; the last may be the start of a word). `category`: a category's id and every category below it. `minPrice`/`maxPrice`",
    "in minor units; `inStock=true` for products that can be bought now. `sort`: relevance (the default with `q`), price_asc,",
    "price_desc, newest (the default without `q`). Search reads the query side (PostgreSQL, straight from the API), which follows a",
    "change within moments.",
  ].join("\n"),
  request: { query: ProductQuery },
  responses: { 200: jsonAnswer("One page of products", ProductList), ...errorResponses(400, 429, 503) },
});

const bySlug = createRoute({
  method: "get",
  path: "/products/{slug}",
  tags,
  summary: "A product's page",
  description: [
    "Read from the query side like the search: a new product shows within moments of being created, and its stock (`available`,",
    "`inStock`) follows the shop's as the search's does; the checkout counts the stock itself. Unknown, draft or archived → 404.",
  ].join("\n"),
  request: { params: z.object({ slug: Slug("slug").openapi({ param: { name: "slug", in: "path" }, example: "stoneware-mug" }) }) },
  responses: { 200: jsonAnswer("The product", Product), ...errorResponses(400, 404, 429, 503) },
});

const categories = createRoute({
  method: "get",
  path: "/categories",
  tags,
  summary: "The category tree",
  description: "Top-level categories with their children, nested, each level by name. A category's `id` is its slug.",
  responses: { 200: jsonAnswer("The category tree", CategoryTreeAnswer), ...errorResponses(429, 503) },
});

/** The public catalog: no token needed. */
export function catalogRoutes() {
  const app = routes();

  app.openapi(search, async (c) => {
    const input = queryInput(CatalogSearchInput, searchInput(c.req.valid("query")), { pageSize: "limit" });
    const found = await c.var.deps.query.read((pool) => searchProducts(pool, input, true));
    return c.json({ items: found.products.map(productListItem), page: found.page, limit: found.pageSize, total: found.total }, 200);
  });

  app.openapi(bySlug, async (c) => {
    const { slug } = c.req.valid("param");
    const found = await c.var.deps.query.read((pool) => productBySlug(pool, slug));
    if (!found) throw notFound(`slug: no product ${slug}`);
    return c.json(product(found), 200);
  });

  app.openapi(categories, async (c) => {
    const { categories: flat } = await call(() => c.var.deps.restate.service(CatalogApi).categories());
    return c.json(categoryTree(flat), 200);
  });

  return app;
}
