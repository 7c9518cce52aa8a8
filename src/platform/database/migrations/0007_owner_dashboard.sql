-- Up Migration

-- When the shop withdrew a coupon (POST /admin/coupons/{code}/disable); NULL while it can be used.
-- Rows projected before this column existed are NULL until `npm run projections:rebuild`.
ALTER TABLE coupons ADD COLUMN disabled_at timestamptz;

-- A coupon's redemptions: the orders that used it, newest first (GET /admin/orders?coupon=CODE).
CREATE INDEX orders_coupon_created_idx ON orders (coupon_code, created_at DESC) WHERE coupon_code IS NOT NULL;

-- The admin's list of accounts, newest first (GET /admin/customers).
CREATE INDEX customers_created_idx ON customers (created_at DESC, customer_id);

-- Down Migration
DROP INDEX customers_created_idx;
DROP INDEX orders_coupon_created_idx;
ALTER TABLE coupons DROP COLUMN disabled_at;
