import * as restate from "@restatedev/restate-sdk";
import { createMockProviders, mockRunPolicies } from "../mocks/index.ts";
import { loadAppConfig, type AppConfig } from "./config.ts";
import { restateLogTransport } from "./logging.ts";
import { Cart } from "./objects/cart.ts";
import { InventoryItem } from "./objects/inventory-item.ts";
import { OperatorInbox } from "./objects/operator-inbox.ts";
import { OrderOrchestrator } from "./objects/order-orchestrator.ts";
import { PaymentSettlement } from "./objects/payment-settlement.ts";
import { installProviders } from "./providers/registry.ts";
import { WebhookEvents } from "./objects/webhook-events.ts";
import { OrderLookup } from "./objects/order-lookup.ts";
import { WebhookProcessor } from "./services/webhook-processor.ts";
import { configureSettings } from "./settings.ts";
import { configureWebhookCredentials, webhookCredentialsFromEnv } from "./webhooks/credentials.ts";

/** Chooses the providers (mocks or real clients) and the runtime settings from the configuration. */
function install(config: AppConfig, env: NodeJS.ProcessEnv): void {
  configureWebhookCredentials(webhookCredentialsFromEnv(env, config.MOCK_MODE));
  if (!config.MOCK_MODE) {
    throw new Error("MOCK_MODE=false but the real provider clients are not configured in this build");
  }
  installProviders(createMockProviders(config), mockRunPolicies);
  configureSettings({ asyncPaymentTimeoutMs: config.ASYNC_PAYMENT_TIMEOUT_MS, operatorEmail: "operator@localhost" });
}

/** Every service this deployment serves, bound to one endpoint. */
export function createEndpoint(env: NodeJS.ProcessEnv = process.env) {
  const config = loadAppConfig(env);
  install(config, env);
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport())
    .bind(InventoryItem)
    .bind(Cart)
    .bind(OrderOrchestrator)
    .bind(PaymentSettlement)
    .bind(OperatorInbox)
    .bind(WebhookProcessor)
    .bind(WebhookEvents)
    .bind(OrderLookup);
  if (config.RESTATE_IDENTITY_KEYS.length > 0) endpoint.withIdentityV1(...config.RESTATE_IDENTITY_KEYS);
  return endpoint;
}
