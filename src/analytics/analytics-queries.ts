import type pg from "pg";
import { DEFAULT_CURRENCY } from "../catalog/domain/product.ts";
import {
  conversion,
  type Dashboard,
  type DashboardInput,
  FUNNEL_STEPS,
  type Funnel,
  type FunnelInput,
  growth,
  periodOf,
  type TimeRange,
} from "./domain/analytics.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const num = (value: unknown) => Number(value ?? 0);

/** An order that counts as a sale: its payment was captured (refunds lower revenue, not the count). */
const PAID = "captured > 0";
/** A buyer: the account, or the email for orders placed without one. */
const BUYER = "coalesce(customer_id, lower(customer_email))";

/** Sales, customers and best sellers over the period, against the period before; all from the projections. */
export async function dashboard(pool: pg.Pool, input: DashboardInput, now: number): Promise<Dashboard> {
  const timeRange: TimeRange = input.timeRange ?? "30d";
  const { from, to, previousFrom, days } = periodOf(timeRange, now);
  const range = [new Date(from), new Date(to)];
  const currency = input.currency ?? (await usualCurrency(pool, range));
  const [sales, daily, customers, buyers, top] = await Promise.all([
    pool.query(
      `SELECT created_at >= $2 AS current, count(*) AS orders, coalesce(sum(captured), 0) AS captured, coalesce(sum(refunded), 0) AS refunded
       FROM orders WHERE currency = $1 AND ${PAID} AND created_at >= $3 AND created_at < $4 GROUP BY 1`,
      [currency, range[0], new Date(previousFrom), range[1]],
    ),
    pool.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*) AS orders, sum(captured - refunded) AS revenue
       FROM orders WHERE currency = $1 AND ${PAID} AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
      [currency, ...range],
    ),
    pool.query(
      `SELECT created_at >= $1 AS current, count(*) AS customers FROM customers
       WHERE role = 'customer' AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
      [range[0], new Date(previousFrom), range[1]],
    ),
    pool.query(
      `WITH buyers AS (SELECT DISTINCT ${BUYER} AS who FROM orders WHERE ${PAID} AND created_at >= $1 AND created_at < $2)
       SELECT count(*) AS active,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders p WHERE p.${PAID} AND p.created_at < $1 AND coalesce(p.customer_id, lower(p.customer_email)) = buyers.who)) AS returning
       FROM buyers`,
      range,
    ),
    pool.query(
      `SELECT l->>'sku' AS sku, max(l->>'name') AS name, sum((l->>'quantity')::int) AS units, sum((l->>'lineTotal')::bigint) AS revenue
       FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.lines) l
       WHERE o.currency = $1 AND o.${PAID} AND o.created_at >= $2 AND o.created_at < $3
       GROUP BY 1 ORDER BY units DESC, revenue DESC, sku LIMIT 5`,
      [currency, ...range],
    ),
  ]);
  const period = (current: boolean) => sales.rows.find((r) => r.current === current) ?? { orders: 0, captured: 0, refunded: 0 };
  const [now_, before] = [period(true), period(false)];
  const revenue = num(now_.captured) - num(now_.refunded);
  const orders = num(now_.orders);
  const newCustomers = (current: boolean) => num(customers.rows.find((r) => r.current === current)?.customers);
  const byDate = new Map(daily.rows.map((r) => [r.date as string, r]));
  return {
    timeRange,
    currency,
    period: { from: iso(from), to: iso(to) },
    previousPeriod: { from: iso(previousFrom), to: iso(from) },
    sales: {
      revenue,
      orders,
      averageOrderValue: orders === 0 ? 0 : Math.round(num(now_.captured) / orders),
      refunded: num(now_.refunded),
      revenueGrowth: growth(revenue, num(before.captured) - num(before.refunded)),
      ordersGrowth: growth(orders, num(before.orders)),
      daily: Array.from({ length: days }, (_, i) => {
        const date = iso(from + i * 86_400_000).slice(0, 10);
        const row = byDate.get(date);
        return { date, revenue: num(row?.revenue), orders: num(row?.orders) };
      }),
    },
    customers: {
      new: newCustomers(true),
      newGrowth: growth(newCustomers(true), newCustomers(false)),
      active: num(buyers.rows[0]?.active),
      returning: num(buyers.rows[0]?.returning),
    },
    products: { top: top.rows.map((r) => ({ sku: r.sku, name: r.name, units: num(r.units), revenue: num(r.revenue) })) },
  };
}

/** The currency most paid orders of the period were in; else of all time; else the shop's default (an empty shop). */
async function usualCurrency(pool: pg.Pool, range: Date[]): Promise<string> {
  const { rows } = await pool.query(
    `SELECT currency FROM orders WHERE ${PAID}
     GROUP BY currency ORDER BY count(*) FILTER (WHERE created_at >= $1 AND created_at < $2) DESC, count(*) DESC, currency LIMIT 1`,
    range,
  );
  return (rows[0]?.currency as string | undefined) ?? DEFAULT_CURRENCY;
}

/**
 * Who a funnel event belongs to: the account when there is one, else the storefront's session, else
 * the order (a guest's order, which no view can be linked to).
 */
const VISITOR = "coalesce(customer_id, session_id, order_id)";

/**
 * The funnel over visitors, not events: each step counts the visitors who reached it in the period at
 * or after they reached the step before (their first time there). A step can therefore never count
 * more than the step before: an order with no view before it (seeded, placed through the ingress, a
 * guest) is not a completion of the funnel. docs/analytics.md has the definition.
 */
export async function funnel(pool: pg.Pool, input: FunnelInput, now: number): Promise<Funnel> {
  const timeRange: TimeRange = input.timeRange ?? "30d";
  const { from, to } = periodOf(timeRange, now);
  // reached_k: each visitor's first event of step k at or after their reached_(k-1).
  const reached = FUNNEL_STEPS.map((_, i) =>
    i === 0
      ? `s0 AS (SELECT who, min(occurred_at) AS at FROM events WHERE event = $1 GROUP BY who)`
      : `s${i} AS (SELECT e.who, min(e.occurred_at) AS at FROM events e JOIN s${i - 1} p ON p.who = e.who AND e.occurred_at >= p.at WHERE e.event = $${i + 1} GROUP BY e.who)`,
  );
  const { rows } = await pool.query(
    `WITH events AS (
       SELECT ${VISITOR} AS who, event, occurred_at FROM analytics_events
       WHERE event = ANY($${FUNNEL_STEPS.length + 1}) AND occurred_at >= $${FUNNEL_STEPS.length + 2} AND occurred_at < $${FUNNEL_STEPS.length + 3} AND ${VISITOR} IS NOT NULL
     ), ${reached.join(", ")}
     SELECT ${FUNNEL_STEPS.map((_, i) => `(SELECT count(*) FROM s${i}) AS c${i}`).join(", ")}`,
    [...FUNNEL_STEPS, FUNNEL_STEPS, new Date(from), new Date(to)],
  );
  const counts = FUNNEL_STEPS.map((_, i) => num(rows[0]?.[`c${i}`]));
  return {
    timeRange,
    period: { from: iso(from), to: iso(to) },
    steps: FUNNEL_STEPS.map((step, i) => ({
      step,
      count: counts[i]!,
      conversion: i === 0 ? null : conversion(counts[i]!, counts[i - 1]!),
    })),
    overallConversion: conversion(counts.at(-1)!, counts[0]!),
  };
}
