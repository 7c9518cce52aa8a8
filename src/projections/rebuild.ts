import type pg from "pg";
import { categoriesTable, categoryRows, replaceCategories } from "../catalog/category-row.ts";
import type { CategoryTree } from "../catalog/domain/catalog.ts";
import type { ProductState } from "../catalog/domain/product.ts";
import { productRow } from "../catalog/product-row.ts";
import { customerRow } from "../customers/customer-row.ts";
import type { Profile } from "../customers/domain/customer.ts";
import type { InventoryState } from "../inventory/domain/inventory.ts";
import { stockRow } from "../inventory/stock-row.ts";
import type { Order } from "../orders/domain/order.ts";
import { orderRow } from "../orders/order-row.ts";
import { type Table, upsertVersioned } from "../platform/database/projection-table.ts";
import { readObjectState } from "../platform/database/restate-state.ts";
import { couponRow } from "../pricing/coupon-row.ts";
import type { CouponCounts, CouponDefinition } from "../pricing/domain/coupons.ts";
import type { Review } from "../reviews/domain/reviews.ts";
import { ratingRow } from "../reviews/rating-row.ts";
import { PROJECTION_TABLES, type ProjectionRows } from "./projection-tables.ts";

/** The state key under which every projected object keeps its projection version (src/platform/restate/project.ts). */
const VERSION = "projectionVersion";

interface Source<K extends keyof ProjectionRows> {
  service: string;
  keys: string[];
  /** The row of one object (its key and state), or nothing when the object holds no entity (never created). */
  row(state: Map<string, unknown>, key: string): ProjectionRows[K] | undefined;
}

/** Where each projection's rows come from in Restate: the same pure mappings the live projection uses. */
export const SOURCES: { [K in keyof ProjectionRows]: Source<K> } = {
  order: {
    service: "OrderOrchestrator",
    keys: ["order"],
    row: (s) => (s.has("order") ? orderRow(s.get("order") as Order) : undefined),
  },
  product: {
    service: "Product",
    keys: ["product"],
    row: (s) => (s.has("product") ? productRow(s.get("product") as ProductState) : undefined),
  },
  stock: {
    service: "InventoryItem",
    keys: ["item"],
    row: (s) => (s.has("item") ? stockRow(s.get("item") as InventoryState) : undefined),
  },
  customer: {
    service: "Customer",
    keys: ["profile"],
    row: (s) => (s.has("profile") ? customerRow(s.get("profile") as Profile) : undefined),
  },
  coupon: {
    service: "Coupon",
    keys: ["definition", "counts", "createdAt", "disabledAt"],
    row: (s) =>
      s.has("definition")
        ? couponRow(
            s.get("definition") as CouponDefinition,
            (s.get("counts") as CouponCounts | undefined) ?? { redeemed: 0, reserved: 0 },
            (s.get("createdAt") as number | undefined) ?? 0,
            s.get("disabledAt") as number | undefined,
          )
        : undefined,
  },
  rating: {
    service: "ProductReviews",
    keys: ["reviews"],
    row: (s, sku) => (s.has("reviews") ? ratingRow(sku, s.get("reviews") as Review[]) : undefined),
  },
};

export interface RebuildOptions {
  /** Empty the tables first (a full rebuild); otherwise rows are upserted under the version guard. */
  truncate?: boolean;
  onProgress?: (projection: string, done: number, total: number) => void;
}

/**
 * Rebuilds every projection from Restate's state: each object's row at its current projection
 * version. Safe while the service runs: a live projection of a newer version wins either way.
 * Returns the number of rows written per projection.
 */
export async function rebuildProjections(pool: pg.Pool, adminUrl: string, options: RebuildOptions = {}): Promise<Record<string, number>> {
  if (options.truncate) {
    await pool.query(`TRUNCATE ${[...Object.values(PROJECTION_TABLES), categoriesTable].map((t) => t.name).join(", ")}`);
  }
  const written: Record<string, number> = {};
  for (const kind of Object.keys(SOURCES) as Array<keyof ProjectionRows>) {
    written[kind] = await rebuildOne(pool, adminUrl, kind, options.onProgress);
  }
  const trees = await categoriesFromRestate(adminUrl);
  for (const { version, rows } of trees) await replaceCategories(pool, version, rows);
  written.categories = trees.reduce((n, t) => n + t.rows.length, 0);
  return written;
}

/** What a projection should hold, by entity key: each entity's row at its projection version, from Restate's state. */
export async function rowsFromRestate<K extends keyof ProjectionRows>(
  adminUrl: string,
  kind: K,
): Promise<Map<string, { version: number; row: ProjectionRows[K] }>> {
  const source = SOURCES[kind];
  const objects = await readObjectState(adminUrl, source.service, [...source.keys, VERSION]);
  const rows = new Map<string, { version: number; row: ProjectionRows[K] }>();
  for (const [key, state] of objects) {
    const row = source.row(state, key);
    if (row) rows.set(key, { row, version: (state.get(VERSION) as number | undefined) ?? 0 });
  }
  return rows;
}

/** The category tree's rows at its projection version (one tree per shop). */
export async function categoriesFromRestate(adminUrl: string) {
  const trees = await readObjectState(adminUrl, "CategoryTree", ["categories", VERSION]);
  return [...trees.values()].map((state) => ({
    version: (state.get(VERSION) as number | undefined) ?? 0,
    rows: categoryRows((state.get("categories") as CategoryTree | undefined) ?? {}),
  }));
}

async function rebuildOne<K extends keyof ProjectionRows>(
  pool: pg.Pool,
  adminUrl: string,
  kind: K,
  onProgress?: RebuildOptions["onProgress"],
): Promise<number> {
  const table = PROJECTION_TABLES[kind] as unknown as Table<ProjectionRows[K]>;
  const rows = [...(await rowsFromRestate(adminUrl, kind)).values()];
  const client = await pool.connect();
  let done = 0;
  try {
    // Batches in one transaction each: thousands of rows without thousands of commits.
    for (let i = 0; i < rows.length; i += 500) {
      await client.query("BEGIN");
      for (const { row, version } of rows.slice(i, i + 500)) {
        if (await upsertVersioned(client, table, version, row)) done++;
      }
      await client.query("COMMIT");
      onProgress?.(kind, Math.min(i + 500, rows.length), rows.length);
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return done;
}
