/**
 * `npm run projections:rebuild [-- --truncate]`: rebuilds the PostgreSQL projections from Restate's
 * state, read through the admin SQL endpoint (RESTATE_ADMIN_URL, default http://127.0.0.1:9070).
 */

import { databaseConfig } from "../platform/database/database-config.ts";
import { databaseFailure, redactUrl } from "../platform/database/database-errors.ts";
import { createPool } from "../platform/database/pool.ts";
import { logger } from "../platform/logging.ts";
import { rebuildProjections } from "../projections/rebuild.ts";
import { loadAppConfig } from "./endpoint-config.ts";

const truncate = process.argv.includes("--truncate");
const adminUrl = process.env.RESTATE_ADMIN_URL || "http://127.0.0.1:9070";
let url = "";
try {
  const config = databaseConfig(loadAppConfig());
  url = config.url;
  const pool = createPool({ ...config, statementTimeoutMs: Math.max(config.statementTimeoutMs, 60_000) }, "restate-commerce-rebuild");
  try {
    const written = await rebuildProjections(pool, adminUrl, {
      truncate,
      onProgress: (kind, done, total) => logger.info({ projection: kind, done, total }, "rebuilding"),
    });
    logger.info({ database: redactUrl(url), restate: adminUrl, truncate, written }, "projections rebuilt from Restate's state");
  } finally {
    await pool.end();
  }
} catch (error) {
  // Driver errors carry a code and may carry connection details: they become one line without secrets.
  const fromDriver = url !== "" && typeof (error as { code?: unknown })?.code === "string";
  const message = fromDriver ? databaseFailure(error, url) : error instanceof Error ? error.message : String(error);
  logger.fatal(`projections rebuild failed: ${message}`);
  process.exit(1);
}
