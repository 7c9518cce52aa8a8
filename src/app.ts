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
import { configureSettings } from "./settings.ts";

/** Chooses the providers (mocks or real clients) and the runtime settings from the configuration. */
function install(config: AppConfig): void {
  if (!config.MOCK_MODE) {
    throw new Error("MOCK_MODE=false but the real provider clients are not configured in this build");
  }
  installProviders(createMockProviders(config), mockRunPolicies);
  configureSettings({ asyncPaymentTimeoutMs: config.ASYNC_PAYMENT_TIMEOUT_MS, operatorEmail: "operator@localhost" });
}

/** Every service this deployment serves, bound to one endpoint. */
export function createEndpoint(config: AppConfig = loadAppConfig()) {
  install(config);
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport())
    .bind(InventoryItem)
    .bind(Cart)
    .bind(OrderOrchestrator)
    .bind(PaymentSettlement)
    .bind(OperatorInbox);
  if (config.RESTATE_IDENTITY_KEYS.length > 0) endpoint.withIdentityV1(...config.RESTATE_IDENTITY_KEYS);
  return endpoint;
}
