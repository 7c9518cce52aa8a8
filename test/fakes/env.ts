import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { type FakeSendgrid, startFakeSendgrid } from "./fake-sendgrid.ts";
import { type FakeShippo, startFakeShippo } from "./fake-shippo.ts";
import { type FakeStripe, startFakeStripe } from "./fake-stripe.ts";

/**
 * The environment that points the real provider clients at the fakes (see loadProviderConfig).
 * Secrets here are test values; the SendGrid key pair lets webhook tests sign as SendGrid does.
 */

const sendgridKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" });

export const TEST_PROVIDER_SECRETS = {
  STRIPE_SECRET_KEY: "sk_test_fake_stripe_key",
  STRIPE_WEBHOOK_SECRET: "whsec_fake_stripe_webhook_secret",
  SHIPPO_API_KEY: "shippo_test_fake_shippo_key",
  SHIPPO_WEBHOOK_TOKEN: "fake-shippo-webhook-token-0123456789",
  SHIPPO_WEBHOOK_SECRET: "fake-shippo-hmac-secret-0123456789",
  SENDGRID_API_KEY: "SG.fake_sendgrid_key",
} as const;

/** Private half of SENDGRID_WEBHOOK_PUBLIC_KEY: sign event-webhook payloads with it in tests. */
export const sendgridWebhookPrivateKey: KeyObject = sendgridKeys.privateKey;
export const sendgridWebhookPublicKey = sendgridKeys.publicKey.export({ type: "spki", format: "der" }).toString("base64");

export function fakeProviderEnv(
  urls: { stripe?: string; shippo?: string; sendgrid?: string },
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    ...TEST_PROVIDER_SECRETS,
    ...(urls.stripe ? { STRIPE_API_BASE: urls.stripe } : {}),
    ...(urls.shippo ? { SHIPPO_API_BASE: urls.shippo } : {}),
    ...(urls.sendgrid ? { SENDGRID_API_BASE: urls.sendgrid } : {}),
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridWebhookPublicKey,
    EMAIL_FROM: "orders@shop.test",
    OPERATOR_EMAIL: "ops@shop.test",
    SHIP_FROM_NAME: "Test Shop",
    SHIP_FROM_STREET: "1 Warehouse Way",
    SHIP_FROM_CITY: "San Francisco",
    SHIP_FROM_STATE: "CA",
    SHIP_FROM_ZIP: "94107",
    SHIP_FROM_COUNTRY: "US",
    ...overrides,
  };
}

export interface FakeProviders {
  stripe: FakeStripe;
  shippo: FakeShippo;
  sendgrid: FakeSendgrid;
  /** Ready for loadProviderConfig, or to merge into an endpoint's process env with MOCK_MODE=false. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** All three fakes, with their keys matching TEST_PROVIDER_SECRETS. */
export async function startFakeProviders(overrides: Record<string, string> = {}): Promise<FakeProviders> {
  const [stripe, shippo, sendgrid] = await Promise.all([
    startFakeStripe({ secretKey: TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY }),
    startFakeShippo({ apiKey: TEST_PROVIDER_SECRETS.SHIPPO_API_KEY }),
    startFakeSendgrid({ apiKey: TEST_PROVIDER_SECRETS.SENDGRID_API_KEY }),
  ]);
  return {
    stripe,
    shippo,
    sendgrid,
    env: fakeProviderEnv({ stripe: stripe.url, shippo: shippo.url, sendgrid: sendgrid.url }, overrides),
    close: async () => {
      await Promise.all([stripe.close(), shippo.close(), sendgrid.close()]);
    },
  };
}
