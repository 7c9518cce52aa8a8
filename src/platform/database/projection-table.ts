import type pg from "pg";
import { z } from "zod";

/**
 * A projection's table as the query side keeps it: each feature describes its rows (made from the
 * Restate state they mirror by pure functions, in its own file), and this writes any of them under
 * the version guard. The live projection (handlers → Projector) and the rebuild (admin SQL → the same
 * functions) share the descriptions, so both write the same rows. Times are epoch milliseconds in
 * rows (timestamptz in tables); money is integer minor units.
 */

export const int = z.number().int();
export const epochMs = int.describe("milliseconds since the Unix epoch");

/** How a row type maps onto its table: the key, and each field's column (times as timestamptz, json as jsonb). */
export interface Table<Row> {
  name: string;
  /** The Projector's handler that writes it: one per projection. */
  handler: string;
  /** What a row must be: the Projector checks each row it is sent against it. */
  schema: z.ZodType<Row>;
  key: keyof Row & string;
  columns: { [K in keyof Row]: { column: string; time?: true; json?: true } };
  /**
   * What follows from the row in other tables: an idempotent statement (its parameters numbered after
   * `offset`) run with every write of the row, stored or refused as older, so a retried write whose
   * row went in before still gets it.
   */
  derived?: (row: Row, offset: number) => { text: string; values: unknown[] } | undefined;
}

/** A row with the entity version it was made from: the unit the Projector writes. */
export const versioned = <T extends z.ZodType>(row: T) =>
  z.object({ version: int.min(1).describe("the entity's projection version; older versions never overwrite newer rows"), row });

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
