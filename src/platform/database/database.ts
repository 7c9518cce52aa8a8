import type pg from "pg";
import type { DatabaseConfig } from "./database-config.ts";
import { createPool } from "./pool.ts";

/** An endpoint's connection to the query side: its pool is created on first use, so a process that never queries never connects. */
export interface Database {
  readonly url: string;
  pool(): pg.Pool;
  /** Ends the pool, if it was ever created. */
  close(): Promise<void>;
}

export function lazyDatabase(config: DatabaseConfig): Database {
  let pool: pg.Pool | undefined;
  return {
    url: config.url,
    pool: () => {
      pool ??= createPool(config);
      return pool;
    },
    close: async () => {
      await pool?.end();
    },
  };
}
