-- Up Migration

-- What the analytics dashboard reads from an order besides its totals: the money actually captured and
-- refunded, when the payment started and when the order completed (payment captured), and its lines
-- for the best sellers. Rows projected before this migration get them from `npm run projections:rebuild`.
ALTER TABLE orders
  ADD COLUMN captured           bigint NOT NULL DEFAULT 0,
  ADD COLUMN refunded           bigint NOT NULL DEFAULT 0,
  ADD COLUMN payment_started_at timestamptz,
  ADD COLUMN completed_at       timestamptz,
  ADD COLUMN lines              jsonb NOT NULL DEFAULT '[]';

-- Paid orders by creation time, per currency: revenue, order counts and the daily series.
CREATE INDEX orders_currency_created_paid_idx ON orders (currency, created_at) WHERE captured > 0;

-- Tracked events for the conversion funnel, each stored once under its id: storefront events from
-- POST /analytics/track, add_to_cart from the cart, and checkout_start, payment_start and
-- order_complete from the order's own log (written with the order's row). An append-only log, not a
-- projection: storefront events exist nowhere else, so a rebuild never truncates it.
CREATE TABLE analytics_events (
  event_id     text PRIMARY KEY,
  event        text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  session_id   text,
  customer_id  text,
  order_id     text,
  sku          text,
  properties   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX analytics_events_event_time_idx ON analytics_events (event, occurred_at);

-- Down Migration
DROP TABLE analytics_events;
DROP INDEX orders_currency_created_paid_idx;
ALTER TABLE orders DROP COLUMN lines, DROP COLUMN completed_at, DROP COLUMN payment_started_at, DROP COLUMN refunded, DROP COLUMN captured;
