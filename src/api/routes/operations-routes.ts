import { createRoute } from "@hono/zod-openapi";
import { WebhookSubscriptionsApi } from "../../events/events-ingress.ts";
import { subscriptionSecret } from "../../events/signing.ts";
import { PurchaseOrderApi, PurchaseOrderBookApi, ReplenishmentApi } from "../../inventory/inventory-ingress.ts";
import { OrderSearchInput, searchOrders } from "../../orders/order-search.ts";
import { SHOP } from "../../platform/restate/ingress-contract.ts";
import { ApiError } from "../api-errors.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, page } from "../api-schemas.ts";
import { principalOf, requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import {
  AdminOrderList,
  AdminOrderQuery,
  adminOrderListItem,
  CreatedWebhook,
  ORDER_SEARCH_FIELDS,
  orderSearchInput,
  PurchaseOrderAnswer,
  PurchaseOrderIdParam,
  PurchaseOrderList,
  PurchaseOrderListQuery,
  ReceiveBody,
  ReplenishmentStatus,
  ScanReport,
  WebhookBody,
  WebhookIdParam,
  WebhookList,
  webhookAnswer,
} from "../operations-schemas.ts";
import { queryInput } from "../query-input.ts";
import { call, writeOptions } from "../restate-client.ts";

const tags = ["Administration"];

const orders = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "get",
  path: "/admin/orders",
  summary: "Every order, filtered and paged, newest first",
  description:
    "From the query side (it follows the orders within moments): `status`, `from`/`to` (ISO 8601), `customer` (an account id or an " +
    "email, any case), `q` (an order number, or text in the customer's name or email, the number or the id), `coupon` (a coupon code: its redemptions). 503 while the database is away.",
  request: { query: AdminOrderQuery },
  responses: { 200: jsonAnswer("One page of orders", AdminOrderList), ...errorResponses(400, 401, 403, 429, 503) },
});

const purchaseOrders = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "get",
  path: "/admin/purchase-orders",
  summary: "Purchase orders, newest first",
  request: { query: PurchaseOrderListQuery },
  responses: { 200: jsonAnswer("One page of purchase orders", PurchaseOrderList), ...errorResponses(400, 401, 403, 429, 503) },
});

const purchaseOrder = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "get",
  path: "/admin/purchase-orders/{id}",
  summary: "A purchase order with its lines, receipts and log",
  request: { params: PurchaseOrderIdParam },
  responses: { 200: jsonAnswer("The purchase order", PurchaseOrderAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

const poAction = (action: "approve" | "cancel", summary: string, description: string) =>
  createRoute({
    tags,
    security: BEARER,
    middleware: [requireRole("admin")] as const,
    method: "post",
    path: `/admin/purchase-orders/{id}/${action}`,
    summary,
    description,
    request: { params: PurchaseOrderIdParam, headers: IdempotencyHeader },
    responses: { 200: jsonAnswer("The purchase order", PurchaseOrderAnswer), ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
  });
const approve = poAction(
  "approve",
  "Approve a drafted purchase order",
  "The supplier is emailed the order, which is then `ordered`. Only a draft (409 otherwise).",
);
const cancel = poAction("cancel", "Cancel a purchase order", "Only while nothing has arrived for it (409 otherwise).");

const receive = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "post",
  path: "/admin/purchase-orders/{id}/receive",
  summary: "Book a delivery",
  description:
    "Each line's units go into stock once per `reference` (booking the same delivery note again restocks nothing more), serve " +
    "waiting backorders first come first served, and make the product available again. Partial deliveries leave it `partially_received`.",
  request: { params: PurchaseOrderIdParam, body: jsonBody(ReceiveBody), headers: IdempotencyHeader },
  responses: { 200: jsonAnswer("The purchase order", PurchaseOrderAnswer), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const replenishment = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "get",
  path: "/admin/replenishment",
  summary: "The replenishment schedule and its last scan",
  responses: { 200: jsonAnswer("The schedule", ReplenishmentStatus), ...errorResponses(401, 403, 429, 503) },
});

const runReplenishment = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "post",
  path: "/admin/replenishment/run",
  summary: "Scan for low stock now",
  description: "Raises low-stock alerts and drafts purchase orders as the scheduled scan does; the schedule goes on as planned.",
  request: { headers: IdempotencyHeader },
  responses: { 200: jsonAnswer("What the scan found and drafted", ScanReport), ...errorResponses(401, 403, 429, 503) },
});

