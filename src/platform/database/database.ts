import type pg from "pg";
import type { DatabaseConfig } from "./database-config.ts";
import { createPool } from "./pool.ts";

let config: DatabaseConfig | undefined;
let pool: pg.Pool | undefined;

/** Fixed once at startup from the validated configuration, like the providers and settings. */
export function configureDatabase(next: DatabaseConfig): void {
  const previous = pool;
  config = next;
  pool = undefined;
  void previous?.end().catch(() => undefined);
}

/** The process's pool (created on first use, so a process that never queries never connects). */
export function database(): { pool: pg.Pool; url: string } {
  if (!config) throw new Error("the database is not configured (DATABASE_URL)");
  pool ??= createPool(config);
  return { pool, url: config.url };
}
