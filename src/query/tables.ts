import type pg from "pg";
import { orderFunnelEvents } from "../domain/analytics.ts";
import { eventsInsert } from "./analytics-events.ts";
import type { CategoryRow, CouponRow, CustomerRow, OrderRow, ProductRow, RatingRow, StockRow } from "./rows.ts";

/** How a row type maps onto its table: the key, and each field's column (times as timestamptz, json as jsonb). */
export interface Table<Row> {
  name: string;
  key: keyof Row & string;
  columns: { [K in keyof Row]: { column: string; time?: true; json?: true } };
  /**
   * What follows from the row in other tables: an idempotent statement (its parameters numbered after
   * `offset`) run with every write of the row, stored or refused as older, so a retried write whose
   * row went in before still gets it.
   */
  derived?: (row: Row, offset: number) => { text: string; values: unknown[] } | undefined;
}

export const ordersTable: Table<OrderRow> = {
  name: "orders",
  key: "orderId",
  columns: {
    orderId: { column: "order_id" },
    orderNumber: { column: "order_number" },
    cartId: { column: "cart_id" },
    customerId: { column: "customer_id" },
    customerEmail: { column: "customer_email" },
    customerName: { column: "customer_name" },
    status: { column: "status" },
    paymentStatus: { column: "payment_status" },
    currency: { column: "currency" },
    subtotal: { column: "subtotal" },
    discount: { column: "discount" },
    shippingCost: { column: "shipping_cost" },
    tax: { column: "tax" },
    total: { column: "total" },
    couponCode: { column: "coupon_code" },
    failureCode: { column: "failure_code" },
    createdAt: { column: "created_at", time: true },
    updatedAt: { column: "updated_at", time: true },
    captured: { column: "captured" },
    refunded: { column: "refunded" },
    paymentStartedAt: { column: "payment_started_at", time: true },
    completedAt: { column: "completed_at", time: true },
    lines: { column: "lines", json: true },
  },
  // The funnel steps the order reached, from its own log: recorded with its row, so never twice.
  derived: (row, offset) => eventsInsert(orderFunnelEvents(row), offset),
};

export const productsTable: Table<ProductRow> = {
  name: "products",
  key: "sku",
  columns: {
    sku: { column: "sku" },
    name: { column: "name" },
    price: { column: "price" },
    currency: { column: "currency" },
    productId: { column: "product_id" },
    slug: { column: "slug" },
    description: { column: "description" },
    category: { column: "category" },
    images: { column: "images" },
    compareAtPrice: { column: "compare_at_price" },
    status: { column: "status" },
    createdAt: { column: "created_at", time: true },
  },
};

export const stockTable: Table<StockRow> = {
  name: "stock_levels",
  key: "sku",
  columns: {
    sku: { column: "sku" },
    onHand: { column: "on_hand" },
    reserved: { column: "reserved" },
    available: { column: "available" },
    backordered: { column: "backordered" },
    lowStockThreshold: { column: "low_stock_threshold" },
    allowBackorder: { column: "allow_backorder" },
  },
};

export const categoriesTable: Table<CategoryRow> = {
  name: "categories",
  key: "slug",
  columns: {
    slug: { column: "slug" },
    name: { column: "name" },
    parent: { column: "parent_slug" },
    createdAt: { column: "created_at", time: true },
  },
};

export const customersTable: Table<CustomerRow> = {
  name: "customers",
  key: "customerId",
  columns: {
    customerId: { column: "customer_id" },
    email: { column: "email" },
    name: { column: "name" },
    role: { column: "role" },
    loyaltyTier: { column: "loyalty_tier" },
    createdAt: { column: "created_at", time: true },
  },
};

export const couponsTable: Table<CouponRow> = {
  name: "coupons",
  key: "code",
  columns: {
    code: { column: "code" },
    type: { column: "type" },
    value: { column: "value" },
    currency: { column: "currency" },
    minSubtotal: { column: "min_subtotal" },
    maxRedemptions: { column: "max_redemptions" },
    perCustomerLimit: { column: "per_customer_limit" },
    startsAt: { column: "starts_at", time: true },
    endsAt: { column: "ends_at", time: true },
    redeemed: { column: "redeemed" },
    reserved: { column: "reserved" },
    createdAt: { column: "created_at", time: true },
    disabledAt: { column: "disabled_at", time: true },
  },
};

