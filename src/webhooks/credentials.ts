import { MOCK_WEBHOOK_CREDENTIALS } from "../../mocks/webhook-keys.ts";

/** What the WebhookProcessor verifies callbacks with. A missing credential rejects that provider's webhooks. */
export interface WebhookCredentials {
  stripeWebhookSecret?: string;
  shippoWebhookToken?: string;
  /** Optional: when set, Shippo callbacks must also carry a valid HMAC signature. */
  shippoWebhookSecret?: string;
  /** Base64 SPKI (DER) P-256 public key from SendGrid's Event Webhook settings. */
  sendgridPublicKey?: string;
  /** Maximum age of a signed timestamp, in seconds (Stripe's own default is 300). */
  toleranceSeconds: number;
}

let current: WebhookCredentials = { toleranceSeconds: 300 };

export function webhookCredentialsFromEnv(env: NodeJS.ProcessEnv, mockMode: boolean): WebhookCredentials {
  const fallback: Partial<typeof MOCK_WEBHOOK_CREDENTIALS> = mockMode ? MOCK_WEBHOOK_CREDENTIALS : {};
  const pick = (value: string | undefined, mock: string | undefined) => (value && value.length > 0 ? value : mock);
  const credentials: WebhookCredentials = { toleranceSeconds: Number(env.WEBHOOK_TOLERANCE_SECONDS ?? 300) };
  const stripe = pick(env.STRIPE_WEBHOOK_SECRET, fallback.stripeWebhookSecret);
  const shippoToken = pick(env.SHIPPO_WEBHOOK_TOKEN, fallback.shippoWebhookToken);
  const shippoSecret = pick(env.SHIPPO_WEBHOOK_SECRET, fallback.shippoWebhookSecret);
  const sendgrid = pick(env.SENDGRID_WEBHOOK_PUBLIC_KEY, fallback.sendgridPublicKey);
  if (stripe) credentials.stripeWebhookSecret = stripe;
  if (shippoToken) credentials.shippoWebhookToken = shippoToken;
  if (shippoSecret) credentials.shippoWebhookSecret = shippoSecret;
  if (sendgrid) credentials.sendgridPublicKey = sendgrid;
  return credentials;
}

export function configureWebhookCredentials(credentials: WebhookCredentials): void {
  current = credentials;
}

export function webhookCredentials(): WebhookCredentials {
  return current;
}
