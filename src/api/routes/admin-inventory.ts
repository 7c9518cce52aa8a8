import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate.ts";
import { BEARER, errorResponses, jsonAnswer, jsonBody } from "../schemas.ts";
import { RestockBody, SkuParam, StockAnswer } from "../shop-schemas.ts";
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

export function adminInventoryRoutes() {
  const app = routes();

  app.openapi(restock, async (c) => {
    const { sku } = c.req.valid("param");
    const item = await call(() => c.var.deps.restate.inventory(sku).restock(c.req.valid("json")));
    return c.json(stockAnswer(item), 200);
  });

  return app;
}
