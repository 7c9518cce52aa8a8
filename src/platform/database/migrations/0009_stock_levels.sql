-- Up Migration

-- The catalog (Product/{sku}) and the stock (InventoryItem/{sku}) are two Restate objects now, each
-- projected at its own version: the stock columns move from products to a table of their own, with
-- the version the row had (the item's projection version, which the item keeps counting from).
CREATE TABLE stock_levels (
  sku                 text PRIMARY KEY,
  on_hand             integer NOT NULL,
  reserved            integer NOT NULL,
  available           integer NOT NULL,
  backordered         integer NOT NULL,
  low_stock_threshold integer,
  allow_backorder     boolean NOT NULL,
  version             bigint NOT NULL
);
INSERT INTO stock_levels (sku, on_hand, reserved, available, backordered, low_stock_threshold, allow_backorder, version)
  SELECT sku, on_hand, reserved, available, backordered, low_stock_threshold, allow_backorder, version FROM products;
ALTER TABLE products
  DROP COLUMN on_hand,
  DROP COLUMN reserved,
  DROP COLUMN available,
  DROP COLUMN backordered,
  DROP COLUMN low_stock_threshold,
  DROP COLUMN allow_backorder;

-- Down Migration
ALTER TABLE products
  ADD COLUMN on_hand             integer NOT NULL DEFAULT 0,
  ADD COLUMN reserved            integer NOT NULL DEFAULT 0,
  ADD COLUMN available           integer NOT NULL DEFAULT 0,
  ADD COLUMN backordered         integer NOT NULL DEFAULT 0,
  ADD COLUMN low_stock_threshold integer,
  ADD COLUMN allow_backorder     boolean NOT NULL DEFAULT false;
UPDATE products p SET on_hand = s.on_hand, reserved = s.reserved, available = s.available, backordered = s.backordered,
  low_stock_threshold = s.low_stock_threshold, allow_backorder = s.allow_backorder
  FROM stock_levels s WHERE s.sku = p.sku;
DROP TABLE stock_levels;
