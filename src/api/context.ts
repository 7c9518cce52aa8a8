import type { HttpBindings } from "@hono/node-server";
import type pg from "pg";
import type { Logger } from "pino";
import type { ApiConfig } from "./api-config.ts";
import type { ApiMetrics } from "./api-metrics.ts";
import type { Passwords } from "./auth/passwords.ts";
import type { AccessTokens, Principal } from "./auth/tokens.ts";
import type { QuerySide } from "./query-side.ts";
import type { RateLimits } from "./rate-limit.ts";
import type { RestateGateway } from "./restate-client.ts";
import type { ApiTracing } from "./tracing.ts";

/** A dependency /health/ready checks: it resolves when reachable and throws saying why not. */
export type ReadinessCheck = () => Promise<void>;

/** What every route handler reaches through `c.var.deps`. */
export interface ApiDeps {
  config: ApiConfig;
  restate: RestateGateway;
  /** The read-only pool on the query side (QUERY_DATABASE_URL): searches, lists, dashboards; never through Restate. */
  query: QuerySide;
  passwords: Passwords;
  accessTokens: AccessTokens;
  limits: RateLimits;
  log: Logger;
  /** The key of Idempotency-Key fingerprints (derived from JWT_SECRET, the same on every replica). */
  fingerprintKey: Buffer;
  /** The key refresh-token successors are derived with (derived from JWT_SECRET). */
  rotationKey: Buffer;
  /** This process's Prometheus registry (GET /metrics). */
  metrics: ApiMetrics;
  /** By name (`restate`, `database`): all must pass for /health/ready. */
  readiness: Record<string, ReadinessCheck>;
  /** The rate limits' PostgreSQL pool, when replicas share their counters (API_REPLICAS > 1). */
  limiterPool?: pg.Pool | undefined;
  /** Set when OTEL_EXPORTER_OTLP_ENDPOINT is: one span per request, carried into Restate. */
  tracing?: ApiTracing | undefined;
}

export interface ApiEnv {
  Bindings: HttpBindings;
  Variables: {
    deps: ApiDeps;
    clientIp: string;
    /** Set by `identify` when a valid bearer token came with the request. */
    principal: Principal | undefined;
    /** Why a bearer token that came was refused; undefined when none came. */
    tokenRefused: string | undefined;
  };
}
