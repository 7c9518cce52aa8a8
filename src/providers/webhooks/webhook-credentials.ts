import type { ProviderConfig } from "../provider-config.ts";

/** What the WebhookProcessor verifies callbacks with. A missing credential rejects that provider's webhooks. */
export interface WebhookCredentials {
  stripeWebhookSecret?: string;
  shippoWebhookToken?: string;
  /** Optional: when set, Shippo callbacks must also carry a valid HMAC signature. */
  shippoWebhookSecret?: string;
  /** Base64 SPKI (DER) P-256 public key from SendGrid's Event Webhook settings. */
  sendgridPublicKey?: string;
  /** How far a signed timestamp may be from now, either way, in seconds (Stripe's own default is 300). */
  toleranceSeconds: number;
}

export function providerWebhookCredentials(config: ProviderConfig, toleranceSeconds: number): WebhookCredentials {
  const credentials: WebhookCredentials = {
    stripeWebhookSecret: config.stripe.webhookSecret,
    shippoWebhookToken: config.shippo.webhookToken,
    sendgridPublicKey: config.sendgrid.webhookPublicKey,
    toleranceSeconds,
  };
  if (config.shippo.webhookSecret) credentials.shippoWebhookSecret = config.shippo.webhookSecret;
  return credentials;
}
