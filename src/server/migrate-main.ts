/** `npm run migrate`: applies pending migrations to DATABASE_URL (production: run before a new release serves). */

import { databaseConfig } from "../platform/database/database-config.ts";
import { redactUrl } from "../platform/database/database-errors.ts";
import { migrate } from "../platform/database/migrate.ts";
import { logger } from "../platform/logging.ts";
import { loadAppConfig } from "./endpoint-config.ts";

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
