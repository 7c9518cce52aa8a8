import { isDeepStrictEqual } from "node:util";
import { orderFunnelEvents } from "../../../src/analytics/domain/analytics.ts";
import type { OrderRow } from "../../../src/orders/order-row.ts";
import { createPool } from "../../../src/platform/database/pool.ts";
import { readVersioned, type Table } from "../../../src/platform/database/projection-table.ts";
import { PROJECTION_TABLES, type ProjectionRows } from "../../../src/projections/projection-tables.ts";
import { rowsFromRestate } from "../../../src/projections/rebuild.ts";
import type { Violation } from "./invariants.ts";

/**
 * At rest, every projection equals the Restate state it mirrors: one row per entity, made by the
 * shared mapping from the entity's current state, at the entity's projection version — and no row
 * for anything Restate does not hold. Kills of endpoints, of the server and of PostgreSQL included.
 * And every order's funnel steps are tracked once each, at the times its log gives.
 */
export async function checkProjections(adminUrl: string, databaseUrl: string): Promise<{ checks: number; violations: Violation[] }> {
  const pool = createPool({ url: databaseUrl, poolMax: 2, statementTimeoutMs: 60_000, connectTimeoutMs: 10_000 });
  const violations: Violation[] = [];
  let checks = 0;
  try {
    for (const kind of Object.keys(PROJECTION_TABLES) as Array<keyof ProjectionRows>) {
      const expected = await rowsFromRestate(adminUrl, kind);
      const actual = await readVersioned(pool, PROJECTION_TABLES[kind] as unknown as Table<ProjectionRows[typeof kind]>);
      for (const [key, want] of expected) {
        checks++;
        const got = actual.get(key);
        if (!got) violations.push({ subject: `${kind} ${key}`, rule: "every entity has its projection row", detail: "no row" });
        // Deep equality, not equal JSON: jsonb columns come back with their keys in PostgreSQL's order.
        else if (got.version !== want.version || !isDeepStrictEqual(got.row, want.row)) {
          violations.push({
            subject: `${kind} ${key}`,
            rule: "the projection equals the Restate state it mirrors",
            detail: `row v${got.version} ${JSON.stringify(got.row)} ≠ state v${want.version} ${JSON.stringify(want.row)}`,
          });
        }
      }
      for (const key of actual.keys()) {
        checks++;
        if (!expected.has(key))
          violations.push({ subject: `${kind} ${key}`, rule: "no projection row without its entity", detail: "row without state" });
      }
    }
    const orders = await rowsFromRestate(adminUrl, "order");
    checks += await checkFunnelSteps(
      pool,
      [...orders.values()].map((o) => o.row),
      violations,
    );
  } finally {
    await pool.end();
  }
  return { checks, violations };
}

/** Each order's funnel steps, as its row says they were reached: once each, at their times, and no other. */
async function checkFunnelSteps(pool: ReturnType<typeof createPool>, orders: OrderRow[], violations: Violation[]): Promise<number> {
  const { rows } = await pool.query<{ event_id: string; order_id: string; occurred_at: Date }>(
    "SELECT event_id, order_id, occurred_at FROM analytics_events WHERE order_id = ANY($1)",
    [orders.map((o) => o.orderId)],
  );
  const stored = new Map<string, Array<{ id: string; at: number }>>();
  for (const r of rows) stored.set(r.order_id, [...(stored.get(r.order_id) ?? []), { id: r.event_id, at: r.occurred_at.getTime() }]);
  const sorted = (events: Array<{ id: string; at: number }>) => [...events].sort((a, b) => a.id.localeCompare(b.id));
  for (const order of orders) {
    const want = sorted(orderFunnelEvents(order).map((e) => ({ id: e.eventId, at: e.occurredAt })));
    const got = sorted(stored.get(order.orderId) ?? []);
    if (!isDeepStrictEqual(got, want)) {
      violations.push({
        subject: `order ${order.orderId}`,
        rule: "an order's funnel steps are tracked once each",
        detail: `${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`,
      });
    }
  }
  return orders.length;
}
