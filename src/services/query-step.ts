import { type Context, TerminalError } from "@restatedev/restate-sdk";
import type pg from "pg";
import { database } from "../query/database.ts";
import { databaseFailure } from "../query/errors.ts";

/**
 * A read of the query side inside a handler: journaled like any step (ctx.run), retried briefly,
 * then answered as 503 naming the database without its password. A caller waiting for a page is
 * better served by "unavailable" than by a request that retries for as long as PostgreSQL is away.
 */
export async function queryStep<T>(ctx: Context, name: string, query: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const { pool, url } = database();
  try {
    return await ctx.run(
      name,
      async () => {
        try {
          return await query(pool);
        } catch (error) {
          throw new Error(databaseFailure(error, url));
        }
      },
      { maxRetryAttempts: 3, initialRetryInterval: { milliseconds: 100 } },
    );
  } catch (error) {
    if (error instanceof TerminalError && error.code !== 500) throw error;
    throw new TerminalError(`the query side is unavailable: ${error instanceof Error ? error.message : String(error)}`, { errorCode: 503 });
  }
}
