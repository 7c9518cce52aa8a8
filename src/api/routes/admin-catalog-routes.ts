import { createRoute } from "@hono/zod-openapi";
import { AdminProductSearchInput, searchProducts } from "../../catalog/catalog-search.ts";
import { CatalogAdminApi } from "../../storefront/storefront-ingress.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody } from "../api-schemas.ts";
import { requireRole } from "../auth/guards.ts";
import {
  AdminProduct,
  AdminProductList,
  AdminProductQuery,
  adminProduct,
  CategoryAnswer,
  CreateCategoryBody,
  CreateProductBody,
  categoryAnswer,
  ProductIdParam,
  product,
  searchInput,
  UpdateProductBody,
} from "../catalog-schemas.ts";
import { routes } from "../openapi.ts";
import { queryInput } from "../query-input.ts";
import { call, writeOptions } from "../restate-client.ts";

const tags = ["Administration"];

const create = createRoute({
  method: "post",
  path: "/admin/products",
  tags,
  summary: "Create a product",
  description: [
    "A draft unless `status` says otherwise; its stock starts at 0 (restock with `POST /admin/inventory/{sku}/restock`).",
    "`slug`: unique, derived from the name when absent. `categoryId`: a category's id from `GET /categories`.",
    "A SKU or slug that exists → 409; an unknown category → 400.",
  ].join("\n"),
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: jsonBody(CreateProductBody), headers: IdempotencyHeader },
  responses: { 201: jsonAnswer("The product", AdminProduct), ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
});

const update = createRoute({
  method: "put",
  path: "/admin/products/{id}",
  tags,
  summary: "Change a product",
  description: "Only the fields given change; `null` clears an optional one. A renamed product keeps its slug unless given a new one.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ProductIdParam, body: jsonBody(UpdateProductBody), headers: IdempotencyHeader },
  responses: { 200: jsonAnswer("The product", AdminProduct), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const get = createRoute({
  method: "get",
  path: "/admin/products/{id}",
  tags,
  summary: "A product in any status, with its stock",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: ProductIdParam },
  responses: { 200: jsonAnswer("The product", AdminProduct), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

const list = createRoute({
  method: "get",
  path: "/admin/products",
  tags,
  summary: "Search every product, drafts and archived ones included",
  description:
    "The same filters as `GET /products`, and `status`; from the query side, like the search (it follows a change within moments).",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: AdminProductQuery },
  responses: { 200: jsonAnswer("One page of products", AdminProductList), ...errorResponses(400, 401, 403, 429, 503) },
});

const createCategory = createRoute({
  method: "post",
  path: "/admin/categories",
  tags,
  summary: "Create a category",
  description:
    "At the top, or under `parentId` (a category's id). Its id is its slug (derived from the name when absent); a slug that exists → 409.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: jsonBody(CreateCategoryBody), headers: IdempotencyHeader },
  responses: { 201: jsonAnswer("The category", CategoryAnswer), ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
});

export function adminCatalogRoutes() {
  const app = routes();

  app.openapi(create, async (c) => {
    const { categoryId, ...fields } = c.req.valid("json");
    const input = { ...fields, ...(categoryId ? { category: categoryId } : {}) };
    const created = await call(() =>
      c.var.deps.restate.service(CatalogAdminApi).createProduct(input, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(adminProduct(created), 201);
  });

  app.openapi(update, async (c) => {
    const { categoryId, ...fields } = c.req.valid("json");
    const input = { productId: c.req.valid("param").id, ...fields, ...(categoryId !== undefined ? { category: categoryId } : {}) };
    const changed = await call(() =>
      c.var.deps.restate.service(CatalogAdminApi).updateProduct(input, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(adminProduct(changed), 200);
  });

  app.openapi(get, async (c) => {
    const found = await call(() => c.var.deps.restate.service(CatalogAdminApi).getProduct({ productId: c.req.valid("param").id }));
    return c.json(adminProduct(found), 200);
  });

  app.openapi(list, async (c) => {
    const input = queryInput(AdminProductSearchInput, searchInput(c.req.valid("query")), { pageSize: "limit" });
    const found = await c.var.deps.query.read((pool) => searchProducts(pool, input, false));
    return c.json({ items: found.products.map(product), page: found.page, limit: found.pageSize, total: found.total }, 200);
  });

  app.openapi(createCategory, async (c) => {
    const { parentId, ...fields } = c.req.valid("json");
    const input = { ...fields, ...(parentId ? { parent: parentId } : {}) };
    const created = await call(() =>
      c.var.deps.restate.service(CatalogAdminApi).createCategory(input, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(categoryAnswer(created), 201);
  });

  return app;
}
