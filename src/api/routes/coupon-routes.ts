import { createRoute } from "@hono/zod-openapi";
import { SHOP } from "../../platform/restate/ingress-contract.ts";
import { CouponApi, CouponRegistryApi } from "../../pricing/pricing-ingress.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, ListQuery } from "../api-schemas.ts";
import { principalOf, requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call, writeOptions } from "../restate-client.ts";
import { CouponAnswer, CouponCodeParam, CouponList, CreateCouponBody } from "../shop-schemas.ts";
import { couponAnswer } from "../views.ts";

const tags = ["Administration"];

const create = createRoute({
  method: "post",
  path: "/admin/coupons",
  tags,
  summary: "Create a coupon",
  description: [
    "- `percent`: `value` 1–100 off the items; `fixed`: `value` minor units of `currency` (default USD) off the items, never more",
    "  than them; `free_shipping`: no value.",
    "- `minSubtotal`, `startsAt`/`endsAt` (ISO 8601), `maxRedemptions` in all, `perCustomerLimit` per account.",
    "- Codes are case-insensitive (kept upper-case). A code that exists → 409. A checkout holds a redemption until it is paid",
    "  (then it counts) or fails or is cancelled (then it is given back): a single-use code is redeemed exactly once, however many race.",
  ].join("\n"),
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: jsonBody(CreateCouponBody), headers: IdempotencyHeader },
  responses: { 201: jsonAnswer("The coupon", CouponAnswer), ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
});

const list = createRoute({
  method: "get",
  path: "/admin/coupons",
  tags,
  summary: "Every coupon, newest first, with its redemptions",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: ListQuery },
  responses: { 200: jsonAnswer("One page of coupons", CouponList), ...errorResponses(400, 401, 403, 429, 503) },
});

const disable = createRoute({
  method: "post",
  path: "/admin/coupons/{code}/disable",
  tags,
  summary: "Withdraw a coupon",
  description: [
    "From now on a cart that applies it, or holds it, is told it was withdrawn (409 with the reason), and no checkout takes it.",
    "Orders that used it keep their discount; a checkout already holding a redemption keeps it. There is no way back: create a new code.",
    "Withdrawing a withdrawn coupon changes nothing (200). Its redemptions: `GET /admin/orders?coupon={code}`.",
  ].join("\n"),
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: CouponCodeParam, headers: IdempotencyHeader },
  responses: { 200: jsonAnswer("The coupon", CouponAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

const show = createRoute({
  method: "get",
  path: "/admin/coupons/{code}",
  tags,
  summary: "One coupon with its redemptions so far",
  description:
    "Its rules, redemptions (committed and held) and what is left of them, and whether it was withdrawn. Which orders used it: `GET /admin/orders?coupon={code}`.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: CouponCodeParam },
  responses: { 200: jsonAnswer("The coupon", CouponAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

export function adminCouponRoutes() {
  const app = routes();

  app.openapi(create, async (c) => {
    const definition = c.req.valid("json");
    const created = await call(() =>
      c.var.deps.restate.object(CouponApi, definition.code).create(definition, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(couponAnswer(created), 201);
  });

  app.openapi(show, async (c) =>
    c.json(couponAnswer(await call(() => c.var.deps.restate.object(CouponApi, c.req.valid("param").code).get())), 200),
  );

  app.openapi(disable, async (c) => {
    const { code } = c.req.valid("param");
    const by = principalOf(c).customerId;
    const withdrawn = await call(() =>
      c.var.deps.restate.object(CouponApi, code).disable({ by }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(couponAnswer(withdrawn), 200);
  });

  app.openapi(list, async (c) => {
    const restate = c.var.deps.restate;
    const codes = await call(() => restate.object(CouponRegistryApi, SHOP).list(c.req.valid("query")));
    const coupons = await Promise.all(codes.items.map(({ code }) => call(() => restate.object(CouponApi, code).get())));
    return c.json({ ...codes, items: coupons.map(couponAnswer) }, 200);
  });

  return app;
}
