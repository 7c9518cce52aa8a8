import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EndpointProcess, endpointProcess } from "../../scripts/lib/endpoint-process.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres.ts";
import { migrate } from "../../src/platform/database/migrate.ts";
import { testEndpointEnv } from "./global-setup.ts";
import { ownRestateServer } from "./own-server.ts";

export interface OwnStackOptions {
  /** More variables for the restate-server (its RESTATE_* settings, e.g. a tracing endpoint). */
  restateEnv?: Record<string, string>;
  /** More variables for the endpoint process (e.g. METRICS_PORT). */
  endpointEnv?: Record<string, string>;
}

/**
 * A whole stack owned by one test file: its own PostgreSQL, restate-server and endpoint process.
 * For tests that stop PostgreSQL, or empty its tables, without disturbing the shared one, or that
 * run Restate with settings of their own.
 */
export async function ownStack(options: OwnStackOptions = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "commerce-stack-"));
  const postgresDir = mkdtempSync(path.join(tmpdir(), "commerce-stack-pg-"));
  const postgres: PostgresServer = await startPostgres({ baseDir: postgresDir, port: await freePort(), durable: false });
  await migrate(postgres.url);
  const restate = await ownRestateServer(options.restateEnv);
  const ledgerFile = path.join(dir, "ledger.jsonl");
  const endpoint: EndpointProcess = endpointProcess({
    port: await freePort(),
    logFile: path.join(dir, "endpoint.log"),
    env: { ...testEndpointEnv(ledgerFile, restate.ingressUrl), DATABASE_URL: postgres.url, LOG_LEVEL: "warn", ...options.endpointEnv },
  });
  await endpoint.start();
  await restate.register(endpoint.url);
  return {
    postgres,
    restate,
    endpoint,
    /** What the stack's mock providers did, as mocks/ledger.ts reads it. */
    ledgerFile,
    async dispose() {
      await endpoint.kill("SIGKILL");
      await restate.dispose();
      await postgres.stop("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      rmSync(postgresDir, { recursive: true, force: true });
    },
  };
}