/** The tables with one row per entity, by the Projector handler that writes them. */
export const ratingsTable: Table<RatingRow> = {
  name: "product_ratings",
  key: "sku",
  columns: { sku: { column: "sku" }, ratingCount: { column: "rating_count" }, ratingSum: { column: "rating_sum" } },
};

export const PROJECTION_TABLES = {
  order: ordersTable,
  product: productsTable,
  stock: stockTable,
  customer: customersTable,
  coupon: couponsTable,
  rating: ratingsTable,
};

type Field<Row> = keyof Row & string;
const fields = <Row>(table: Table<Row>) => Object.keys(table.columns) as Field<Row>[];

/**
 * Writes the row unless the table already holds this entity at the same or a newer version: a replay,
 * a retry or a late message never moves a row backwards. Returns whether the row was written. The
 * row and what is derived from it go in one statement: one round trip and one commit.
 */
export async function upsertVersioned<Row>(db: pg.Pool | pg.PoolClient, table: Table<Row>, version: number, row: Row): Promise<boolean> {
  const names = fields(table);
  const columns = [...names.map((f) => table.columns[f].column), "version"];
  const values = [...names.map((f) => toSql(row[f], table.columns[f])), version];
  const key = table.columns[table.key].column;
  const updates = columns.filter((c) => c !== key).map((c) => `${c} = EXCLUDED.${c}`);
  const upsert = `INSERT INTO ${table.name} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})
     ON CONFLICT (${key}) DO UPDATE SET ${updates.join(", ")} WHERE ${table.name}.version < EXCLUDED.version RETURNING 1`;
  const derived = table.derived?.(row, values.length);
  // A data-modifying WITH runs whether or not the outer query reads it.
  const { rows } = await db.query<{ written: number }>(
    `WITH written AS (${upsert})${derived ? `, derived AS (${derived.text})` : ""} SELECT count(*)::int AS written FROM written`,
    [...values, ...(derived?.values ?? [])],
  );
  return (rows[0]?.written ?? 0) > 0;
}

/** The rows of a projection (all, or one key's) with their versions, by key: for checks, tests and chaos. */
export async function readVersioned<Row>(
  db: pg.Pool,
  table: Table<Row>,
  key?: string,
): Promise<Map<string, { version: number; row: Row }>> {
  const names = fields(table);
  const select = `SELECT ${names.map((f) => table.columns[f].column).join(", ")}, version FROM ${table.name}`;
  const { rows } =
    key === undefined ? await db.query(select) : await db.query(`${select} WHERE ${table.columns[table.key].column} = $1`, [key]);
  const out = new Map<string, { version: number; row: Row }>();
  for (const raw of rows as Record<string, unknown>[]) {
    const row = Object.fromEntries(names.map((f) => [f, fromSql(raw[table.columns[f].column], table.columns[f].time)])) as Row;
    out.set(String(row[table.key]), { version: Number(raw.version), row });
  }
  return out;
}

const toSql = (value: unknown, { time, json }: { time?: true; json?: true }) =>
  time && typeof value === "number" ? new Date(value) : json ? JSON.stringify(value) : value;
const fromSql = (value: unknown, time?: true) => (time && value instanceof Date ? value.getTime() : value);

/**
 * The category tree at one version, in one transaction: its rows upserted under the guard, and rows
 * of categories no longer in it (at an older version) removed.
 */
export async function replaceCategories(pool: pg.Pool, version: number, rows: CategoryRow[]): Promise<true> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const row of rows) await upsertVersioned(client, categoriesTable, version, row);
    await client.query("DELETE FROM categories WHERE version < $1 AND NOT (slug = ANY($2::text[]))", [version, rows.map((r) => r.slug)]);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
