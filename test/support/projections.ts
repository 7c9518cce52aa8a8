import pg from "pg";
import { inject } from "vitest";
import { createPool } from "../../src/query/pool.ts";
import type { Table } from "../../src/query/tables.ts";
import { readVersioned } from "../../src/query/tables.ts";

let shared: pg.Pool | undefined;

/** A pool on the tests' PostgreSQL (the one the shared endpoint projects into). */
export function testPool(url = inject("databaseUrl")): pg.Pool {
  if (url !== inject("databaseUrl")) return createPool({ url, poolMax: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000 });
  shared ??= createPool({ url, poolMax: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000 });
  return shared;
}

/** One projection row by its key, with its version; undefined while it is not there. */
export async function projectedRow<Row>(pool: pg.Pool, table: Table<Row>, key: string): Promise<{ version: number; row: Row } | undefined> {
  return (await readVersioned(pool, table, key)).get(key);
}
