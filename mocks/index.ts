import type { RunPolicies } from "../src/providers/run-policies.ts";
import type { Providers } from "../src/providers/types.ts";
import type { WebhookCredentials } from "../src/providers/webhooks/webhook-credentials.ts";
import { MockEmailSender } from "./email.ts";
import { fileLedger, type Ledger, memoryLedger } from "./ledger.ts";
import { MockPaymentGateway } from "./payments.ts";
import { webhookEvents } from "./provider-events.ts";
import { MockShippingProvider } from "./shipping.ts";
import { MockSmsSender } from "./sms.ts";
import { type MockWebhookKeys, mockWebhookKeys, processMockWebhookSecret } from "./webhook-keys.ts";
import { MockWebhookSender } from "./webhook-sender.ts";

export interface MockProviders extends Providers {
  payments: MockPaymentGateway;
  shipping: MockShippingProvider;
  email: MockEmailSender;
  sms: MockSmsSender;
  ledger: Ledger;
}

/** What the mocks take from the endpoint's validated configuration (its MOCK_* variables and the ingress they post webhooks to). */
export interface MockConfig {
  MOCK_FAILURE_RATE: number;
  MOCK_LATENCY_MS: number;
  MOCK_LEDGER_FILE?: string | undefined;
  MOCK_WEBHOOKS: boolean;
  MOCK_WEBHOOK_SECRET?: string | undefined;
  MOCK_ASYNC_PAYMENT_DELAY_MS: number;
  MOCK_SHIPPING_STEP_MS: number;
  MOCK_EMAIL_EVENT_DELAY_MS: number;
  RESTATE_INGRESS_URL?: string | undefined;
}

/** MOCK_MODE: the installation's mock credentials (from MOCK_WEBHOOK_SECRET) the mock providers sign with. */
export function mockWebhookCredentials(keys: MockWebhookKeys, toleranceSeconds: number): WebhookCredentials {
  return {
    stripeWebhookSecret: keys.stripeWebhookSecret,
    shippoWebhookToken: keys.shippoWebhookToken,
    shippoWebhookSecret: keys.shippoWebhookSecret,
    sendgridPublicKey: keys.sendgridPublicKey,
    toleranceSeconds,
  };
}

/** The mock webhook credentials of this configuration: from MOCK_WEBHOOK_SECRET, else this process's own. */
export const mockKeysOf = (config: Pick<MockConfig, "MOCK_WEBHOOK_SECRET">) =>
  mockWebhookKeys(config.MOCK_WEBHOOK_SECRET ?? processMockWebhookSecret);

export function createMockProviders(config: MockConfig): MockProviders {
  const ledger = config.MOCK_LEDGER_FILE ? fileLedger(config.MOCK_LEDGER_FILE) : memoryLedger();
  const behaviour = { failureRate: config.MOCK_FAILURE_RATE, latencyMs: config.MOCK_LATENCY_MS };
  // Without an ingress to post to (or with MOCK_WEBHOOKS=false) nothing happens after a call.
  const events =
    config.MOCK_WEBHOOKS && config.RESTATE_INGRESS_URL
      ? webhookEvents(new MockWebhookSender(config.RESTATE_INGRESS_URL, mockKeysOf(config)), ledger, {
          asyncPaymentDelayMs: config.MOCK_ASYNC_PAYMENT_DELAY_MS,
          shippingStepMs: config.MOCK_SHIPPING_STEP_MS,
          emailEventDelayMs: config.MOCK_EMAIL_EVENT_DELAY_MS,
        })
      : undefined;
  return {
    ledger,
    payments: new MockPaymentGateway(ledger, behaviour, events),
    shipping: new MockShippingProvider(ledger, behaviour, events),
    email: new MockEmailSender(ledger, behaviour, events),
    sms: new MockSmsSender(ledger, behaviour),
  };
}

/** The mocks answer in microseconds: short, quick retries keep demos and tests snappy. */
export const mockRunPolicies: RunPolicies = {
  authorize: { maxRetryAttempts: 4, initialRetryInterval: 50, maxRetryInterval: 500 },
  capture: { maxRetryDuration: 24 * 3_600_000, initialRetryInterval: 50, maxRetryInterval: 10_000 },
  void: { maxRetryDuration: 24 * 3_600_000, initialRetryInterval: 50, maxRetryInterval: 10_000 },
  refund: { maxRetryDuration: 24 * 3_600_000, initialRetryInterval: 50, maxRetryInterval: 10_000 },
  quote: { maxRetryAttempts: 3, initialRetryInterval: 50 },
  label: { maxRetryAttempts: 3, initialRetryInterval: 50 },
  voidLabel: { maxRetryAttempts: 3, initialRetryInterval: 50 },
  tracking: { maxRetryAttempts: 3, initialRetryInterval: 50 },
  email: { maxRetryAttempts: 3, initialRetryInterval: 50, retryIntervalFactor: 1 },
  sms: { maxRetryAttempts: 3, initialRetryInterval: 50, retryIntervalFactor: 1 },
};
