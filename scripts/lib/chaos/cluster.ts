import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../../src/platform/database/migrate.ts";
import { type EndpointProcess, endpointProcess } from "../endpoint-process.ts";
import { type Balancer, startH2Balancer } from "../h2-balancer.ts";
import { freePort } from "../ports.ts";
import { type PostgresServer, startPostgres } from "../postgres.ts";
import { type RestateServer, registerDeployment, startRestateServer } from "../restate-server.ts";
import { WORLD_MOCK_WEBHOOK_SECRET } from "./provider-world.ts";

/**
 * Retry policy for chaos runs: every attempt a kill interrupts is retried soon (at most 1 s apart)
 * and without limit, so no invocation is ever paused or killed by the policy. An invocation that
 * keeps failing for a real reason is still visible at the end as `backing-off`, and reported.
 */
export const chaosRetryPolicy: Record<string, string> = {
  RESTATE_DEFAULT_RETRY_POLICY__INITIAL_INTERVAL: "100ms",
  RESTATE_DEFAULT_RETRY_POLICY__EXPONENTIATION_FACTOR: "2.0",
  RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: "1s",
  RESTATE_DEFAULT_RETRY_POLICY__MAX_ATTEMPTS: "unlimited",
};

export interface Cluster {
  baseDir: string;
  ledgerFile: string;
  ingressUrl: string;
  adminUrl: string;
  /** The API's credential the endpoints hold: the driver signs its calls with it, as the HTTP API does. */
  callerKey: string;
  /** The projections' PostgreSQL (with its password: never print it). */
  databaseUrl: string;
  endpoints: EndpointProcess[];
  balancer: Balancer;
  /** SIGKILLs the restate-server and starts it again on the same base dir and ports after `downMs`. */
  crashServer(downMs: number): Promise<void>;
  /** SIGKILLs one endpoint process and starts it again on the same port after `downMs`. */
  crashEndpoint(index: number, downMs: number): Promise<void>;
  /** SIGKILLs PostgreSQL and starts it again on the same data and port after `downMs`. */
  crashPostgres(downMs: number): Promise<void>;
  dispose(options?: { keepFiles?: boolean }): Promise<void>;
}

/**
 * One restate-server and several endpoint processes behind one HTTP/2 balancer, registered as one
 * deployment: how replicas are run in production, and what makes a killed replica's work move on.
 */
export async function startCluster(options: { endpoints: number }): Promise<Cluster> {
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-chaos-"));
  const ledgerFile = path.join(baseDir, "mock-ledger.sqlite");
  const ports = { ingressPort: await freePort(), adminPort: await freePort(), nodePort: await freePort() };
  const startServer = () => startRestateServer({ baseDir: path.join(baseDir, "restate"), ...ports, env: chaosRetryPolicy });
  const callerKey = randomBytes(48).toString("base64");

  let server: RestateServer = await startServer();
  const endpoints: EndpointProcess[] = [];
  let balancer: Balancer | undefined;
  let postgres: PostgresServer | undefined;
  const dispose = async (opts: { keepFiles?: boolean } = {}) => {
    await Promise.all(endpoints.map((e) => e.kill("SIGKILL")));
    await balancer?.close();
    await server.stop("SIGKILL");
    await postgres?.stop("SIGKILL");
    if (!opts.keepFiles) rmSync(baseDir, { recursive: true, force: true });
  };

  try {
    postgres = await startPostgres({ baseDir: path.join(baseDir, "postgres"), port: await freePort(), durable: false });
    await migrate(postgres.url);
    for (let i = 0; i < options.endpoints; i++) {
      const endpoint = endpointProcess({
        port: await freePort(),
        logFile: path.join(baseDir, `endpoint-${i}.log`),
        env: {
          MOCK_MODE: "true",
          MOCK_LEDGER_FILE: ledgerFile,
          // The driver plays the providers' webhooks itself: a killed endpoint must not take them down with it.
          MOCK_WEBHOOKS: "false",
          ASYNC_PAYMENT_HOLD_MS: "60000",
          MOCK_WEBHOOK_SECRET: WORLD_MOCK_WEBHOOK_SECRET,
          LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
          RESTATE_INGRESS_URL: server.ingressUrl,
          DATABASE_URL: postgres.url,
          STOCK_PROJECTION_INTERVAL_MS: "200",
          API_CALLER_KEY: callerKey,
          // The run places dozens of orders a minute for one email and three accounts, declines included:
          // velocity screening would hold them in review. Chaos checks crash safety, not risk rules.
          RISK_MAX_ORDERS_PER_CUSTOMER: "1000000",
          RISK_MAX_ORDERS_PER_EMAIL: "1000000",
          RISK_MAX_FAILED_PAYMENTS: "1000000",
        },
      });
      endpoints.push(endpoint);
    }
    await Promise.all(endpoints.map((e) => e.start()));
    balancer = await startH2Balancer(endpoints.map((e) => e.url));
    await registerDeployment(server.adminUrl, balancer.url);
  } catch (error) {
    await dispose();
    throw error;
  }

  const up = balancer;
  const db = postgres!;
  return {
    baseDir,
    ledgerFile,
    ingressUrl: server.ingressUrl,
    adminUrl: server.adminUrl,
    callerKey,
    databaseUrl: db.url,
    endpoints,
    balancer: up,
    async crashServer(downMs) {
      await server.stop("SIGKILL");
      await new Promise((r) => setTimeout(r, downMs));
      server = await startServer();
    },
    async crashEndpoint(index, downMs) {
      const endpoint = endpoints[index]!;
      await endpoint.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, downMs));
      await endpoint.start();
    },
    async crashPostgres(downMs) {
      await db.stop("SIGKILL");
      await new Promise((r) => setTimeout(r, downMs));
      await db.start();
    },
    dispose,
  };
}
