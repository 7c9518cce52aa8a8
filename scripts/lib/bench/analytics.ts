import { insertEvents } from "../../../src/analytics/analytics-events.ts";
import { dashboard, funnel } from "../../../src/analytics/analytics-queries.ts";
import { type AnalyticsEvent, FUNNEL_STEPS, type FunnelStep } from "../../../src/analytics/domain/analytics.ts";
import { createPool } from "../../../src/platform/database/pool.ts";
import { rng } from "../rng.ts";
import { measure } from "./measure.ts";
import { type QueryCell, served } from "./queries.ts";
import type { OrderLine } from "./shop.ts";

export interface AnalyticsResults {
  /** Paid orders and tracked events in the 30 days the queries cover, when they were measured. */
  paidOrders: number;
  events: number;
  cells: QueryCell[];
}

interface Context {
  ingressUrl: string;
  databaseUrl: string;
  /** SKUs with plenty of stock, for the orders placed when the database holds too few. */
  skus: string[];
  /** A line of processOrder's input, as this version names its fields. */
  orderLine: OrderLine;
  settings: { durationMs: number; warmupMs: number };
  log: (line: string) => void;
}

/** What the issue measures against: at least this many orders and tracked events in the period. */
const ORDERS = 500;
const EVENTS = 100_000;
const DAY_MS = 86_400_000;

const post = async (ingressUrl: string, path: string, body: unknown) => {
  const res = await fetch(`${ingressUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.ok;
};

/**
 * The analytics dashboard and funnel over 30 days holding at least 500 paid orders (placed through
 * processOrder when the run has not placed enough already) and 100,000 tracked events (written in SQL
 * by the function the Analytics service stores with, spread over the period: 100,000 calls through
 * the ingress would take minutes and measure the ingress, not the queries). Through the ingress
 * (AdminQueries) and as SQL alone, at concurrency 1.
 */
export async function benchAnalytics(context: Context): Promise<AnalyticsResults> {
  const { ingressUrl, settings, log } = context;
  const pool = createPool({ url: context.databaseUrl, poolMax: 4, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
  const since = new Date(Date.now() - 29 * DAY_MS);
  const count = async (sql: string) => (await pool.query<{ n: number }>(sql, [since])).rows[0]!.n;
  const paidOrders = () => count("SELECT count(*)::int AS n FROM orders WHERE captured > 0 AND created_at >= $1");
  try {
    const dice = rng(11);
    const missing = ORDERS - (await paidOrders());
    if (missing > 0) {
      log(`placing ${missing} orders for the analytics cells`);
      await placeOrders(ingressUrl, context.skus, context.orderLine, missing, dice);
    }

    const stored = await count("SELECT count(*)::int AS n FROM analytics_events WHERE occurred_at >= $1");
    await seedEvents(pool, Math.max(0, EVENTS - stored), dice);
    await pool.query("ANALYZE orders; ANALYZE analytics_events");
    const [orders, events] = [await paidOrders(), await count("SELECT count(*)::int AS n FROM analytics_events WHERE occurred_at >= $1")];
    log(`analytics over ${orders} paid orders and ${events} tracked events in 30 days`);

    const cells: QueryCell[] = [];
    const shapes: Array<[string, string, () => Promise<unknown>]> = [
      ["dashboard, 30 days", "/AdminQueries/dashboard", () => dashboard(pool, { timeRange: "30d" }, Date.now())],
      ["funnel, 30 days", "/AdminQueries/funnel", () => funnel(pool, { timeRange: "30d" }, Date.now())],
    ];
    for (const [name, path, sql] of shapes) {
      const viaIngress = (await served(ingressUrl, path, { timeRange: "30d" }))
        ? await measure(() => post(ingressUrl, path, { timeRange: "30d" }), { concurrency: 1, ...settings })
        : undefined;
      if (viaIngress) cells.push({ name, via: "ingress", ...viaIngress });
      else log(`${path} is not served: only the SQL is measured`);
      const viaSql = await measure(
        async () => {
          await sql();
          return true;
        },
        { concurrency: 1, ...settings },
      );
      cells.push({ name, via: "sql", ...viaSql });
      log(
        `${name}: ${viaIngress ? `p50 ${viaIngress.p50Ms.toFixed(1)} ms through the ingress, ` : ""}SQL alone p50 ${viaSql.p50Ms.toFixed(1)} ms`,
      );
    }
    return { paidOrders: orders, events, cells };
  } finally {
    await pool.end();
  }
}

/** `n` paid orders through processOrder, 16 at a time, from 100 returning buyers. */
async function placeOrders(
  ingressUrl: string,
  skus: string[],
  orderLine: OrderLine,
  n: number,
  dice: ReturnType<typeof rng>,
): Promise<void> {
  const stamp = Date.now().toString(36);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const ok = await post(ingressUrl, `/OrderOrchestrator/bench-analytics-${stamp}-${i}/processOrder`, {
        items: dice.sample(skus, 1 + (i % 3)).map((sku) => orderLine(sku, 1 + (i % 2))),
        customer: { email: `buyer-${i % 100}@example.com`, name: "Bench Buyer" },
        shipping: { street: "1 Fast Lane", city: "Springfield", state: "OR", zip: "97477", country: "US" },
        paymentMethod: "pm_card_visa",
      });
      if (!ok) throw new Error(`an order for the analytics cells failed`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A storefront's worth of events over 30 days: each step rarer than the one before, as in a real funnel. */
async function seedEvents(pool: ReturnType<typeof createPool>, n: number, dice: ReturnType<typeof rng>): Promise<void> {
  const weights: Array<[FunnelStep | "search", number]> = [
    ["product_view", 60],
    ["search", 15],
    ["add_to_cart", 15],
    ["checkout_start", 5],
    ["payment_start", 3],
    ["order_complete", 2],
  ];
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const pick = () => {
    const roll = dice.int(0, total - 1);
    let below = 0;
    for (const [event, w] of weights) {
      below += w;
      if (roll < below) return event;
    }
    return FUNNEL_STEPS[0];
  };
  const stamp = Date.now().toString(36);
  const now = Date.now();
  for (let i = 0; i < n; i += 1000) {
    const batch: AnalyticsEvent[] = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
      eventId: `bench-${stamp}-${i + j}`,
      event: pick(),
      occurredAt: now - dice.int(0, 29 * DAY_MS),
      sessionId: `session-${dice.int(0, 19_999)}`,
      properties: { sku: `SEED-${String(dice.int(1, 10_000)).padStart(6, "0")}` },
    }));
    await insertEvents(pool, batch);
  }
}
