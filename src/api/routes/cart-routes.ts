import { createRoute } from "@hono/zod-openapi";
import { destinationOf } from "../addresses.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody } from "../api-schemas.ts";
import { requireAuth } from "../auth/guards.ts";
import { changeCurrentCart, currentCartView } from "../current-cart.ts";
import { routes } from "../openapi.ts";
import { AddCartItemBody, ApplyCouponBody, CartAnswer, SetQuantityBody, ShippingBody, SkuParam } from "../shop-schemas.ts";
import { cartAnswer } from "../views.ts";

const tags = ["Cart and checkout"];
const theCart = jsonAnswer("Your cart, priced from the catalog now", CartAnswer);
const guarded = { tags, security: BEARER };

const getCart = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "get",
  path: "/cart",
  summary: "Your cart",
  description: "Prices come from the catalog at the moment you ask. Shipping and tax show once PUT /cart/shipping named an address.",
  responses: { 200: theCart, ...errorResponses(401, 429, 503) },
});

const addItem = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "post",
  path: "/cart/items",
  summary: "Add units of a product",
  description:
    "Adds to a line already in the cart. Unknown SKU → 404; more than the shop has → 409. Send an Idempotency-Key so a retry adds once.",
  request: { body: jsonBody(AddCartItemBody), headers: IdempotencyHeader },
  responses: { 200: theCart, ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503) },
});

const setQuantity = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "put",
  path: "/cart/items/{sku}",
  summary: "Set a line's quantity (0 removes it)",
  request: { params: SkuParam, body: jsonBody(SetQuantityBody) },
  responses: { 200: theCart, ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503) },
});

const removeItem = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "delete",
  path: "/cart/items/{sku}",
  summary: "Remove a line",
  description: "Removing a SKU that is not in the cart changes nothing.",
  request: { params: SkuParam },
  responses: { 200: theCart, ...errorResponses(400, 401, 429, 503) },
});

const applyCoupon = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "post",
  path: "/cart/coupon",
  summary: "Use a coupon code",
  description:
    "Codes are case-insensitive. Unknown → 404; expired, used up, below its minimum or in another currency → 409 with the reason.",
  request: { body: jsonBody(ApplyCouponBody) },
  responses: { 200: theCart, ...errorResponses(400, 401, 404, 409, 413, 415, 429, 503) },
});

const removeCoupon = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "delete",
  path: "/cart/coupon",
  summary: "Stop using the coupon",
  responses: { 200: theCart, ...errorResponses(401, 429, 503) },
});

const estimateShipping = createRoute({
  ...guarded,
  middleware: [requireAuth] as const,
  method: "put",
  path: "/cart/shipping",
  summary: "Where the cart goes: shipping and tax",
  description:
    "Asks the carrier for a quote to this address (a saved one by id, or one given in full) and method; the cart then shows " +
    "shipping, tax and the total POST /orders will charge, which is what to send as its `expectedTotal`. The quote stands while " +
    "the cart has as many units; change the cart and ask again. An address the carrier cannot serve → 422.",
  request: { body: jsonBody(ShippingBody) },
  responses: { 200: theCart, ...errorResponses(400, 401, 404, 409, 413, 415, 422, 429, 503) },
});

export function cartRoutes() {
  const app = routes();

  app.openapi(getCart, async (c) => c.json(cartAnswer(await currentCartView(c)), 200));

  app.openapi(addItem, async (c) => {
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    return c.json(cartAnswer(await changeCurrentCart(c, (cart, _owner, options) => cart.addItem(body, options), key)), 200);
  });

  app.openapi(setQuantity, async (c) => {
    const { sku } = c.req.valid("param");
    const { quantity } = c.req.valid("json");
    return c.json(cartAnswer(await changeCurrentCart(c, (cart, _owner, options) => cart.updateItem({ sku, quantity }, options))), 200);
  });

  app.openapi(removeItem, async (c) => {
    const { sku } = c.req.valid("param");
    return c.json(cartAnswer(await changeCurrentCart(c, (cart, _owner, options) => cart.removeItem({ sku }, options))), 200);
  });

  app.openapi(applyCoupon, async (c) => {
    const { code } = c.req.valid("json");
    return c.json(cartAnswer(await changeCurrentCart(c, (cart, _owner, options) => cart.applyCoupon({ code }, options))), 200);
  });

  app.openapi(removeCoupon, async (c) =>
    c.json(cartAnswer(await changeCurrentCart(c, (cart, _owner, options) => cart.removeCoupon(options))), 200),
  );

  app.openapi(estimateShipping, async (c) => {
    const body = c.req.valid("json");
    const view = await changeCurrentCart(c, (cart, owner, options) =>
      cart.estimateShipping(
        { shippingAddress: destinationOf(body, owner.addresses), ...(body.shippingMethod ? { shippingMethod: body.shippingMethod } : {}) },
        options,
      ),
    );
    return c.json(cartAnswer(view), 200);
  });

  return app;
}
