-- Up Migration

-- The catalog lives on InventoryItem/{sku} in Restate; its projection gains the product fields and a
-- search document: the name (stemmed, and unstemmed for prefix matching while typing), the SKU and
-- the description, weighted in that order. The unstemmed parts split on anything but letters and
-- digits, as queries do: "SEED-000002" is the words seed and 000002 (the parser alone would read
-- "-000002" as a negative number).
ALTER TABLE products
  ADD COLUMN product_id       text,
  ADD COLUMN slug             text,
  ADD COLUMN description      text,
  ADD COLUMN category         text,
  ADD COLUMN images           text[] NOT NULL DEFAULT '{}',
  ADD COLUMN compare_at_price bigint,
  ADD COLUMN status           text NOT NULL DEFAULT 'active',
  ADD COLUMN created_at       timestamptz,
  ADD COLUMN search           tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(coalesce(name, ''), '[^[:alnum:]]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(sku, '[^[:alnum:]]+', ' ', 'g')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'C')
  ) STORED;

-- Slugs are unique in Restate (SlugClaim); here a slug moving between products may briefly appear twice.
CREATE INDEX products_slug_idx ON products (slug);
CREATE INDEX products_product_id_idx ON products (product_id);
CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_status_category_idx ON products (status, category);
CREATE INDEX products_status_price_idx ON products (status, price, sku);
CREATE INDEX products_status_created_idx ON products (status, created_at DESC, sku);

-- The category tree (one Restate object): one row per category, all at the tree's version.
CREATE TABLE categories (
  slug        text PRIMARY KEY,
  name        text NOT NULL,
  parent_slug text,
  created_at  timestamptz NOT NULL,
  version     bigint NOT NULL
);

-- Down Migration
DROP TABLE categories;
DROP INDEX products_status_created_idx;
DROP INDEX products_status_price_idx;
DROP INDEX products_status_category_idx;
DROP INDEX products_search_idx;
DROP INDEX products_product_id_idx;
DROP INDEX products_slug_idx;
ALTER TABLE products
  DROP COLUMN search,
  DROP COLUMN created_at,
  DROP COLUMN status,
  DROP COLUMN compare_at_price,
  DROP COLUMN images,
  DROP COLUMN category,
  DROP COLUMN description,
  DROP COLUMN slug,
  DROP COLUMN product_id;
