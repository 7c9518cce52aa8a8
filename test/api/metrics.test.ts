import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { type Account, api, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { testMockKeys as MOCK_WEBHOOK_CREDENTIALS } from "../support/mock-keys.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";

/**
 * GET /metrics of the API and METRICS_PORT of an endpoint process, on a stack of their own (its own
 * PostgreSQL, restate-server and endpoint), so the shop-wide figures are exactly this file's orders.
 */

const TOKEN = "metrics-token-0123456789abcdef";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, sample by sample (comments and blank lines skipped). */
function parse(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
      );
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The value of the one sample with exactly these labels; 0 when there is none (a series not yet seen). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`scrape of ${url}: ${res.status} ${text}`);
  return { text, samples: parse(text) };
}

let stack: Awaited<ReturnType<typeof ownStack>>;
let server: ApiServer;
let endpointMetricsUrl: string;
let shop: { sku: string; customer: Account };

const apiMetrics = () => scrape(`${server.url}/metrics`);
const endpointMetrics = () => scrape(endpointMetricsUrl);
const call = (path: string, body?: unknown) => post(path, body, { url: stack.restate.ingressUrl });

/** Fills the customer's cart and orders it through the API with this card. */
async function order(paymentMethodId: string, quantity = 2) {
  const { customer, sku } = shop;
  expect((await api("POST", "/cart/items", { url: server.url, token: customer.accessToken, body: { sku, quantity } })).status).toBe(200);
  const shippingAddress = { name: "Ada Lovelace", street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: "US" };
  return api("POST", "/orders", {
    url: server.url,
    token: customer.accessToken,
    body: { shippingAddress, paymentMethodId },
    headers: { "idempotency-key": uniqueId("metrics") },
  });
}

beforeAll(async () => {
  const metricsPort = await freePort();
  // Two delivery attempts, so a subscriber that never answers gives up within the test.
  stack = await ownStack({ endpointEnv: { METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN, EVENT_MAX_ATTEMPTS: "2" } });
  endpointMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  server = await startApiServer({
    port: 0,
    host: "127.0.0.1",
    env: testApiEnv(stack.restate.ingressUrl, { METRICS_TOKEN: TOKEN, QUERY_DATABASE_URL: stack.postgres.url }),
  });
  const sku = uniqueId("SKU-METRICS");
  expect((await call(`/InventoryItem/${sku}/upsert`, { name: "Metered mug", price: 1500, currency: "USD" })).status).toBe(200);
  expect((await call(`/InventoryItem/${sku}/restock`, { quantity: 50 })).status).toBe(200);
  shop = { sku, customer: await newCustomer({ url: server.url }) };
});

afterAll(async () => {
  await server?.close();
  await stack?.dispose();
});

