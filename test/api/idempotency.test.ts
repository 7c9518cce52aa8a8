import { describe, expect, it } from "vitest";
import { api, newCustomer, PASSWORD, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

const REUSED = {
  error: {
    code: "idempotency_key_reused",
    message: "Idempotency-Key: was already used for another request (another body, route or path); send a new key for a new request",
    field: "idempotency-key",
  },
};

const withKey = (key: string) => ({ "idempotency-key": key });

describe("an Idempotency-Key used again for another request is 422 idempotency_key_reused, and nothing happens", () => {
  it("POST /orders: the same key and body answer the same order once; another body with that key places nothing", async () => {
    const me = await newCustomer();
    const sku = await product(5, 1200);
    expect((await api("POST", "/cart/items", { token: me.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    const key = uniqueId("order-key");
    const body = { shippingAddress: address, paymentMethodId: "pm_card_visa" };
    const placed = await api("POST", "/orders", { token: me.accessToken, body, headers: withKey(key) });
    expect(placed.status).toBe(201);
    // Key order and an explicit default make no other request.
    const again = await api("POST", "/orders", {
      token: me.accessToken,
      body: { paymentMethodId: "pm_card_visa", shippingAddress: address },
      headers: withKey(key),
    });
    expect(again.status).toBe(201);
    expect(again.body.orderNumber).toBe(placed.body.orderNumber);

    expect((await api("POST", "/cart/items", { token: me.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    const other = await api("POST", "/orders", {
      token: me.accessToken,
      body: { ...body, notes: "a second order" },
      headers: withKey(key),
    });
    expect(other.status).toBe(422);
    expect(other.body).toEqual(REUSED);
    const orders = await api("GET", "/orders", { token: me.accessToken });
    expect(orders.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([placed.body.orderNumber]);
    // The cart filled since is still there, not checked out under the old key.
    expect((await api("GET", "/cart", { token: me.accessToken })).body.items).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
  });

  it("POST /me/addresses: another address under the same key saves nothing", async () => {
    const me = await newCustomer();
    const key = uniqueId("address-key");
    const first = await api("POST", "/me/addresses", { token: me.accessToken, body: { label: "Home", ...address }, headers: withKey(key) });
    expect(first.status).toBe(201);
    const second = await api("POST", "/me/addresses", {
      token: me.accessToken,
      body: { label: "Work", ...address, street: "2 Other Road" },
      headers: withKey(key),
    });
    expect(second.status).toBe(422);
    expect(second.body).toEqual(REUSED);
    expect((await api("GET", "/me/addresses", { token: me.accessToken })).body.items.map((a: { id: string }) => a.id)).toEqual([
      first.body.id,
    ]);
  });

  it("keys are the caller's own: another customer may use the same key for their own request", async () => {
    const [ada, bob] = [await newCustomer(), await newCustomer()];
    const key = uniqueId("shared-key");
    expect((await api("POST", "/me/addresses", { token: ada.accessToken, body: address, headers: withKey(key) })).status).toBe(201);
    expect(
      (await api("POST", "/me/addresses", { token: bob.accessToken, body: { ...address, street: "9 Elsewhere" }, headers: withKey(key) }))
        .status,
    ).toBe(201);
  });

  it("a request refused as invalid binds no key: the corrected request goes through", async () => {
    const me = await newCustomer();
    const key = uniqueId("invalid-key");
    expect(
      (await api("POST", "/me/addresses", { token: me.accessToken, body: { ...address, country: "Narnia" }, headers: withKey(key) }))
        .status,
    ).toBe(400);
    expect((await api("POST", "/me/addresses", { token: me.accessToken, body: address, headers: withKey(key) })).status).toBe(201);
  });
});

type Caller = "anonymous" | "customer" | "admin";
interface Probe {
  caller: Caller;
  /** A request the route accepts as valid (it may then be a 404: the key is bound before the route acts). */
  body?: unknown;
  path?: string;
  headers?: Record<string, string>;
}

const year = new Date().getUTCFullYear();
const ORDER = `ORD-${year}-999999`;

/** One valid request per route that takes an Idempotency-Key, by `METHOD /openapi/path`. */
const PROBES: Record<string, Probe> = {
  "POST /auth/register": { caller: "anonymous", body: { email: uniqueEmail("probe"), password: PASSWORD, name: "Probe" } },
  "POST /analytics/track": { caller: "anonymous", body: { event: "product_view" } },
  "PUT /me": { caller: "customer", body: { name: "Probe" } },
  "POST /me/addresses": { caller: "customer", body: address },
  "DELETE /me/addresses/{id}": { caller: "customer", path: `/me/addresses/adr_${"0".repeat(20)}` },
  "POST /cart/items": { caller: "customer", body: { sku: "NO-SUCH-SKU", quantity: 1 } },
  "POST /orders": { caller: "customer", body: { shippingAddress: address, paymentMethodId: "pm_card_visa" } },
  "POST /guest/orders": {
    caller: "anonymous",
    headers: { "x-guest-cart": `gc_${"G".repeat(43)}` },
    body: { email: "probe@example.com", name: "Probe", shippingAddress: address, paymentMethodId: "pm_card_visa" },
  },
  "POST /orders/{orderNumber}/cancel": { caller: "customer", path: `/orders/${ORDER}/cancel`, body: {} },
  "POST /orders/{orderNumber}/refund": { caller: "customer", path: `/orders/${ORDER}/refund`, body: { reason: "probe" } },
  "PUT /admin/customers/{id}/role": { caller: "admin", path: `/admin/customers/cus_${"0".repeat(32)}/role`, body: { role: "customer" } },
  "PUT /admin/orders/{orderNumber}/status": { caller: "admin", path: `/admin/orders/${ORDER}/status`, body: { status: "shipped" } },
  "POST /admin/orders/{orderNumber}/refund": { caller: "admin", path: `/admin/orders/${ORDER}/refund`, body: { reason: "probe" } },
  "POST /admin/orders/{orderNumber}/refund-requests/{id}/approve": {
    caller: "admin",
    path: `/admin/orders/${ORDER}/refund-requests/rr-1/approve`,
    body: {},
  },
  "POST /admin/orders/{orderNumber}/refund-requests/{id}/reject": {
    caller: "admin",
    path: `/admin/orders/${ORDER}/refund-requests/rr-1/reject`,
    body: {},
  },
  "POST /admin/orders/{orderNumber}/risk-review/approve": { caller: "admin", path: `/admin/orders/${ORDER}/risk-review/approve`, body: {} },
  "POST /admin/orders/{orderNumber}/risk-review/reject": { caller: "admin", path: `/admin/orders/${ORDER}/risk-review/reject`, body: {} },
  "POST /admin/orders/{orderNumber}/refund-requests/{id}/receive": {
    caller: "admin",
    path: `/admin/orders/${ORDER}/refund-requests/rr-1/receive`,
    body: {},
  },
  "POST /admin/coupons": { caller: "admin", body: { code: "PROBE10", type: "percent", value: 10 } },
  "POST /admin/coupons/{code}/disable": { caller: "admin", path: "/admin/coupons/NO-SUCH-PROBE/disable" },
  "POST /admin/products": { caller: "admin", body: { sku: "PROBE-1", name: "Probe", price: 100, currency: "USD", status: "draft" } },
  "PUT /admin/products/{id}": { caller: "admin", path: `/admin/products/prd_${"0".repeat(24)}`, body: { price: 100 } },
  "POST /admin/categories": { caller: "admin", body: { name: "Probe" } },
  "POST /admin/purchase-orders/{id}/approve": { caller: "admin", path: "/admin/purchase-orders/po_probe/approve" },
  "POST /admin/purchase-orders/{id}/cancel": { caller: "admin", path: "/admin/purchase-orders/po_probe/cancel" },
  "POST /admin/purchase-orders/{id}/receive": {
    caller: "admin",
    path: "/admin/purchase-orders/po_probe/receive",
    body: { reference: "probe", lines: [{ sku: "PROBE-1", quantity: 1 }] },
  },
  "POST /admin/replenishment/run": { caller: "admin" },
  "POST /admin/webhooks": { caller: "admin", body: { url: "https://hooks.example.com/probe", events: ["OrderPlaced"] } },
  "DELETE /admin/webhooks/{id}": { caller: "admin", path: `/admin/webhooks/whs_${"0".repeat(20)}` },
};

describe("every route that takes an Idempotency-Key refuses one already used for another request", () => {
  it("the probes cover exactly the routes whose OpenAPI description takes the header", async () => {
    const doc = (await api("GET", "/openapi.json")).body;
    const taking = Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>,
    ).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.parameters?.some((p) => p.in === "header" && p.name === "idempotency-key"))
        .map(([method, op]) => {
          // The 422 is part of each one's contract.
          expect(op.responses["422"], `${method} ${path}`).toBeDefined();
          return `${method.toUpperCase()} ${path}`;
        }),
    );
    expect(taking.sort()).toEqual(Object.keys(PROBES).sort());
  });

  it.each(Object.keys(PROBES))("%s", async (route) => {
    const probe = PROBES[route]!;
    const [method, pattern] = route.split(" ") as [string, string];
    const tokens: Record<Caller, string | undefined> = {
      anonymous: undefined,
      customer: probe.caller === "customer" ? (await newCustomer()).accessToken : undefined,
      admin: probe.caller === "admin" ? (await signedInAdmin()).accessToken : undefined,
    };
    const token = tokens[probe.caller];
    const key = uniqueId("probe-key");
    // The key is first used for another request of the same caller, on another route.
    const first =
      probe.caller === "anonymous"
        ? await api("POST", "/analytics/track", { body: { event: "search", properties: { q: route } }, headers: withKey(key) })
        : await api("POST", "/me/addresses", { token, body: { ...address, street: route.slice(0, 100) }, headers: withKey(key) });
    expect(first.status, first.text).toBeLessThan(300);
    const path = probe.path ?? pattern;
    const res = await api(method, path, {
      token,
      ...(probe.body === undefined ? {} : { body: probe.body }),
      headers: { ...withKey(key), ...probe.headers },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.body).toEqual(REUSED);
  });
});
