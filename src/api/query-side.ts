import type pg from "pg";
import { databaseReason } from "../platform/database/database-errors.ts";
import { createPool } from "../platform/database/pool.ts";
import type { ApiConfig } from "./api-config.ts";
import { ApiError } from "./api-errors.ts";

/**
 * The API's own reads of the PostgreSQL query side (searches, product pages, the admin's lists and
 * dashboards): straight to the database, never through Restate, so a shopper's search leaves no
 * invocation and no journal behind. Read-only by PostgreSQL's own rule, with a statement timeout of
 * its own: a read that cannot be answered is a 503 saying why, never a hang.
 */
export interface QuerySide {
  /** Runs a read on the pool; an unreachable, overloaded or too slow database is a 503 naming no server. */
  read<T>(query: (pool: pg.Pool) => Promise<T>): Promise<T>;
  /** For /health/ready: resolves when the database answers, throws saying why (no server, no password) otherwise. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

type QueryConfig = Pick<ApiConfig, "QUERY_DATABASE_URL" | "QUERY_POOL_MAX" | "QUERY_STATEMENT_TIMEOUT_MS" | "DATABASE_CONNECT_TIMEOUT_MS">;

/**
 * SQLSTATE classes that say the database cannot answer now (connection, resources, operator
 * intervention such as a statement timeout, system, authentication, a missing database), as opposed
 * to a query the server refused as wrong, which is a bug and stays a 500.
 */
const UNAVAILABLE_CLASSES = new Set(["08", "53", "57", "58", "28", "3D"]);
/** pg-pool's and pg's own words for a connection that never came or was lost; they carry no code. */
const CONNECTION_LOST = /timeout exceeded when trying to connect|connection terminated|connection timeout/i;

function unavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof severity === "string" && typeof code === "string") return UNAVAILABLE_CLASSES.has(code.slice(0, 2));
  // A socket's error (ECONNREFUSED, ETIMEDOUT, …), or the pool's.
  return typeof code === "string" || CONNECTION_LOST.test(error.message);
}

const notConfigured = "the query side is not configured on this server (QUERY_DATABASE_URL or DATABASE_URL)";

export function querySide(config: QueryConfig): QuerySide {
  const url = config.QUERY_DATABASE_URL;
  if (!url) {
    return {
      read: () => Promise.reject(new ApiError(503, "unavailable", notConfigured)),
      ready: () => Promise.reject(new Error("not configured (QUERY_DATABASE_URL or DATABASE_URL)")),
      close: async () => undefined,
    };
  }
  // Created now, connected on first use: the API starts whether or not PostgreSQL is up.
  const pool = createPool(
    {
      url,
      poolMax: config.QUERY_POOL_MAX,
      statementTimeoutMs: config.QUERY_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    },
    "restate-commerce-api-query",
    { readOnly: true },
  );
  return {
    async read(query) {
      try {
        return await query(pool);
      } catch (error) {
        if (!unavailable(error)) throw error;
        throw new ApiError(503, "unavailable", `the query side is unavailable: ${databaseReason(error, url)}; try again`);
      }
    },
    async ready() {
      try {
        await pool.query("SELECT 1");
      } catch (error) {
        throw new Error(databaseReason(error, url));
      }
    },
    close: () => pool.end(),
  };
}
