-- Up Migration

-- The HTTP status a failed checkout ended with: failed orders counted by reason (GET /metrics).
-- Rows written before this column existed stay NULL until `npm run projections:rebuild`.
ALTER TABLE orders ADD COLUMN failure_code integer;

-- Down Migration
ALTER TABLE orders DROP COLUMN failure_code;
