-- Up Migration

-- Projections of Restate state (the system of record). Every row carries the version of the entity
-- it was made from; an upsert only replaces a row with a newer version (docs/architecture.md).

CREATE TABLE orders (
  order_id        text PRIMARY KEY,
  order_number    text,
  cart_id         text,
  customer_id     text,
  customer_email  text NOT NULL,
  customer_name   text NOT NULL,
  status          text NOT NULL,
  payment_status  text NOT NULL,
  currency        text NOT NULL,
  subtotal        bigint NOT NULL,
  discount        bigint NOT NULL,
  shipping_cost   bigint NOT NULL,
  tax             bigint NOT NULL,
  total           bigint NOT NULL,
  coupon_code     text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  version         bigint NOT NULL
);
CREATE INDEX orders_created_idx ON orders (created_at DESC, order_id DESC);
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC);
CREATE INDEX orders_email_idx ON orders (lower(customer_email), created_at DESC);
CREATE UNIQUE INDEX orders_number_idx ON orders (order_number) WHERE order_number IS NOT NULL;

CREATE TABLE products (
  sku                 text PRIMARY KEY,
  name                text NOT NULL,
  price               bigint NOT NULL,
  currency            text NOT NULL,
  on_hand             integer NOT NULL,
  reserved            integer NOT NULL,
  available           integer NOT NULL,
  backordered         integer NOT NULL,
  low_stock_threshold integer,
  allow_backorder     boolean NOT NULL,
  version             bigint NOT NULL
);

CREATE TABLE customers (
  customer_id   text PRIMARY KEY,
  email         text NOT NULL,
  name          text NOT NULL,
  role          text NOT NULL,
  loyalty_tier  text NOT NULL,
  created_at    timestamptz NOT NULL,
  version       bigint NOT NULL
);
CREATE INDEX customers_email_idx ON customers (lower(email));

CREATE TABLE coupons (
  code                text PRIMARY KEY,
  type                text NOT NULL,
  value               bigint,
  currency            text,
  min_subtotal        bigint,
  max_redemptions     integer,
  per_customer_limit  integer,
  starts_at           timestamptz,
  ends_at             timestamptz,
  redeemed            integer NOT NULL,
  reserved            integer NOT NULL,
  created_at          timestamptz NOT NULL,
  version             bigint NOT NULL
);

-- Down Migration
DROP TABLE coupons;
DROP TABLE customers;
DROP TABLE products;
DROP TABLE orders;
