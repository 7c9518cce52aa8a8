import pg from "pg";
import type { DatabaseConfig } from "./database-config.ts";
import { DatabaseError, databaseFailure } from "./database-errors.ts";

/**
 * int8 (bigint: money totals, versions, counts) as a JS number: every value the projections hold is a
 * minor-unit amount or a counter far below 2^53. Kept on this pool only, not set globally on `pg`.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pool with a size, a server-side statement timeout and a connection timeout. `readOnly`: every
 * session starts with default_transaction_read_only, so PostgreSQL itself refuses a write on it.
 */
export function createPool(config: DatabaseConfig, applicationName = "restate-commerce", { readOnly = false } = {}): pg.Pool {
  const pool = new pg.Pool({
    ...(readOnly ? readOnlyConnection(config.url) : { connectionString: config.url }),
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    idle_in_transaction_session_timeout: Math.max(config.statementTimeoutMs * 2, 10_000),
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
    types,
  });
  // An idle connection the server dropped (a restart): the pool discards it; the next query reconnects.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * The URL's own `options` (pg lets them override the pool's) are kept, and the read-only default
 * appended after them, so it is the one that holds.
 */
function readOnlyConnection(url: string): { connectionString: string; options: string } {
  const parsed = new URL(url);
  const own = parsed.searchParams.get("options");
  parsed.searchParams.delete("options");
  return { connectionString: parsed.toString(), options: [own, "-c default_transaction_read_only=on"].filter(Boolean).join(" ") };
}

/** Connects once and runs a trivial query; throws a one-line DatabaseError (no password) otherwise. */
export async function checkDatabase(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    throw new DatabaseError(databaseFailure(error, url));
  }
}
