import { createHash } from "node:crypto";
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { guestLinkKey, guestOrderToken, guestTokenOpens } from "../../orders/domain/guest-order-link.ts";
import { CartApi } from "../../orders/orders-ingress.ts";
import { notFound } from "../api-errors.ts";
import { errorResponses, IdempotencyHeader, jsonAnswer, jsonBody } from "../api-schemas.ts";
import type { ApiEnv } from "../context.ts";
import { followOrder, submitOptions } from "../follow-checkout.ts";
import { routes } from "../openapi.ts";
import { findOrder } from "../order-access.ts";
import { call, writeOptions } from "../restate-client.ts";
import {
  AddCartItemBody,
  CartAnswer,
  GuestCartHeader,
  GuestOrderAnswer,
  GuestOrderBody,
  GuestOrderTokenHeader,
  OrderAnswer,
  OrderNumberParam,
  SetQuantityBody,
  SkuParam,
} from "../shop-schemas.ts";
import { cartAnswer, orderAnswer } from "../views.ts";

const tags = ["Guest checkout"];

/**
 * A guest cart is `Cart/guest-<hash>`: the hash of the token the browser drew, so Restate's state
 * and journal never hold the token, and only its holder reaches the cart.
 */
const guestCartId = (token: string) => `guest-${createHash("sha256").update(token).digest("hex").slice(0, 40)}`;
const cartOf = (c: Context<ApiEnv>, token: string) => c.var.deps.restate.object(CartApi, guestCartId(token));

const theCart = jsonAnswer("The guest cart, priced from the catalog now", CartAnswer);

const getCart = createRoute({
  method: "get",
  path: "/guest/cart",
  tags,
  summary: "A guest's cart",
  description: "No account: the cart is the one of the `X-Guest-Cart` token (a new token is an empty cart).",
  request: { headers: GuestCartHeader },
  responses: { 200: theCart, ...errorResponses(400, 429, 503) },
});

const addItem = createRoute({
  method: "post",
  path: "/guest/cart/items",
  tags,
  summary: "Add a product to a guest's cart",
  request: { headers: GuestCartHeader, body: jsonBody(AddCartItemBody) },
  responses: { 200: theCart, ...errorResponses(400, 404, 409, 413, 415, 429, 503) },
});

const setQuantity = createRoute({
  method: "put",
  path: "/guest/cart/items/{sku}",
  tags,
  summary: "Change a line of a guest's cart (0 removes it)",
  request: { headers: GuestCartHeader, params: SkuParam, body: jsonBody(SetQuantityBody) },
  responses: { 200: theCart, ...errorResponses(400, 404, 409, 413, 415, 429, 503) },
});

const placeOrder = createRoute({
  method: "post",
  path: "/guest/orders",
  tags,
  summary: "Check out a guest's cart with an email",
  description: [
    "No account: the guest gives an email, a name and the address. The answer is the order with `orderToken`, and the",
    "confirmation email links to the order's page with the same token: a signed token (HMAC of the order number and an",
    "expiry, 90 days after the order) that reads that one order and nothing else. The cart is empty for the next order",
    "(a failed order's lines come back to it). Guest checkouts are limited per client address (GUEST_CHECKOUT_MAX_PER_IP in",
    "GUEST_CHECKOUT_WINDOW_SECONDS; 429 with Retry-After). Business failures as for POST /orders (402/409/422 with",
    "`error.orderNumber`); 202 when the order goes on waiting. Send `Idempotency-Key`.",
  ].join("\n"),
  request: { headers: GuestCartHeader.merge(IdempotencyHeader), body: jsonBody(GuestOrderBody) },
  responses: {
    201: jsonAnswer("The order", GuestOrderAnswer),
    202: jsonAnswer("The order, going on (backordered stock, an asynchronous payment)", GuestOrderAnswer),
    ...errorResponses(400, 402, 408, 409, 413, 415, 422, 429, 503),
  },
});

const getOrder = createRoute({
  method: "get",
  path: "/guest/orders/{orderNumber}",
  tags,
  summary: "A guest's order, by the token of its link",
  description: "404 for a token that is not this order's, has expired, or an order that does not exist: the same answer for all.",
  request: { headers: GuestOrderTokenHeader, params: OrderNumberParam },
  responses: { 200: jsonAnswer("The order", OrderAnswer), ...errorResponses(400, 404, 429, 503) },
});

export function guestRoutes() {
  const app = routes();

  app.openapi(getCart, async (c) => c.json(cartAnswer(await call(() => cartOf(c, c.req.valid("header")["x-guest-cart"]).get())), 200));

  app.openapi(addItem, async (c) => {
    const body = c.req.valid("json");
    const cart = cartOf(c, c.req.valid("header")["x-guest-cart"]);
    return c.json(cartAnswer(await call(() => cart.addItem(body, writeOptions(undefined)))), 200);
  });

  app.openapi(setQuantity, async (c) => {
    const { sku } = c.req.valid("param");
    const { quantity } = c.req.valid("json");
    const cart = cartOf(c, c.req.valid("header")["x-guest-cart"]);
    return c.json(cartAnswer(await call(() => cart.updateItem({ sku, quantity }, writeOptions(undefined)))), 200);
  });

  app.openapi(placeOrder, async (c) => {
    const { deps } = c.var;
    const headers = c.req.valid("header");
    const idempotencyKey = headers["idempotency-key"];
    const body = c.req.valid("json");
    await deps.limits.guestCheckout(c.var.clientIp);
    const cartId = guestCartId(headers["x-guest-cart"]);
    const cart = deps.restate.object(CartApi, cartId);
    const input = {
      customer: { email: body.email, name: body.name },
      shippingAddress: { name: body.name, ...body.shippingAddress },
      paymentMethod: body.paymentMethodId,
      ...(body.shippingMethod ? { shippingMethod: body.shippingMethod } : {}),
      ...(body.expectedTotal !== undefined ? { expectedTotal: body.expectedTotal } : {}),
      ...(body.notes ? { notes: body.notes } : {}),
    };
    const placed = await followOrder(c, cartId, () => cart.checkout(input, submitOptions(c, idempotencyKey)));
    const { order } = placed;
    const orderNumber = order.orderNumber ?? order.orderId;
    const answer = { ...orderAnswer(order), orderToken: guestOrderToken(linkKey(c), orderNumber, order.createdAt) };
    return placed.finished ? c.json(answer, 201) : c.json(answer, 202);
  });

  app.openapi(getOrder, async (c) => {
    const { orderNumber } = c.req.valid("param");
    // The token first: without one that opens this number, nothing is looked up.
    if (!guestTokenOpens(linkKey(c), c.req.valid("header")["x-order-token"], orderNumber, Date.now()))
      throw notFound(`order ${orderNumber} not found`);
    const { order } = await findOrder(c, orderNumber);
    // Only an order placed as a guest: an account's orders are read signed in.
    if (order.customerId) throw notFound(`order ${orderNumber} not found`);
    return c.json(orderAnswer(order), 200);
  });

  return app;
}

const linkKey = (c: Context<ApiEnv>) => guestLinkKey(c.var.deps.config.API_CALLER_KEY[0]!);
