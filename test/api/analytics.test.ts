import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, waitUntilIdle } from "../../scripts/lib/admin.ts";
import { dashboard as dashboardOf } from "../../src/analytics/analytics-queries.ts";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { createPool } from "../../src/platform/database/pool.ts";
import { type Account, api, errorShape, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address } from "../support/shop.ts";

/**
 * On a stack of its own (its own Restate and PostgreSQL), so every figure of the dashboard and the
 * funnel is known exactly: nothing else places orders or tracks events there.
 */
describe("analytics: tracked events, the dashboard and the funnel agree with the orders placed", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let server: ApiServer;
  let pool: pg.Pool;
  const admin = { email: "analytics-admin@example.com", password: randomBytes(12).toString("hex") };
  const get = (path: string, token?: string) => api("GET", path, { url: server.url, token });
  const ingress = (path: string, body?: unknown) => post(path, body, { url: stack.restate.ingressUrl });

  beforeAll(async () => {
    stack = await ownStack();
    server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(stack.restate.ingressUrl, {
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        QUERY_DATABASE_URL: stack.postgres.url,
      }),
    });
    await server.admin;
    pool = createPool({ url: stack.postgres.url, poolMax: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 2_000 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await server?.close();
    await stack?.dispose();
  });

  async function product(price: number): Promise<string> {
    const sku = uniqueId("AN");
    expect((await ingress(`/InventoryItem/${sku}/upsert`, { name: `Product ${sku}`, price, currency: "USD" })).status).toBe(200);
    expect((await ingress(`/InventoryItem/${sku}/restock`, { quantity: 50 })).status).toBe(200);
    return sku;
  }

  const signIn = async (email: string, password: string) =>
    (await api("POST", "/auth/login", { url: server.url, body: { email, password } })).body.accessToken as string;
  const addToCart = async (who: Account, sku: string, quantity: number) =>
    expect((await api("POST", "/cart/items", { url: server.url, token: who.accessToken, body: { sku, quantity } })).status).toBe(200);
  const order = (who: Account, paymentMethodId: string) =>
    api("POST", "/orders", {
      url: server.url,
      token: who.accessToken,
      body: { shippingAddress: address, paymentMethodId },
      headers: { "idempotency-key": uniqueId("order") },
    });
  const track = (body: unknown, headers: Record<string, string> = {}, token?: string) =>
    api("POST", "/analytics/track", { url: server.url, body, headers, token });

  it("counts every step once and every figure from the orders; admins only, bad input named", async () => {
    const [mug, plate] = [await product(1_200), await product(3_000)];
    const ada = await newCustomer({ url: server.url });
    const bob = await newCustomer({ url: server.url, name: "Bob Declined" });

    // Storefront events: the same Idempotency-Key twice is one view; a search is tracked but not a funnel step.
    const session = { sessionId: uniqueId("session") };
    expect((await track({ event: "product_view", ...session, properties: { sku: mug } }, { "idempotency-key": "view-1" })).status).toBe(
      202,
    );
    const again = await track({ event: "product_view", ...session, properties: { sku: mug } }, { "idempotency-key": "view-1" });
    expect(again).toMatchObject({ status: 202, body: { status: "accepted" } });
    expect((await track({ event: "product_view", properties: { sku: plate } }, {}, ada.accessToken)).status).toBe(202);
    expect((await track({ event: "search", ...session, properties: { query: "mug", page: 1 } })).status).toBe(202);

    // Ada buys 2 mugs and a plate; Bob's card is declined after checkout and payment started.
    await addToCart(ada, mug, 2);
    await addToCart(ada, plate, 1);
    const placed = await order(ada, "pm_card_visa");
    expect(placed.status).toBe(201);
    await addToCart(bob, mug, 1);
    const declined = await order(bob, "pm_card_chargeDeclined");
    expect(declined.status).toBe(402);

    const adminToken = await signIn(admin.email, admin.password);
    const refund = await api("POST", `/admin/orders/${placed.body.orderNumber}/refund`, {
      url: server.url,
      token: adminToken,
      body: { amount: 500, reason: "a chipped mug" },
    });
    expect(refund.status).toBe(200);

    const total = placed.body.total as number;
    const dashboard = await eventually(
      () => get("/admin/analytics/dashboard?timeRange=7d", adminToken),
      (res) => res.body?.sales?.refunded === 500 && res.body.customers.new === 2,
      20_000,
    );
    expect(dashboard.status).toBe(200);
    const d = dashboard.body;
    expect(d).toMatchObject({
      timeRange: "7d",
      currency: "USD",
      sales: { revenue: total - 500, orders: 1, averageOrderValue: total, refunded: 500, revenueGrowth: null, ordersGrowth: null },
      // The admin's account is not a customer; Bob bought nothing (declined).
      customers: { new: 2, newGrowth: null, active: 1, returning: 0 },
      products: {
        top: [
          { sku: mug, name: `Product ${mug}`, units: 2, revenue: 2_400 },
          { sku: plate, name: `Product ${plate}`, units: 1, revenue: 3_000 },
        ],
      },
    });
    expect(d.sales.daily).toHaveLength(7);
    // One point per UTC day up to today; the order's day carries it all.
    expect(d.sales.daily.at(-1).date).toBe(new Date(Date.parse(d.period.to) - 86_400_000).toISOString().slice(0, 10));
    expect(d.sales.daily.filter((p: { orders: number }) => p.orders > 0)).toEqual([
      { date: expect.any(String), revenue: total - 500, orders: 1 },
    ]);
    expect(Date.parse(d.period.to) - Date.parse(d.period.from)).toBe(7 * 86_400_000);

    // The funnel counts visitors, each step only those who reached the step before: the anonymous
    // session viewed and left; Ada viewed, added twice and bought; Bob never viewed a product (as
    // seeded orders never did), so his cart and his declined checkout are no step of the funnel.
    const funnel = await eventually(
      () => get("/admin/analytics/funnel?timeRange=7d", adminToken),
      (res) => res.body?.steps?.[0]?.count === 2 && res.body.steps[4].count === 1,
      20_000,
    );
    expect(funnel.body).toMatchObject({
      timeRange: "7d",
      steps: [
        { step: "product_view", count: 2, conversion: null },
        { step: "add_to_cart", count: 1, conversion: 50 },
        { step: "checkout_start", count: 1, conversion: 100 },
        { step: "payment_start", count: 1, conversion: 100 },
        { step: "order_complete", count: 1, conversion: 100 },
      ],
      overallConversion: 50,
    });
    // Orders with no view before them, like `npm run seed`'s: still never more completions than views.
    for (let i = 0; i < 3; i++) {
      const guest = await newCustomer({ url: server.url });
      await addToCart(guest, mug, 1);
      expect((await order(guest, "pm_card_visa")).status).toBe(201);
    }
    const orders = await eventually(
      () => pool.query(`SELECT count(*)::int AS n FROM analytics_events WHERE event = 'order_complete'`),
      (res) => res.rows[0].n === 4,
      20_000,
    );
    expect(orders.rows[0].n).toBe(4);
    const after = await get("/admin/analytics/funnel?timeRange=7d", adminToken);
    const counts = after.body.steps.map((s: { count: number }) => s.count);
    expect(counts).toEqual([2, 1, 1, 1, 1]);
    for (const step of after.body.steps.slice(1)) expect(step.conversion).toBeLessThanOrEqual(100);
    // Each event once: the order was projected many times (captured, shipped, refunded), its steps once each.
    const { rows } = await pool.query(
      `SELECT event, count(*)::int AS n FROM analytics_events WHERE order_id = $1 GROUP BY event ORDER BY event`,
      [placed.body.orderId],
    );
    expect(rows).toEqual([
      { event: "checkout_start", n: 1 },
      { event: "order_complete", n: 1 },
      { event: "payment_start", n: 1 },
    ]);
    const viewer = await pool.query(
      `SELECT customer_id FROM analytics_events WHERE event = 'product_view' AND sku IS NULL AND properties->>'sku' = $1`,
      [plate],
    );
    expect(viewer.rows).toEqual([{ customer_id: ada.id }]);

    // A week later these orders are the period before: growth against them (the query the route runs, at a later clock).
    const later = await dashboardOf(pool, { timeRange: "7d" }, Date.now() + 7 * 86_400_000);
    expect(later.sales).toMatchObject({ revenue: 0, orders: 0, revenueGrowth: -100, ordersGrowth: -100 });
    expect(later.customers).toMatchObject({ new: 0, newGrowth: -100, active: 0 });

    // Who may ask, and what is refused.
    expect((await get("/admin/analytics/dashboard", ada.accessToken)).status).toBe(403);
    expect((await get("/admin/analytics/funnel")).status).toBe(401);
    const badRange = await get("/admin/analytics/dashboard?timeRange=1y", adminToken);
    expect(badRange.status).toBe(400);
    expect(badRange.body.error).toMatchObject({ field: "timeRange", message: expect.stringContaining("7d, 30d, 90d") });
    const spoofed = await track({ event: "order_complete" });
    expect(spoofed.status).toBe(400);
    expect(spoofed.body).toEqual(errorShape("invalid_input"));
    expect(spoofed.body.error).toMatchObject({ field: "event", message: expect.stringContaining("product_view") });
    const nested = await track({ event: "product_view", properties: { sku: { id: 1 } } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.field).toMatch(/^properties/);
    const bidi = await track({ event: "search", properties: { query: "gift\u202Ecard" } });
    expect(bidi.status).toBe(400);
    expect(bidi.body.error.message).toContain("bidirectional");
    // The refused events changed nothing.
    const stored = await pool.query(
      `SELECT event, count(*)::int AS n FROM analytics_events WHERE event IN ('order_complete', 'search') GROUP BY event ORDER BY event`,
    );
    expect(stored.rows).toEqual([
      { event: "order_complete", n: 4 },
      { event: "search", n: 1 },
    ]);
  }, 120_000);
  it("answers searches, lists and dashboards from PostgreSQL without a single Restate invocation (an admin's only the role check)", async () => {
    const adminToken = await signIn(admin.email, admin.password);
    const adminId = (await get("/me", adminToken)).body.id as string;
    const created = await ingress("/CatalogAdmin/createProduct", {
      sku: uniqueId("AN"),
      name: "Quiet teapot",
      price: 2_500,
      status: "active",
    });
    expect(created.status).toBe(200);
    const slug = created.body.slug as string;
    await eventually(
      async () => (await get(`/products/${slug}`)).status,
      (status) => status === 200,
    );
    // Nothing in flight (the orders above delivered, projections written): every invocation from now on is one of ours.
    expect(await waitUntilIdle(stack.restate.adminUrl, 60_000)).toEqual([]);
    const invocations = async () =>
      new Map(
        (await sql<{ id: string; target: string }>(stack.restate.adminUrl, "SELECT id, target FROM sys_invocation")).map((r) => [
          r.id,
          r.target,
        ]),
      );
    const before = await invocations();
    expect(before.size).toBeGreaterThan(0);

    const shopper = [await get("/products?q=quiet+teap"), await get("/products?sort=price_asc&limit=5"), await get(`/products/${slug}`)];
    expect(shopper.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(shopper[0]!.body.items.map((p: { slug: string }) => p.slug)).toEqual([slug]);
    const reads = [
      "/admin/products?status=active",
      "/admin/orders?limit=5",
      `/admin/customers?q=${encodeURIComponent("example.com")}`,
      "/admin/analytics/dashboard",
      "/admin/analytics/funnel",
      "/admin/analytics/retention",
    ];
    for (const path of reads) expect((await get(path, adminToken)).status, path).toBe(200);

    const after = await invocations();
    const added = [...after].filter(([id]) => !before.has(id)).map(([, target]) => target);
    // Each admin route asks the admin's account for its current role (a shared read); nothing else ran.
    expect(added).toEqual(reads.map(() => `Customer/${adminId}/get`));
  }, 120_000);
});
