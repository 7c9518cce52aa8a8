import type pg from "pg";
import { z } from "zod";
import { FAILURE_REASONS, failureReason } from "./domain/failure-reasons.ts";
import { ORDER_STATUSES } from "./domain/order-status.ts";

const count = z.number().int().min(0);

/** The shop's orders as the projection holds them: what GET /metrics reports as shop-wide figures. */
export const OrderFigures = z.object({
  placed: z
    .array(z.object({ currency: z.string(), orders: count, revenue: count.describe("the placed orders' totals, in minor units") }))
    .describe("orders whose payment was captured (refunded ones included), per currency"),
  failed: z.array(z.object({ reason: z.enum(FAILURE_REASONS), orders: count })).describe("orders whose checkout failed, by reason"),
  byStatus: z.array(z.object({ status: z.enum(ORDER_STATUSES), orders: count })).describe("every order by its current status"),
});
export type OrderFigures = z.infer<typeof OrderFigures>;

/** Payment statuses an order reaches only once its payment was captured: the checkout succeeded. */
const CAPTURED = ["captured", "partially_refunded", "refunded"];

/**
 * Three aggregates over the orders table, in one round trip each (no index serves a whole-table
 * count; at a scrape every 15 s that is a sequential scan of a table PostgreSQL keeps in memory).
 */
export async function orderFigures(pool: pg.Pool): Promise<OrderFigures> {
  const [placed, failed, byStatus] = await Promise.all([
    pool.query<{ currency: string; orders: number; revenue: number }>(
      "SELECT currency, count(*)::int AS orders, coalesce(sum(total), 0)::bigint AS revenue FROM orders WHERE payment_status = ANY($1::text[]) GROUP BY currency ORDER BY currency",
      [CAPTURED],
    ),
    pool.query<{ code: number | null; orders: number }>(
      "SELECT failure_code AS code, count(*)::int AS orders FROM orders WHERE status = 'failed' GROUP BY failure_code",
    ),
    pool.query<{ status: OrderFigures["byStatus"][number]["status"]; orders: number }>(
      "SELECT status, count(*)::int AS orders FROM orders GROUP BY status ORDER BY status",
    ),
  ]);
  const reasons = new Map<OrderFigures["failed"][number]["reason"], number>();
  for (const row of failed.rows) {
    const reason = failureReason(row.code);
    reasons.set(reason, (reasons.get(reason) ?? 0) + row.orders);
  }
  return {
    placed: placed.rows,
    failed: [...reasons].map(([reason, orders]) => ({ reason, orders })).sort((a, b) => a.reason.localeCompare(b.reason)),
    byStatus: byStatus.rows,
  };
}
