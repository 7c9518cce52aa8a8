import { couponsTable } from "./coupon-row.ts";
import { customersTable } from "./customer-row.ts";
import { ordersTable } from "./order-row.ts";
import { productsTable } from "./product-row.ts";
import type { Table } from "./projection-table.ts";
import { ratingsTable } from "./rating-row.ts";

/** The tables with one row per entity, by the Projector handler that writes them (each table names it too: `project` sends there). */
export const PROJECTION_TABLES = {
  order: ordersTable,
  product: productsTable,
  customer: customersTable,
  coupon: couponsTable,
  rating: ratingsTable,
};

/** The row type of each projection, by its key in PROJECTION_TABLES. */
export type ProjectionRows = {
  [K in keyof typeof PROJECTION_TABLES]: (typeof PROJECTION_TABLES)[K] extends Table<infer Row> ? Row : never;
};
