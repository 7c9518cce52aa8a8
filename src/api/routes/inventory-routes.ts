import { createRoute } from "@hono/zod-openapi";
import { ProductApi } from "../../catalog/catalog-ingress.ts";
import { InventoryItemApi, SkuReplenishmentApi } from "../../inventory/inventory-ingress.ts";
import { ApiError } from "../api-errors.ts";
import { BEARER, errorResponses, jsonAnswer, jsonBody } from "../api-schemas.ts";
import { requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate-client.ts";
import { ReplenishmentAnswer, ReplenishmentBody, RestockBody, SkuParam, StockAnswer, StockList, StockQuery } from "../shop-schemas.ts";
import { stockAnswer } from "../views.ts";

const restock = createRoute({
  method: "post",
  path: "/admin/inventory/{sku}/restock",
  tags: ["Administration"],
  summary: "Goods arrived: add them to stock",
  description:
    "Idempotent per `reference` (the delivery note, the purchase order): the same reference again changes nothing and answers the " +
    "stock as it is. Arrived units serve backordered orders first, oldest first. Unknown SKU → 404.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: SkuParam, body: jsonBody(RestockBody) },
  responses: { 200: jsonAnswer("The stock after the delivery", StockAnswer), ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503) },
});

const replenishment = createRoute({
  method: "put",
  path: "/admin/inventory/{sku}/replenishment",
  tags: ["Administration"],
  summary: "Who supplies a SKU, and how much to reorder",
  description:
    "The supplier's order email, and either a fixed `reorderQuantity` per purchase order or `coverDays` of recent sales (30 by " +
    "default). The low-stock scan drafts a purchase order per supplier for the SKUs at or below their threshold; a SKU without a " +
    "supplier gets an alert only. Replaces what was set before. Unknown SKU → 404.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: SkuParam, body: jsonBody(ReplenishmentBody) },
  responses: {
    200: jsonAnswer("The settings now in force", ReplenishmentAnswer),
    ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
  },
});

const stock = createRoute({
  method: "get",
  path: "/admin/inventory",
  tags: ["Administration"],
  summary: "Stock of some SKUs, as Restate counts it",
  description:
    "On hand, reserved by checkouts in flight, available, backordered, the low-stock threshold and whether the item is at or below " +
    "it — straight from each item's object, so never behind (the catalog's projection may lag). `skus`: up to 100, comma-separated; " +
    "SKUs never configured are listed in `unknown`.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: StockQuery },
  responses: { 200: jsonAnswer("The stock of each known SKU", StockList), ...errorResponses(400, 401, 403, 429, 503) },
});

/** A read whose 404 (a SKU never configured) is an answer, not a failure. */
const known = <T>(read: () => PromiseLike<T>) =>
  call(read).catch((error) => {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  });

export function adminInventoryRoutes() {
  const app = routes();

  app.openapi(stock, async (c) => {
    const { skus } = c.req.valid("query");
    const { restate } = c.var.deps;
    // Each SKU's stock and, for its name, its catalog data, all side by side.
    const found = await Promise.all(
      skus.map(async (sku) => {
        const [stock, product] = await Promise.all([
          known(() => restate.object(InventoryItemApi, sku).get()),
          known(() => restate.object(ProductApi, sku).get()),
        ]);
        return stock && stockAnswer(product?.name ?? sku, stock);
      }),
    );
    return c.json({ items: found.flatMap((item) => (item ? [item] : [])), unknown: skus.filter((_, i) => !found[i]) }, 200);
  });

  app.openapi(restock, async (c) => {
    const { sku } = c.req.valid("param");
    const { restate } = c.var.deps;
    const [stock, product] = await Promise.all([
      call(() => restate.object(InventoryItemApi, sku).restock(c.req.valid("json"))),
      known(() => restate.object(ProductApi, sku).get()),
    ]);
    return c.json(stockAnswer(product?.name ?? sku, stock), 200);
  });

  app.openapi(replenishment, async (c) => {
    const { sku } = c.req.valid("param");
    return c.json(await call(() => c.var.deps.restate.object(SkuReplenishmentApi, sku).set(c.req.valid("json"))), 200);
  });

  return app;
}
