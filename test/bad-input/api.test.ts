import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { eventually, post } from "../support/restate.ts";
import { type ApiBadRequest, apiBadRequests } from "./api-requests.ts";
import { type ApiFixture, apiRoutes, type RouteSpec } from "./api-routes.ts";
import { badInputServer } from "./harness.ts";

/**
 * A product low on stock (its alert unacknowledged), a coupon, and an order of the fixture customer
 * placed through the API: what the shop's routes act on when a bad request slips through.
 */
async function shopFixture(url: string, ingressUrl: string, customerToken: string, adminToken: string, addressId: string) {
  const sku = "BAD-API-SKU";
  const ingress = (path: string, body: unknown) => post(path, body, { url: ingressUrl });
  expect((await ingress(`/InventoryItem/${sku}/upsert`, { name: "Bad-input mug", price: 1200, lowStockThreshold: 9 })).status).toBe(200);
  expect((await ingress(`/InventoryItem/${sku}/restock`, { quantity: 10 })).status).toBe(200);
  const coupon = await api("POST", "/admin/coupons", {
    url,
    token: adminToken,
    body: { code: "BAD-INPUT-10", type: "percent", value: 10 },
  });
  const added = await api("POST", "/cart/items", { url, token: customerToken, body: { sku, quantity: 2 } });
  const placed = await api("POST", "/orders", {
    url,
    token: customerToken,
    body: { shippingAddressId: addressId, paymentMethodId: "pm_card_visa" },
  });
  expect([coupon.status, added.status, placed.status]).toEqual([201, 200, 201]);
  const alerts = await eventually(
    () => api("GET", "/admin/alerts", { url, token: adminToken }),
    (r) => r.body.items?.length > 0,
  );
  return {
    sku,
    alertId: alerts.body.items[0].id as string,
    coupon: coupon.body.code as string,
    orderNumber: placed.body.orderNumber as string,
  };
}

/** Generated cases per route; BAD_INPUT_RUNS raises it for a deeper (slower) search. */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 25);

