/** `npm run migrate`: applies pending migrations to DATABASE_URL (production: run before a new release serves). */
import { loadAppConfig } from "../config.ts";
import { logger } from "../logging.ts";
import { databaseConfig } from "./config.ts";
import { redactUrl } from "./errors.ts";
import { migrate } from "./migrate.ts";

try {
  const { url } = databaseConfig(loadAppConfig());
  const applied = await migrate(url);
  logger.info(
    { database: redactUrl(url), applied },
    applied.length ? `applied ${applied.length} migration(s)` : "the schema is up to date",
  );
} catch (error) {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
