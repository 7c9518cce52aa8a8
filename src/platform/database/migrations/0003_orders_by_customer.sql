-- Up Migration

-- The admin's order search by account (GET /admin/orders?customer=cus_…), newest first.
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC) WHERE customer_id IS NOT NULL;

-- Down Migration
DROP INDEX orders_customer_created_idx;