describe("bad input to every API route: a 4xx in the contract's error shape, never a 5xx, nothing changed", () => {
  let server: Awaited<ReturnType<typeof badInputServer>>;
  let apiServer: ApiServer;
  let fixture: ApiFixture;
  let routes: RouteSpec[];
  let baseline: string;
  let readBack: string;
  let cases = 0;

  /** What the fixture customer and admin read back through the API. */
  const views = async () =>
    JSON.stringify(
      await Promise.all(
        [
          api("GET", "/me", { url: apiServer.url, token: fixture.customerToken }),
          api("GET", "/me/addresses", { url: apiServer.url, token: fixture.customerToken }),
          api("GET", "/me", { url: apiServer.url, token: fixture.adminToken }),
          api("GET", "/cart", { url: apiServer.url, token: fixture.customerToken }),
          api("GET", "/orders", { url: apiServer.url, token: fixture.customerToken }),
          api("GET", `/orders/${fixture.orderNumber}`, { url: apiServer.url, token: fixture.customerToken }),
          api("GET", "/admin/alerts", { url: apiServer.url, token: fixture.adminToken }),
          api("GET", "/admin/coupons", { url: apiServer.url, token: fixture.adminToken }),
        ].map(async (answer) => {
          const { status, body } = await answer;
          return { status, body };
        }),
      ),
    );

  beforeAll(async () => {
    server = await badInputServer();
    const admin = { email: "admin@bad-input.test", password: "admin password for bad input" };
    apiServer = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(server.ingressUrl, {
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        QUERY_DATABASE_URL: server.databaseUrl,
      }),
    });
    await apiServer.admin;
    const url = apiServer.url;
    const customer = { email: "ada@bad-input.test", password: "ada's valid password" };
    const registered = await api("POST", "/auth/register", { url, body: { ...customer, name: "Ada Lovelace" } });
    const address = await api("POST", "/me/addresses", {
      url,
      token: registered.body.accessToken,
      body: { name: "Ada Lovelace", street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "GB" },
    });
    const adminLogin = await api("POST", "/auth/login", { url, body: admin });
    expect([registered.status, address.status, adminLogin.status]).toEqual([201, 201, 200]);
    const { sku, alertId, coupon, orderNumber } = await shopFixture(
      url,
      server.ingressUrl,
      registered.body.accessToken,
      adminLogin.body.accessToken,
      address.body.id,
    );
    const item = (await (await fetch(`${server.ingressUrl}/InventoryItem/${sku}/get`, { method: "POST" })).json()) as {
      productId: string;
      slug: string;
    };
    fixture = {
      customerEmail: customer.email,
      customerPassword: customer.password,
      customerId: registered.body.customer.id,
      customerToken: registered.body.accessToken,
      refreshToken: registered.body.refreshToken,
      addressId: address.body.id,
      adminToken: adminLogin.body.accessToken,
      freshEmail: "nobody-yet@bad-input.test",
      sku,
      alertId,
      coupon,
      freshCoupon: "NOBODY-YET",
      orderNumber,
      productId: item.productId,
      slug: item.slug,
    };
    routes = apiRoutes(fixture);
    expect(await server.idle()).toEqual([]);
    baseline = await server.state();
    readBack = await views();
  });

  afterAll(async () => {
    console.log(
      `bad input: ${cases} generated cases against ${routes?.length ?? 0} API routes, each answered 4xx in the error shape and changed nothing`,
    );
    await apiServer?.close();
    await server?.dispose();
  });

  async function send(request: ApiBadRequest) {
    const res = await fetch(`${apiServer.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, text };
  }

  async function refused(request: ApiBadRequest): Promise<void> {
    cases++;
    const before = await server.state();
    const reply = await send(request);
    const context = `${request.method} ${request.path.slice(0, 200)} with ${request.what} → ${reply.status} ${reply.text.slice(0, 300)}`;
    expect(reply.status, context).toBeGreaterThanOrEqual(400);
    expect(reply.status, context).toBeLessThan(500);
    const body = JSON.parse(reply.text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
    expect(Object.keys(body), context).toEqual(["error"]);
    expect(body.error?.code, context).toMatch(/^[a-z_]+$/);
    expect(typeof body.error?.message === "string" && body.error.message.trim().length > 0, context).toBe(true);
    if (body.error?.field !== undefined) expect(typeof body.error.field, context).toBe("string");
    expect(await server.state(), `state changed by ${context}`).toBe(before);
  }

  // The routes are known before the fixture is; their generators are built once it exists.
  const names = apiRoutes({
    customerEmail: "",
    customerPassword: "",
    customerId: "",
    customerToken: "",
    refreshToken: "a.b.c",
    addressId: "",
    adminToken: "a.b.c",
    freshEmail: "",
    sku: "",
    alertId: "",
    coupon: "",
    freshCoupon: "",
    orderNumber: "",
    productId: "",
    slug: "",
  }).map((spec) => spec.route);

  it.each(names)("%s refuses bad bodies, fields, parameters, queries and credentials", async (route) => {
    const spec = routes.find((r) => r.route === route)!;
    await fc.assert(fc.asyncProperty(apiBadRequests(spec, fixture), refused), { numRuns: RUNS });
    expect(await server.open(), route).toEqual([]);
  });

  it("covers every route of the OpenAPI document that takes input or credentials", async () => {
    const document = (await api("GET", "/openapi.json", { url: apiServer.url })).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Public and without input (/metrics too, with no METRICS_TOKEN here): nothing a request could get wrong.
    const NOTHING_TO_REFUSE = new Set(["GET /health", "GET /health/ready", "GET /categories", "GET /metrics"]);
    expect(documented.filter((route) => !NOTHING_TO_REFUSE.has(route) && !names.includes(route))).toEqual([]);
  });

  it("left every fixture as it was, read back through the API", async () => {
    expect(await server.open()).toEqual([]);
    expect(await server.state()).toBe(baseline);
    expect(await views()).toBe(readBack);
  });
});
