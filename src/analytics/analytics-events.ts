import type pg from "pg";
import type { AnalyticsEvent } from "./domain/analytics.ts";

const COLUMNS = ["event_id", "event", "occurred_at", "session_id", "customer_id", "order_id", "sku", "properties"];

/**
 * The statement that stores these events once each (an id already stored — a retry, a replay, a
 * rebuild — is left as it is), its parameters numbered after `offset` so it can ride inside another
 * statement; none for no events.
 */
export function eventsInsert(events: AnalyticsEvent[], offset = 0): { text: string; values: unknown[] } | undefined {
  if (events.length === 0) return undefined;
  const values: unknown[] = [];
  const tuples = events.map((e) => {
    const row = [
      e.eventId,
      e.event,
      new Date(e.occurredAt),
      e.sessionId ?? null,
      e.customerId ?? null,
      e.orderId ?? null,
      e.sku ?? null,
      JSON.stringify(e.properties ?? {}),
    ];
    const placeholders = row.map((value) => {
      values.push(value);
      return `$${offset + values.length}`;
    });
    return `(${placeholders.join(", ")})`;
  });
  return {
    text: `INSERT INTO analytics_events (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT (event_id) DO NOTHING`,
    values,
  };
}

export async function insertEvents(db: pg.Pool | pg.PoolClient, events: AnalyticsEvent[]): Promise<void> {
  const insert = eventsInsert(events);
  if (insert) await db.query(insert.text, insert.values);
}
