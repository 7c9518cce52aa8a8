import { productsTable } from "../catalog/product-row.ts";
import { customersTable } from "../customers/customer-row.ts";
import { stockTable } from "../inventory/stock-row.ts";
import { ordersTable } from "../orders/order-row.ts";
import type { Table } from "../platform/database/projection-table.ts";
import { couponsTable } from "../pricing/coupon-row.ts";
import { ratingsTable } from "../reviews/rating-row.ts";

/** The tables with one row per entity, by the Projector handler that writes them (each table names it too: `project` sends there). */
export const PROJECTION_TABLES = {
  order: ordersTable,
  product: productsTable,
  stock: stockTable,
  customer: customersTable,
  coupon: couponsTable,
  rating: ratingsTable,
};

/** The row type of each projection, by its key in PROJECTION_TABLES. */
export type ProjectionRows = {
  [K in keyof typeof PROJECTION_TABLES]: (typeof PROJECTION_TABLES)[K] extends Table<infer Row> ? Row : never;
};
