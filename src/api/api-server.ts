import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import type { Profile } from "../customers/domain/customer.ts";
import { createPool } from "../platform/database/pool.ts";
import { signingFetch } from "../platform/restate/caller-signature.ts";
import { createApiApp } from "./api-app.ts";
import { loadApiConfig } from "./api-config.ts";
import { apiLogger } from "./api-logger.ts";
import { apiMetrics } from "./api-metrics.ts";
import { Passwords } from "./auth/passwords.ts";
import { AccessTokens, rotationKey } from "./auth/tokens.ts";
import type { ApiDeps, ReadinessCheck } from "./context.ts";
import { fingerprintKey } from "./idempotency.ts";
import { querySide } from "./query-side.ts";
import { memoryStore, postgresStore, type RateLimitStore, rateLimits } from "./rate-limit.ts";
import { restateGateway } from "./restate-client.ts";
import { bootstrapAdmin, ensureSchedules } from "./startup.ts";
import { apiTracing } from "./tracing.ts";

export interface ApiServerOptions {
  /** Configuration source; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides API_PORT (0 = any free port). */
  port?: number;
  host?: string;
  log?: Logger;
  /** Where rate-limit counters live (memory by default; a shared store for several replicas). */
  rateLimitStore?: RateLimitStore;
  /** More dependencies for /health/ready, by name, or other checks under the names `restate` and `database`. */
  readiness?: Record<string, ReadinessCheck>;
}

export interface ApiServer {
  url: string;
  port: number;
  /** Settles when the ADMIN_EMAIL account is ensured (undefined when none is configured). */
  admin: Promise<Profile | undefined>;
  /** Settles when the replenishment schedule is ensured. */
  schedules: Promise<void>;
  close(): Promise<void>;
}

export function createApiDeps(options: ApiServerOptions = {}): ApiDeps {
  const config = loadApiConfig(options.env ?? process.env);
  const tracing = apiTracing(config);
  // Every call into Restate is signed with the API's credential (the first key; the others only verify).
  const restate = restateGateway(
    config.RESTATE_INGRESS_URL,
    signingFetch(config.RESTATE_INGRESS_URL, config.API_CALLER_KEY[0]!, tracing?.fetch),
  );
  const limiterPool =
    config.API_REPLICAS > 1
      ? createPool(
          { url: config.DATABASE_URL!, poolMax: 4, statementTimeoutMs: 2_000, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS },
          "restate-commerce-api",
        )
      : undefined;
  const query = querySide(config);
  return {
    config,
    restate,
    query,
    tracing,
    limiterPool,
    passwords: new Passwords(config.PASSWORD_SCRYPT_LOG_N, {
      concurrency: config.PASSWORD_HASH_CONCURRENCY,
      queue: config.PASSWORD_HASH_QUEUE,
    }),
    accessTokens: new AccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS),
    fingerprintKey: fingerprintKey(config.JWT_SECRET),
    rotationKey: rotationKey(config.JWT_SECRET),
    limits: rateLimits(config, options.rateLimitStore ?? (limiterPool ? postgresStore(limiterPool) : memoryStore)),
    log: options.log ?? apiLogger(config.LOG_LEVEL, config.LOG_FORMAT),
    metrics: apiMetrics(),
    readiness: {
      restate: () => restate.ping(),
      database: () => databaseReady(query.ready(), restate.databaseReady()),
      ...options.readiness,
    },
  };
}

/**
 * The database as this API reads it (its own query pool) and as the endpoints write it (asked through
 * Restate, which also tells an endpoint that is not registered): both must answer.
 */
async function databaseReady(read: Promise<void>, write: Promise<void>): Promise<void> {
  const [reader, writer] = await Promise.allSettled([read, write]);
  if (reader.status === "fulfilled") {
    if (writer.status === "rejected") throw writer.reason;
    return;
  }
  const own = `the API's query pool: ${(reader.reason as Error).message}`;
  throw new Error(writer.status === "rejected" ? `${own}; as the endpoints reach it: ${(writer.reason as Error).message}` : own);
}

/** Starts the HTTP API (stateless: run as many as needed) and ensures the configured admin. */
export function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const deps = createApiDeps(options);
  const app = createApiApp(deps);
  const port = options.port ?? deps.config.API_PORT;
  const host = options.host ?? deps.config.API_HOST;
  return new Promise((resolve, reject) => {
    const { API_REQUEST_TIMEOUT_MS, API_HEADERS_TIMEOUT_MS, API_KEEP_ALIVE_TIMEOUT_MS } = deps.config;
    const serverOptions = {
      requestTimeout: API_REQUEST_TIMEOUT_MS,
      headersTimeout: API_HEADERS_TIMEOUT_MS,
      keepAliveTimeout: API_KEEP_ALIVE_TIMEOUT_MS,
      // Node looks for overdue requests only this often (30 s by default, which would double a 30 s limit).
      connectionsCheckingInterval: Math.min(1_000, API_HEADERS_TIMEOUT_MS),
    };
    const server = serve({ fetch: app.fetch, port, hostname: host, serverOptions });
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`API_PORT ${port} is already in use`) : error),
    );
    server.once("listening", () => {
      const bound = (server.address() as AddressInfo).port;
      const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      const stop = new AbortController();
      const admin = bootstrapAdmin(deps, stop.signal);
      // Reported by whoever awaits it; never an unhandled rejection in a process that does not.
      admin.catch((error) => deps.log.error({ err: error }, "admin bootstrap refused"));
      const schedules = ensureSchedules(deps, stop.signal);
      schedules.catch((error) => deps.log.error({ err: error }, "replenishment schedule refused"));
      resolve({
        url: `http://${shown.includes(":") ? `[${shown}]` : shown}:${bound}`,
        port: bound,
        admin,
        schedules,
        close: async () => {
          stop.abort();
          await new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          });
          // The spans of the last requests are still buffered: they are sent before close settles.
          await deps.tracing?.shutdown();
          await deps.limiterPool?.end();
          await deps.query.close();
        },
      });
    });
  });
}
