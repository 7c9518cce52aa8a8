import { fileURLToPath } from "node:url";
import { runner } from "node-pg-migrate";
import { DatabaseError, databaseFailure } from "./database-errors.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Applies every pending migration (SQL files in src/platform/database/migrations, in name order) in one
 * transaction, under node-pg-migrate's advisory lock: two processes migrating at once take turns.
 * Returns the names of the migrations applied now.
 */
export async function migrate(url: string): Promise<string[]> {
  // The runner's own log prints each migration's SQL and raw driver errors: the caller logs the
  // names applied, and a failure becomes one line without secrets.
  const quiet = () => undefined;
  try {
    const applied = await runner({
      databaseUrl: url,
      dir: MIGRATIONS_DIR,
      direction: "up",
      migrationsTable: "pgmigrations",
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: "wait",
      logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    return applied.map((m) => m.name);
  } catch (error) {
    throw new DatabaseError(`migrations failed: ${databaseFailure(error, url)}`);
  }
}
