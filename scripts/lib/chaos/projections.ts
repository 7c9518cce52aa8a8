import { isDeepStrictEqual } from "node:util";
import { createPool } from "../../../src/query/pool.ts";
import { rowsFromRestate } from "../../../src/query/rebuild.ts";
import type { ProjectionRows } from "../../../src/query/rows.ts";
import { PROJECTION_TABLES, readVersioned, type Table } from "../../../src/query/tables.ts";
import type { Violation } from "./invariants.ts";

/**
 * At rest, every projection equals the Restate state it mirrors: one row per entity, made by the
 * shared mapping from the entity's current state, at the entity's projection version — and no row
 * for anything Restate does not hold. Kills of endpoints, of the server and of PostgreSQL included.
 */
export async function checkProjections(adminUrl: string, databaseUrl: string): Promise<{ checks: number; violations: Violation[] }> {
  const pool = createPool({ url: databaseUrl, poolMax: 2, statementTimeoutMs: 60_000, connectTimeoutMs: 10_000 });
  const violations: Violation[] = [];
  let checks = 0;
  try {
    for (const kind of Object.keys(PROJECTION_TABLES) as Array<keyof ProjectionRows>) {
      const expected = await rowsFromRestate(adminUrl, kind);
      const actual = await readVersioned(pool, PROJECTION_TABLES[kind] as unknown as Table<ProjectionRows[typeof kind]>);
      for (const [key, want] of expected) {
        checks++;
        const got = actual.get(key);
        if (!got) violations.push({ subject: `${kind} ${key}`, rule: "every entity has its projection row", detail: "no row" });
        // Deep equality, not equal JSON: jsonb columns come back with their keys in PostgreSQL's order.
        else if (got.version !== want.version || !isDeepStrictEqual(got.row, want.row)) {
          violations.push({
            subject: `${kind} ${key}`,
            rule: "the projection equals the Restate state it mirrors",
            detail: `row v${got.version} ${JSON.stringify(got.row)} ≠ state v${want.version} ${JSON.stringify(want.row)}`,
          });
        }
      }
      for (const key of actual.keys()) {
        checks++;
        if (!expected.has(key)) violations.push({ subject: `${kind} ${key}`, rule: "no projection row without its entity", detail: "row without state" });
      }
    }
  } finally {
    await pool.end();
  }
  return { checks, violations };
}
