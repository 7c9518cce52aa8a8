import { createMockProviders, mockKeysOf, mockRunPolicies, mockWebhookCredentials } from "../../mocks/index.ts";
import { lazyDatabase } from "../platform/database/database.ts";
import { databaseConfig } from "../platform/database/database-config.ts";
import { instrumented } from "../providers/instrumented.ts";
import { loadProviderConfig } from "../providers/provider-config.ts";
import { createRealProviders } from "../providers/real.ts";
import { runPolicies } from "../providers/run-policies.ts";
import type { Runtime } from "../providers/runtime.ts";
import { providerWebhookCredentials } from "../providers/webhooks/webhook-credentials.ts";
import { type AppConfig, loadLoyaltyProgram, loadTaxTable, riskRulesOf } from "./endpoint-config.ts";
import type { Settings } from "./settings.ts";

/**
 * The runtime of an endpoint with this configuration: the mocks with MOCK_MODE, else the real clients
 * (their variables are read here: one error names every missing or malformed one, never a value).
 */
export function buildRuntime(config: AppConfig, env: NodeJS.ProcessEnv): Runtime<Settings> {
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
