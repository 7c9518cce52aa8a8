import { z } from "zod";

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "" && url.pathname.length > 1;
  } catch {
    return false;
  }
}, "must be a URL such as postgres://user:password@host:5432/database");

/** The query side's variables; merged into the service's configuration (src/server/endpoint-config.ts). */
export const DatabaseEnv = z.object({
  /** Where the projections live. `npm start` and the tests set it to an embedded PostgreSQL when unset. */
  DATABASE_URL: postgresUrl.optional(),
  /** Connections per process: each endpoint and each API process has its own pool. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** A statement running longer is cancelled by the server (a projection is then retried by Restate). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How long to wait for a connection (a new one, or a free one from the pool). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /**
   * Stock moves with every order line: an item's row is projected at most once per this interval.
   * A quiet item's first move shows within moments; a busy item's rows lag by up to the interval.
   * Catalog edits are projected at once.
   */
  STOCK_PROJECTION_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
});

export interface DatabaseConfig {
  url: string;
  poolMax: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

type DatabaseVariables = z.infer<typeof DatabaseEnv>;

/** The settings of a process that needs the database; DATABASE_URL is then required. */
export function databaseConfig(env: DatabaseVariables): DatabaseConfig {
  if (!env.DATABASE_URL) {
    throw new Error("invalid configuration: DATABASE_URL is required (a postgres:// URL; npm start provides an embedded PostgreSQL)");
  }
  return {
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
  };
}
