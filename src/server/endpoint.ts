import * as restate from "@restatedev/restate-sdk";
import { createMockProviders, mockKeysOf, mockRunPolicies } from "../../mocks/index.ts";
import { configureDatabase } from "../platform/database/database.ts";
import { databaseConfig } from "../platform/database/database-config.ts";
import { logger, restateLogTransport, runFailureLog } from "../platform/logging.ts";
import { originGuard } from "../platform/restate/origin-guard.ts";
import { configureProjections } from "../platform/restate/project.ts";
import { loadProviderConfig } from "../providers/provider-config.ts";
import { createRealProviders } from "../providers/real.ts";
import { installProviders } from "../providers/registry.ts";
import { runPolicies } from "../providers/run-policies.ts";
import {
  configureWebhookCredentials,
  mockWebhookCredentials,
  providerWebhookCredentials,
} from "../providers/webhooks/webhook-credentials.ts";
import { type AppConfig, loadAppConfig, loadLoyaltyProgram, loadTaxTable, riskRulesOf } from "./endpoint-config.ts";
import { type BindableService, ENDPOINT_SERVICES } from "./endpoint-services.ts";
import { configureSettings } from "./settings.ts";

/** Chooses the providers (mocks or real clients) and the runtime settings from the configuration. */
function install(config: AppConfig, env: NodeJS.ProcessEnv): void {
  const settings = {
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
  if (config.MOCK_MODE) {
    installProviders(createMockProviders(config), mockRunPolicies);
    configureWebhookCredentials(mockWebhookCredentials(mockKeysOf(config), config.WEBHOOK_TOLERANCE_SECONDS));
    configureSettings({ ...settings, operatorEmail: env.OPERATOR_EMAIL || "operator@localhost" });
    return;
  }
  // Throws one error naming every missing or malformed provider variable (never a value).
  const providerConfig = loadProviderConfig(env);
  installProviders(createRealProviders(providerConfig), runPolicies(providerConfig.resilience));
  configureWebhookCredentials(providerWebhookCredentials(providerConfig, config.WEBHOOK_TOLERANCE_SECONDS));
  configureSettings({ ...settings, operatorEmail: providerConfig.sendgrid.operatorEmail });
}

/**
 * Every service this deployment serves, bound to one endpoint. `extra` binds services that only a
 * harness needs (the bench's no-op, the tests' drivers of ingress-private handlers), never production.
 */
export function createEndpoint(env: NodeJS.ProcessEnv = process.env, extra: BindableService[] = []) {
  const config = loadAppConfig(env);
  install(config, env);
  if (!config.API_CALLER_KEY) {
    logger.warn(
      "API_CALLER_KEY is not set: the handlers that grant identity or move money (sign-in, refunds, checkouts of a customer's cart, …) refuse every call; set the HTTP API's key",
    );
  }
  // The pool connects on first use: the endpoint serves even while PostgreSQL is away (projections wait).
  configureDatabase(databaseConfig(config));
  configureProjections({ stockIntervalMs: config.STOCK_PROJECTION_INTERVAL_MS });
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport())
    // Before any bind: services take the default options when they are bound.
    .defaultServiceOptions({ hooks: [originGuard(config.CORS_ALLOWED_ORIGINS), runFailureLog()] });
  for (const service of [...ENDPOINT_SERVICES, ...extra]) endpoint.bind(service);
  if (config.RESTATE_IDENTITY_KEYS.length > 0) endpoint.withIdentityV1(...config.RESTATE_IDENTITY_KEYS);
  return endpoint;
}
