import type { Database } from "../platform/database/database.ts";
import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";
import type { ProviderOperation, RunPolicies, RunRetryPolicy } from "./run-policies.ts";
import type { Providers } from "./types.ts";
import type { WebhookCredentials } from "./webhooks/webhook-credentials.ts";

/**
 * Everything the handlers of one endpoint read besides their context, built once when the endpoint
 * is created and handed to the objects that need it (src/server/endpoint-services.ts binds them with it).
 * A plain value: two endpoints in one process each have their own, and a test builds one by hand.
 */
export interface Runtime<S extends CallerKeySettings = CallerKeySettings> {
  /** The provider clients (mocks or real), each call measured; handlers never construct providers. */
  readonly providers: Providers;
  /** `ctx.run` retry options per provider operation: retries belong to Restate, not to the clients. */
  readonly runPolicies: RunPolicies;
  /** The settings the holder reads: each feature names the ones it needs (e.g. `Runtime<OrderSettings>`). */
  readonly settings: S;
  /** The query side's pool; it connects on first use, so the endpoint serves while PostgreSQL is away. */
  readonly database: Database;
  readonly projections: ProjectionOptions;
  /** What the WebhookProcessor verifies provider callbacks with. */
  readonly webhookCredentials: WebhookCredentials;
}

export interface ProjectionOptions {
  /** The least time between two projections of one item's stock (STOCK_PROJECTION_INTERVAL_MS). */
  stockIntervalMs: number;
}

/** The retry options of the `ctx.run` around one provider operation. */
export const runPolicy = (rt: Pick<Runtime, "runPolicies">, operation: ProviderOperation): RunRetryPolicy => rt.runPolicies[operation];