const createWebhook = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "post",
  path: "/admin/webhooks",
  summary: "Subscribe a URL to domain events",
  description:
    "Deliveries follow the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`), are retried " +
    "for days, in order per order; a subscriber answering 410 is disabled. The answer carries the signing `secret` this once.",
  request: { body: jsonBody(WebhookBody), headers: IdempotencyHeader },
  responses: {
    201: jsonAnswer("The subscription, with its secret", CreatedWebhook),
    ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503),
  },
});

const webhooks = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "get",
  path: "/admin/webhooks",
  summary: "Every subscription with its delivery counts (never the secret)",
  responses: { 200: jsonAnswer("The subscriptions", WebhookList), ...errorResponses(401, 403, 429, 503) },
});

const removeWebhook = createRoute({
  tags,
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  method: "delete",
  path: "/admin/webhooks/{id}",
  summary: "Stop sending to a subscription and forget it",
  request: { params: WebhookIdParam, headers: IdempotencyHeader },
  responses: { 204: { description: "Removed" }, ...errorResponses(400, 401, 403, 404, 429, 503) },
});

export function adminOperationRoutes() {
  const app = routes();

  app.openapi(orders, async (c) => {
    const input = queryInput(OrderSearchInput, orderSearchInput(c.req.valid("query")), ORDER_SEARCH_FIELDS);
    const found = await c.var.deps.query.read((pool) => searchOrders(pool, input));
    return c.json({ items: found.orders.map(adminOrderListItem), page: found.page, limit: found.pageSize, total: found.total }, 200);
  });

  app.openapi(purchaseOrders, async (c) => {
    const all = await call(() => c.var.deps.restate.object(PurchaseOrderBookApi, SHOP).list());
    return c.json(page(all, c.req.valid("query")), 200);
  });

  app.openapi(purchaseOrder, async (c) =>
    c.json(await call(() => c.var.deps.restate.object(PurchaseOrderApi, c.req.valid("param").id).get()), 200),
  );

  for (const [route, act] of [
    [approve, "approve"],
    [cancel, "cancel"],
  ] as const) {
    app.openapi(route, async (c) => {
      const po = c.var.deps.restate.object(PurchaseOrderApi, c.req.valid("param").id);
      const by = principalOf(c).customerId;
      const options = writeOptions(c.req.valid("header")["idempotency-key"]);
      return c.json(await call(() => (act === "approve" ? po.approve({ by }, options) : po.cancel({ by }, options))), 200);
    });
  }

  app.openapi(receive, async (c) => {
    const body = { ...c.req.valid("json"), by: principalOf(c).customerId };
    const po = c.var.deps.restate.object(PurchaseOrderApi, c.req.valid("param").id);
    return c.json(await call(() => po.receive(body, writeOptions(c.req.valid("header")["idempotency-key"]))), 200);
  });

  app.openapi(replenishment, async (c) => c.json(await call(() => c.var.deps.restate.object(ReplenishmentApi, SHOP).status()), 200));

  app.openapi(runReplenishment, async (c) =>
    c.json(
      await call(() => c.var.deps.restate.object(ReplenishmentApi, SHOP).runNow(writeOptions(c.req.valid("header")["idempotency-key"]))),
      200,
    ),
  );

  app.openapi(createWebhook, async (c) => {
    const signingKey = c.var.deps.config.EVENTS_SIGNING_KEY;
    // Without the key the secret cannot be shown, and a subscription nobody can verify is no use.
    if (!signingKey)
      throw new ApiError(503, "unavailable", "outbound webhooks are not configured: set EVENTS_SIGNING_KEY on the API and the endpoints");
    const created = await call(() =>
      c.var.deps.restate
        .object(WebhookSubscriptionsApi, SHOP)
        .create(c.req.valid("json"), writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json({ ...webhookAnswer(created), secret: subscriptionSecret(signingKey, created.id) }, 201);
  });

  app.openapi(webhooks, async (c) => {
    const all = await call(() => c.var.deps.restate.object(WebhookSubscriptionsApi, SHOP).list());
    return c.json({ items: all.map(webhookAnswer) }, 200);
  });

  app.openapi(removeWebhook, async (c) => {
    await call(() =>
      c.var.deps.restate
        .object(WebhookSubscriptionsApi, SHOP)
        .remove({ id: c.req.valid("param").id }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.body(null, 204);
  });

  return app;
}
