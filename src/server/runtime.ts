import { createMockProviders, mockKeysOf, mockRunPolicies } from "../../mocks/index.ts";
import { type Database, lazyDatabase } from "../platform/database/database.ts";
import { databaseConfig } from "../platform/database/database-config.ts";
import { instrumented } from "../providers/instrumented.ts";
import { loadProviderConfig } from "../providers/provider-config.ts";
import { createRealProviders } from "../providers/real.ts";
import { type ProviderOperation, type RunPolicies, type RunRetryPolicy, runPolicies } from "../providers/run-policies.ts";
import type { Providers } from "../providers/types.ts";
import { mockWebhookCredentials, providerWebhookCredentials, type WebhookCredentials } from "../providers/webhooks/webhook-credentials.ts";
import { type AppConfig, loadLoyaltyProgram, loadTaxTable, riskRulesOf } from "./endpoint-config.ts";
import type { Settings } from "./settings.ts";

/**
 * Everything the handlers of one endpoint read besides their context, built once when the endpoint
 * is created and handed to the objects that need it (src/server/endpoint-services.ts binds them with it).
 * A plain value: two endpoints in one process each have their own, and a test builds one by hand.
 */
export interface Runtime {
  /** The provider clients (mocks or real), each call measured; handlers never construct providers. */
  readonly providers: Providers;
  /** `ctx.run` retry options per provider operation: retries belong to Restate, not to the clients. */
  readonly runPolicies: RunPolicies;
  readonly settings: Settings;
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
export const runPolicy = (rt: Runtime, operation: ProviderOperation): RunRetryPolicy => rt.runPolicies[operation];

/**
 * The runtime of an endpoint with this configuration: the mocks with MOCK_MODE, else the real clients
 * (their variables are read here: one error names every missing or malformed one, never a value).
 */
export function buildRuntime(config: AppConfig, env: NodeJS.ProcessEnv): Runtime {
  const common = {
    settings: settingsOf(config),
    database: lazyDatabase(databaseConfig(config)),
    projections: { stockIntervalMs: config.STOCK_PROJECTION_INTERVAL_MS },
  };
  if (config.MOCK_MODE) {
    return {
      ...common,
      settings: { ...common.settings, operatorEmail: env.OPERATOR_EMAIL || "operator@localhost" },
      providers: instrumented(createMockProviders(config)),
      runPolicies: mockRunPolicies,
      webhookCredentials: mockWebhookCredentials(mockKeysOf(config), config.WEBHOOK_TOLERANCE_SECONDS),
    };
  }
  const providerConfig = loadProviderConfig(env);
  return {
    ...common,
    settings: { ...common.settings, operatorEmail: providerConfig.sendgrid.operatorEmail },
    providers: instrumented(createRealProviders(providerConfig)),
    runPolicies: runPolicies(providerConfig.resilience),
    webhookCredentials: providerWebhookCredentials(providerConfig, config.WEBHOOK_TOLERANCE_SECONDS),
  };
}

/** The settings the handlers read, from the validated configuration (the operator's address comes with the providers). */
function settingsOf(config: AppConfig): Omit<Settings, "operatorEmail"> {
  return {
    asyncPaymentHoldMs: config.ASYNC_PAYMENT_HOLD_MS,
    backorderDeadlineMs: config.BACKORDER_DEADLINE_MS,
    shippingToleranceBps: config.SHIPPING_COST_TOLERANCE_BPS,
    taxTable: loadTaxTable(config.TAX_RATES_FILE),
    loyalty: loadLoyaltyProgram(config.LOYALTY_TIERS_FILE),
    returnWindowDays: config.RETURN_WINDOW_DAYS,
    autoApproveRefundLimit: config.AUTO_APPROVE_REFUND_LIMIT,
    maxOrdersAwaitingPayment: config.MAX_ORDERS_AWAITING_PAYMENT,
    labelPollIntervalMs: config.LABEL_POLL_INTERVAL_MS,
    labelQueueWaitMs: config.LABEL_QUEUE_WAIT_MS,
    shopName: config.SHOP_NAME,
    replenishmentIntervalMs: config.REPLENISHMENT_INTERVAL_MS,
    eventsSigningKey: config.EVENTS_SIGNING_KEY,
    eventRetryInitialMs: config.EVENT_RETRY_INITIAL_MS,
    eventMaxAttempts: config.EVENT_MAX_ATTEMPTS,
    eventsAllowPrivateUrls: config.EVENTS_ALLOW_PRIVATE_URLS,
    slackWebhookUrl: config.SLACK_WEBHOOK_URL,
    apiCallerKeys: config.API_CALLER_KEY ?? [],
    risk: riskRulesOf(config),
    riskReviewTimeoutMs: config.RISK_REVIEW_TIMEOUT_MS,
    shopUrl: config.SHOP_URL,
  };
}
