import { randomBytes } from "node:crypto";
import type pg from "pg";
import { inject } from "vitest";
import { migrate } from "../../src/platform/database/migrate.ts";
import { createPool } from "../../src/platform/database/pool.ts";
import { readVersioned, type Table } from "../../src/platform/database/projection-table.ts";

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

/**
 * A database of its own on the tests' PostgreSQL, migrated: for a test that runs a restate-server of
 * its own, whose orders (numbered from ORD-…-000001 again) must not meet the shared server's rows.
 */
export async function ownDatabase(): Promise<string> {
  const url = new URL(inject("databaseUrl"));
  const name = `own_${randomBytes(6).toString("hex")}`;
  await testPool().query(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}
