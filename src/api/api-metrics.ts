import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ShopFigures } from "./shop-figures.ts";

/** Seconds: from a cached read to a checkout that waits for the bank (CHECKOUT_WAIT_MS is 20 s). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Requests that matched no route (404s, wrong methods): one label value, whatever path was asked. */
const UNMATCHED = "unmatched";

/**
 * One API process's Prometheus registry: its own requests (per replica: Prometheus sums replicas),
 * and the shop-wide figures it reads at each scrape (the same on every replica: take
 * `max` across replicas, never `sum`). Its own registry, not prom-client's global one: `npm start`
 * runs the endpoint's registry in the same process.
 */
export function apiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };

  const requests = new Histogram({
    ...metric,
    name: "http_request_duration_seconds",
    help: "HTTP requests to the API by method, route pattern and status, and how long they took.",
    labelNames: ["method", "route", "status"] as const,
    buckets: REQUEST_BUCKETS,
  });

  const up = new Gauge({
    ...metric,
    name: "shop_figures_up",
    help: "1 when the shop-wide figures below were read at this scrape; 0 when Restate or PostgreSQL did not answer (the figures are then left out).",
  });
  const placed = new Counter({
    ...metric,
    name: "shop_orders_placed_total",
    help: "Orders whose payment was captured (refunded ones included), per currency, from the query side.",
    labelNames: ["currency"] as const,
  });
  const revenue = new Counter({
    ...metric,
    name: "shop_revenue_minor_units_total",
    help: "The totals of the placed orders, in minor units of each currency (cents), before refunds.",
    labelNames: ["currency"] as const,
  });
  const failed = new Counter({
    ...metric,
    name: "shop_orders_failed_total",
    help: "Orders whose checkout failed, by reason (payment_declined, payment_timeout, conflict, shipping, …).",
    labelNames: ["reason"] as const,
  });
  const byStatus = new Gauge({ ...metric, name: "shop_orders", help: "Orders by their current status.", labelNames: ["status"] as const });
  const deliveries = new Gauge({
    ...metric,
    name: "shop_event_deliveries",
    help: "Outbound webhook deliveries by state (pending, succeeded, failed), as the existing subscriptions record them.",
    labelNames: ["state"] as const,
  });
  const subscriptions = new Gauge({
    ...metric,
    name: "shop_webhook_subscriptions",
    help: "Outbound webhook subscriptions: active, or disabled by a 410 Gone.",
    labelNames: ["state"] as const,
  });
  const figures = [placed, revenue, failed, byStatus, deliveries, subscriptions];

  return {
    registry,
    /** `route`: the pattern that answered (route-pattern.ts); undefined when none did. */
    observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
      requests.observe({ method, route: route ?? UNMATCHED, status: String(status) }, seconds);
    },
    /** The figures read at this scrape, or undefined when they could not be: then none is shown rather than stale ones. */
    showFigures(read: ShopFigures | undefined): void {
      for (const m of figures) m.reset();
      up.set(read ? 1 : 0);
      if (!read) return;
      for (const p of read.orders.placed) {
        placed.inc({ currency: p.currency }, p.orders);
        revenue.inc({ currency: p.currency }, p.revenue);
      }
      for (const f of read.orders.failed) failed.inc({ reason: f.reason }, f.orders);
      for (const s of read.orders.byStatus) byStatus.set({ status: s.status }, s.orders);
      const d = read.deliveries;
      for (const state of ["pending", "succeeded", "failed"] as const) deliveries.set({ state }, d[state]);
      subscriptions.set({ state: "active" }, d.subscriptions);
      subscriptions.set({ state: "disabled" }, d.disabledSubscriptions);
    },
  };
}

export type ApiMetrics = ReturnType<typeof apiMetrics>;
