import { createRoute } from "@hono/zod-openapi";
import { CustomerOrdersApi, OrderOrchestratorApi } from "../../orders/orders-ingress.ts";
import { ApiError } from "../api-errors.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, ListQuery, optionalJsonBody } from "../api-schemas.ts";
import { principalOf, requireAuth } from "../auth/guards.ts";
import { placeOrder } from "../follow-checkout.ts";
import { jsonIfAny, routes } from "../openapi.ts";
import { findOrder, reread } from "../order-access.ts";
import { call, writeOptions } from "../restate-client.ts";
import {
  CancelOrderBody,
  CheckoutIdempotencyHeader,
  OrderAnswer,
  OrderList,
  OrderNumberParam,
  PlaceOrderBody,
  RefundBody,
} from "../shop-schemas.ts";
import { orderAnswer, orderSummary } from "../views.ts";

const tags = ["Orders"];
const theOrder = (description: string) => jsonAnswer(description, OrderAnswer);

const create = createRoute({
  method: "post",
  path: "/orders",
  tags: ["Cart and checkout"],
  summary: "Order what is in your cart",
  description: [
    "Checks out your cart: reserves the stock, prices it (the carrier's quote, your coupon, tax), authorizes the payment, buys the",
    "label, captures, and emails you. The order gets a number `ORD-<year>-<n>`, sequential per year.",
    "",
    "- Send `expectedTotal` (the `total` of GET /cart after PUT /cart/shipping): if the order would cost more now, it is refused with",
    "  409 and the new total instead of charged. A lower total goes through.",
    "- Send an `Idempotency-Key`: a retry with it answers the same order, once, even after your cart moved on.",
    "- After a successful order your cart is empty: you have a fresh one.",
    "- 201: the order. 202: the order exists and its checkout goes on (it waits for backordered stock, or for an asynchronous payment);",
    "  follow it with GET /orders/{orderNumber}.",
    "- A business failure (402 declined, 409 stock/price/coupon, 422 cannot ship, 408 a payment that never settled) names the failed",
    "  order in `error.orderNumber`: it exists, failed, under that number, and nothing was charged. Fix and order again (a new number).",
    "- An empty cart → 409. A saved address that is not yours → 404.",
  ].join("\n"),
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(PlaceOrderBody), headers: CheckoutIdempotencyHeader },
  responses: {
    201: theOrder("The order"),
    202: theOrder("The order; its checkout goes on (backordered stock, an asynchronous payment)"),
    ...errorResponses(400, 401, 402, 404, 408, 409, 413, 415, 422, 429, 503),
  },
});

const list = createRoute({
  method: "get",
  path: "/orders",
  tags,
  summary: "Your orders, newest first",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { query: ListQuery },
  responses: { 200: jsonAnswer("One page of your orders", OrderList), ...errorResponses(400, 401, 429, 503) },
});

const show = createRoute({
  method: "get",
  path: "/orders/{orderNumber}",
  tags,
  summary: "One of your orders, with what happened to it",
  description: "Another customer's order answers 404, like a number never handed out.",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: OrderNumberParam },
  responses: { 200: theOrder("The order"), ...errorResponses(400, 401, 404, 429, 503) },
});

const cancel = createRoute({
  method: "post",
  path: "/orders/{orderNumber}/cancel",
  tags,
  summary: "Cancel before it ships",
  description:
    "Until the parcel leaves (and while the order waits for a payment or for backordered stock): the label is voided, the payment " +
    "voided or refunded, the stock released, and you get an email. After shipping → 409: ask for a refund instead. The body may be left out.",
  security: BEARER,
  middleware: [requireAuth, jsonIfAny] as const,
  request: { params: OrderNumberParam, body: optionalJsonBody(CancelOrderBody), headers: IdempotencyHeader },
  responses: { 200: theOrder("The order, cancelled"), ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503) },
});

const refund = createRoute({
  method: "post",
  path: "/orders/{orderNumber}/refund",
  tags,
  summary: "Ask for your money back (a return)",
  description: [
    "Who may ask, and what happens:",
    "",
    "- Only once the order was **delivered**, and within the **return window** (RETURN_WINDOW_DAYS after delivery, 30 by default);",
    "  before it ships, cancel instead. Otherwise 409 saying why.",
    "- Units to send back (`items` per line: `[{sku, quantity}]`, at most what the line had and was not returned yet, or",
    "  `returnItems: true` for everything not yet returned) make a **return**: 202, and `refundRequests` shows it `pending`. The shop",
    "  approves it (`approved`: send the units), then marks the units received (`received`): only then do they go back to stock and",
    "  is their money refunded — each unit its share of its line: the line's total less its share of the discount, plus its share of",
    "  the tax. Shipping is not refunded.",
    "- Money alone (`amount`, minor units) is refunded at once, 200 with the order and an email, while it fits what this order may",
    "  still refund without the shop: the **automatic approval budget** (AUTO_APPROVE_REFUND_LIMIT, 5000 minor units by default, for",
    "  the order's whole life, not per request) and what is left of the merchandise (shipping and tax only with the shop's approval).",
    "  Beyond that it waits for an admin: 202. Never more than was captured and not refunded yet (409).",
    "- One request or return may be open at a time (409 for another).",
  ].join("\n"),
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: OrderNumberParam, body: jsonBody(RefundBody), headers: IdempotencyHeader },
  responses: {
    200: theOrder("Refunded at once"),
    202: theOrder("Waiting for the shop (an admin's approval, or the returned units): see refundRequests"),
    ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503),
  },
});

export function orderRoutes() {
  const app = routes();

  app.openapi(create, async (c) => {
    const placed = await placeOrder(c, c.req.valid("json"), c.req.valid("header")["idempotency-key"]);
    return placed.finished ? c.json(orderAnswer(placed.order), 201) : c.json(orderAnswer(placed.order), 202);
  });

  app.openapi(list, async (c) => {
    const restate = c.var.deps.restate;
    const query = c.req.valid("query");
    const page = await call(() => restate.object(CustomerOrdersApi, principalOf(c).customerId).list(query));
    const orders = await Promise.all(
      page.items.map((entry) =>
        call(() => restate.object(OrderOrchestratorApi, entry.orderId).getOrder()).catch((error) => {
          if (error instanceof ApiError && error.status === 404) return undefined;
          throw error;
        }),
      ),
    );
    return c.json({ ...page, items: page.items.map((entry, i) => orderSummary(entry, orders[i])) }, 200);
  });

  app.openapi(show, async (c) => {
    const { order } = await findOrder(c, c.req.valid("param").orderNumber, principalOf(c));
    return c.json(orderAnswer(order), 200);
  });

  app.openapi(cancel, async (c) => {
    const found = await findOrder(c, c.req.valid("param").orderNumber, principalOf(c));
    const body = c.req.valid("json");
    await call(() =>
      c.var.deps.restate.object(OrderOrchestratorApi, found.orderId).cancel(body, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(orderAnswer(await reread(c, found.orderId)), 200);
  });

  app.openapi(refund, async (c) => {
    const found = await findOrder(c, c.req.valid("param").orderNumber, principalOf(c));
    const body = c.req.valid("json");
    const outcome = await call(() =>
      c.var.deps.restate
        .object(OrderOrchestratorApi, found.orderId)
        .requestRefund(body, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    const order = orderAnswer(await reread(c, found.orderId));
    return outcome.request ? c.json(order, 202) : c.json(order, 200);
  });

  return app;
}
