import type pg from "pg";
import { z } from "zod";
import { epochMs, type Table, upsertVersioned } from "../platform/database/projection-table.ts";
import type { CategoryTree } from "./domain/catalog.ts";

export const CategoryRow = z.object({
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  createdAt: epochMs,
});
export type CategoryRow = z.infer<typeof CategoryRow>;

/** The whole tree is one entity (one object, one version): its rows travel together. */
export function categoryRows(tree: CategoryTree): CategoryRow[] {
  return Object.values(tree)
    .map((c) => ({ slug: c.slug, name: c.name, parent: c.parent, createdAt: c.createdAt }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export const categoriesTable: Table<CategoryRow> = {
  name: "categories",
  handler: "categories",
  schema: CategoryRow,
  key: "slug",
  columns: {
    slug: { column: "slug" },
    name: { column: "name" },
    parent: { column: "parent_slug" },
    createdAt: { column: "created_at", time: true },
  },
};

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