describe("metrics", () => {
  it("answer only with METRICS_TOKEN as a bearer token, on the API and on the endpoint process", async () => {
    for (const url of [`${server.url}/metrics`, endpointMetricsUrl]) {
      for (const authorization of [undefined, "Bearer not-the-metrics-token-at-all", `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
        const res = await fetch(url, { headers: authorization ? { authorization } : {} });
        expect(res.status, `${url} with ${authorization}`).toBe(401);
        expect(await res.text()).not.toContain("# TYPE");
      }
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toContain("# TYPE process_cpu_user_seconds_total counter");
    }
    const refused = await api("GET", "/metrics", { url: server.url });
    expect(refused.body).toEqual({
      error: { code: "unauthenticated", message: "this route needs the metrics token: Authorization: Bearer <METRICS_TOKEN>" },
    });
  });

  it("count the orders placed and failed by reason, and the revenue per currency, exactly", async () => {
    const placed = await order("pm_card_visa", 2);
    expect(placed.status).toBe(201);
    const declined = await order("pm_card_chargeDeclined", 1);
    expect(declined.status).toBe(402);

    // The figures come from the query side, which follows Restate within moments.
    const { samples } = await eventually(
      apiMetrics,
      ({ samples }) =>
        value(samples, "shop_orders", { status: "failed" }) === 1 && value(samples, "shop_orders_placed_total", { currency: "USD" }) === 1,
    );
    expect(value(samples, "shop_figures_up")).toBe(1);
    expect(value(samples, "shop_orders_placed_total", { currency: "USD" })).toBe(1);
    expect(value(samples, "shop_revenue_minor_units_total", { currency: "USD" })).toBe(placed.body.total);
    expect(placed.body.total).toBe(3000 + 695 + 188);
    expect(value(samples, "shop_orders_failed_total", { reason: "payment_declined" })).toBe(1);
    expect(samples.filter((s) => s.name === "shop_orders_failed_total")).toHaveLength(1);
    expect(samples.filter((s) => s.name === "shop_orders").reduce((sum, s) => sum + s.value, 0)).toBe(2);

    // The endpoint counted each authorization by its outcome: the decline is the provider refusing.
    const endpoint = (await endpointMetrics()).samples;
    const authorize = (outcome: string) =>
      value(endpoint, "shop_provider_call_duration_seconds_count", { provider: "stripe", operation: "authorize", outcome });
    expect([authorize("success"), authorize("refused"), authorize("failed")]).toEqual([1, 1, 0]);
    expect(
      value(endpoint, "shop_provider_call_duration_seconds_count", { provider: "stripe", operation: "capture", outcome: "success" }),
    ).toBe(1);
    // Each order was projected (written at least once) and the lag of each write was measured.
    expect(value(endpoint, "shop_projection_writes_total", { projection: "orders", outcome: "written" })).toBeGreaterThanOrEqual(2);
    expect(value(endpoint, "shop_projection_lag_seconds_count", { projection: "orders" })).toBe(
      value(endpoint, "shop_projection_writes_total", { projection: "orders", outcome: "written" }),
    );
  });

  it("time requests by route pattern, never by the path itself", async () => {
    const year = new Date().getUTCFullYear();
    for (const n of ["999998", "999999"]) {
      expect((await api("GET", `/orders/ORD-${year}-${n}`, { url: server.url, token: shop.customer.accessToken })).status).toBe(404);
    }
    expect((await api("GET", `/no-such-route-${uniqueId("x")}`, { url: server.url })).status).toBe(404);
    const { text, samples } = await apiMetrics();
    expect(value(samples, "http_request_duration_seconds_count", { method: "GET", route: "/orders/:orderNumber", status: "404" })).toBe(2);
    expect(value(samples, "http_request_duration_seconds_count", { method: "GET", route: "unmatched", status: "404" })).toBe(1);
    expect(value(samples, "http_request_duration_seconds_count", { method: "POST", route: "/orders", status: "201" })).toBe(1);
    // The whole number: its digits alone may well appear in a float such as a CPU time.
    expect(text).not.toContain(`ORD-${year}-999998`);
    expect(text).not.toContain("no-such-route");
  });

  it("count a retried provider call once per real attempt: replaying the steps before it counts nothing", async () => {
    const before = (await endpointMetrics()).samples;
    // pm_card_flaky fails twice: Restate ends the attempt and retries the invocation, which replays
    // the journal (stock, quote) up to the authorization. Counted in handler code, the quote before
    // it would be counted once per attempt: three times.
    const placed = await order("pm_card_flaky", 1);
    expect(placed.status).toBe(201);
    const after = (await endpointMetrics()).samples;
    const delta = (operation: string, outcome: string, provider = "stripe") =>
      value(after, "shop_provider_call_duration_seconds_count", { provider, operation, outcome }) -
      value(before, "shop_provider_call_duration_seconds_count", { provider, operation, outcome });
    expect(delta("authorize", "failed")).toBe(2);
    expect(delta("authorize", "success")).toBe(1);
    expect(delta("quote", "success", "shippo")).toBe(1);
    expect(delta("buyLabel", "success", "shippo")).toBe(1);
    expect(delta("capture", "success")).toBe(1);
  });

  it("count webhook verdicts by provider: verified, rejected, and duplicates of events already applied", async () => {
    const verdict = (samples: Sample[], v: string) => value(samples, "shop_webhook_verdicts_total", { provider: "stripe", verdict: v });
    const before = (await endpointMetrics()).samples;
    const payload = JSON.stringify({
      id: uniqueId("evt"),
      type: "payment_intent.succeeded",
      data: { object: { id: uniqueId("pi"), metadata: {} } },
    });
    const signed = {
      "content-type": "application/json",
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: MOCK_WEBHOOK_CREDENTIALS.stripeWebhookSecret }),
    };
    const deliver = (headers: Record<string, string>) => api("POST", "/webhooks/stripe", { url: server.url, rawBody: payload, headers });
    expect((await deliver(signed)).status).toBe(200);
    expect((await deliver(signed)).body).toMatchObject({ duplicate: 1 });
    expect((await deliver({ "content-type": "application/json", "stripe-signature": "t=1,v1=00" })).status).toBe(401);
    const after = (await endpointMetrics()).samples;
    expect(["verified", "duplicate", "rejected"].map((v) => verdict(after, v) - verdict(before, v))).toEqual([2, 1, 1]);
  });

  it("report outbound deliveries pending and failed from the subscriptions' state", async () => {
    const dead = `http://127.0.0.1:${await freePort()}/hook`;
    expect((await call("/WebhookSubscriptions/shop/create", { url: dead, events: ["OrderPlaced"] })).status).toBe(200);
    expect((await order("pm_card_visa", 1)).status).toBe(201);
    const { samples } = await eventually(apiMetrics, ({ samples }) => value(samples, "shop_event_deliveries", { state: "failed" }) === 1);
    expect(value(samples, "shop_event_deliveries", { state: "pending" })).toBe(0);
    expect(value(samples, "shop_event_deliveries", { state: "succeeded" })).toBe(0);
    expect(value(samples, "shop_webhook_subscriptions", { state: "active" })).toBe(1);
    // Both attempts reached the dead address and were counted where they ran.
    expect(value((await endpointMetrics()).samples, "shop_event_delivery_attempts_total", { outcome: "retry" })).toBe(2);
  });

  it("GET /health/ready names the database while PostgreSQL is down; /metrics still answers, without the shop's figures", async () => {
    expect((await api("GET", "/health/ready", { url: server.url })).body).toEqual({
      status: "ok",
      checks: { restate: "ok", database: "ok" },
    });
    await stack.postgres.stop();
    try {
      const res = await api("GET", "/health/ready", { url: server.url });
      expect(res.status).toBe(503);
      // As the API reads it (its own query pool) and as the endpoints write it (asked through Restate).
      const down =
        "the API's query pool: connection refused (is PostgreSQL running on that host and port?); " +
        "as the endpoints reach it: connection refused (is PostgreSQL running on that host and port?)";
      expect(res.body.checks).toEqual({ restate: "ok", database: `down: ${down}` });
      expect(res.body.error).toEqual({ code: "not_ready", message: `not ready: database is down: ${down}` });
      const { samples } = await apiMetrics();
      expect(value(samples, "shop_figures_up")).toBe(0);
      expect(samples.filter((s) => s.name === "shop_orders_placed_total")).toEqual([]);
    } finally {
      await stack.postgres.start();
    }
    await eventually(
      () => api("GET", "/health/ready", { url: server.url }),
      (res) => res.status === 200,
    );
  });
});
