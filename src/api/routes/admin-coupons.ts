import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call, writeOptions } from "../restate.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, ListQuery } from "../schemas.ts";
import { CouponAnswer, CouponList, CreateCouponBody } from "../shop-schemas.ts";
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

export function adminCouponRoutes() {
  const app = routes();

  app.openapi(create, async (c) => {
    const definition = c.req.valid("json");
    const created = await call(() =>
      c.var.deps.restate.coupon(definition.code).create(definition, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(couponAnswer(created), 201);
  });

  app.openapi(list, async (c) => {
    const restate = c.var.deps.restate;
    const codes = await call(() => restate.couponRegistry().list(c.req.valid("query")));
    const coupons = await Promise.all(codes.items.map(({ code }) => call(() => restate.coupon(code).get())));
    return c.json({ ...codes, items: coupons.map(couponAnswer) }, 200);
  });

  return app;
}
