import * as restate from "@restatedev/restate-sdk";
import { createMockProviders, mockRunPolicies } from "../mocks/index.ts";
import { loadAppConfig, type AppConfig } from "./config.ts";
import { restateLogTransport, runFailureLog } from "./logging.ts";
import { BenchNoop } from "./objects/bench-noop.ts";
import { Cart } from "./objects/cart.ts";
import { InventoryItem } from "./objects/inventory-item.ts";
import { OperatorInbox } from "./objects/operator-inbox.ts";
import { OrderLookup } from "./objects/order-lookup.ts";
import { OrderOrchestrator } from "./objects/order-orchestrator.ts";
import { PaymentSettlement } from "./objects/payment-settlement.ts";
import { WebhookEvents } from "./objects/webhook-events.ts";
import { loadProviderConfig } from "./providers/config.ts";
import { createRealProviders } from "./providers/real.ts";
import { installProviders } from "./providers/registry.ts";
import { runPolicies } from "./providers/run-policies.ts";
import { originGuard } from "./restate/origin-guard.ts";
import { ProviderHealth } from "./services/provider-health.ts";
import { WebhookProcessor } from "./services/webhook-processor.ts";
import { configureSettings } from "./settings.ts";
import { configureWebhookCredentials, mockWebhookCredentials, providerWebhookCredentials } from "./webhooks/credentials.ts";

/** Chooses the providers (mocks or real clients) and the runtime settings from the configuration. */
function install(config: AppConfig, env: NodeJS.ProcessEnv): void {
  const settings = { asyncPaymentTimeoutMs: config.ASYNC_PAYMENT_TIMEOUT_MS };
  if (config.MOCK_MODE) {
    installProviders(createMockProviders(config), mockRunPolicies);
    configureWebhookCredentials(mockWebhookCredentials(config.WEBHOOK_TOLERANCE_SECONDS));
    configureSettings({ ...settings, operatorEmail: env.OPERATOR_EMAIL || "operator@localhost" });
    return;
  }
  // Throws one error naming every missing or malformed provider variable (never a value).
  const providerConfig = loadProviderConfig(env);
  installProviders(createRealProviders(providerConfig), runPolicies(providerConfig.resilience));
  configureWebhookCredentials(providerWebhookCredentials(providerConfig, config.WEBHOOK_TOLERANCE_SECONDS));
  configureSettings({ ...settings, operatorEmail: providerConfig.sendgrid.operatorEmail });
}

/** Every service this deployment serves, bound to one endpoint. */
export function createEndpoint(env: NodeJS.ProcessEnv = process.env) {
  const config = loadAppConfig(env);
  install(config, env);
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport())
    // Before any bind: services take the default options when they are bound.
    .defaultServiceOptions({ hooks: [originGuard(config.CORS_ALLOWED_ORIGINS), runFailureLog()] })
    .bind(InventoryItem)
    .bind(Cart)
    .bind(OrderOrchestrator)
    .bind(PaymentSettlement)
    .bind(OperatorInbox)
    .bind(WebhookProcessor)
    .bind(WebhookEvents)
    .bind(OrderLookup)
    .bind(ProviderHealth)
    .bind(BenchNoop);
  if (config.RESTATE_IDENTITY_KEYS.length > 0) endpoint.withIdentityV1(...config.RESTATE_IDENTITY_KEYS);
  return endpoint;
}
