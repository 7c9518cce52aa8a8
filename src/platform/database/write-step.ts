import type { Context } from "@restatedev/restate-sdk";
import type pg from "pg";
import type { Database } from "./database.ts";
import { databaseFailure } from "./database-errors.ts";

/**
 * A write to the query side inside ctx.run: a failure is retried by Restate, and the message it
 * records names no password. With {@link UNTIL_THE_DATABASE_IS_BACK} on the service, the invocation
 * waits out a PostgreSQL outage however long it lasts (the business handler that sent it has long
 * finished).
 */
export async function writeStep(ctx: Context, database: Database, name: string, write: (pool: pg.Pool) => Promise<unknown>): Promise<void> {
  await ctx.run(name, async () => {
    try {
      await write(database.pool());
    } catch (error) {
      throw new Error(databaseFailure(error, database.url));
    }
  });
}

/**
 * Never killed, never paused by a short default policy: backing off to one attempt every 10 s,
 * visible in the Restate UI, until PostgreSQL answers again.
 */
export const UNTIL_THE_DATABASE_IS_BACK = {
  initialInterval: 100,
  exponentiationFactor: 2,
  maxInterval: 10_000,
  maxAttempts: 1_000_000,
  onMaxAttempts: "pause",
} as const;
