import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature } from "node:crypto";
import Stripe from "stripe";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "./shippo-token.ts";
import type { WebhookCredentials } from "./webhook-credentials.ts";

export type Verdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

const rejected = (status: 400 | 401, reason: string): Verdict => ({ ok: false, status, reason });

const header = (headers: ReadonlyMap<string, string>, name: string) => headers.get(name) ?? headers.get(name.toLowerCase());

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A signed timestamp is fresh within the tolerance on either side: one from the future is as suspect as a stale one. */
const fresh = (timestampSeconds: number, nowMs: number, toleranceSeconds: number) =>
  Number.isFinite(timestampSeconds) && Math.abs(nowMs / 1000 - timestampSeconds) <= toleranceSeconds;

/**
 * Stripe: `stripe-signature` over the raw bytes, checked by the official SDK, which checks only that
 * the timestamp is not too old; the future side is checked here.
 */
export function verifyStripe(raw: Buffer, headers: ReadonlyMap<string, string>, credentials: WebhookCredentials, nowMs: number): Verdict {
  if (!credentials.stripeWebhookSecret) return rejected(401, "stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)");
  const signature = header(headers, "stripe-signature");
  if (!signature) return rejected(401, "missing stripe-signature header");
  try {
    // The signature alone: a body that is signed but not JSON is a 400 for the parser, not a 401.
    const signatures = Stripe.webhooks.signature;
    if (!signatures) return rejected(401, "stripe signature verifier unavailable");
    signatures.verifyHeader(raw, signature, credentials.stripeWebhookSecret, credentials.toleranceSeconds, undefined, nowMs);
    const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
    if (!fresh(timestamp, nowMs, credentials.toleranceSeconds)) return rejected(401, "stripe signature timestamp outside the tolerance");
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    return rejected(401, /timestamp/i.test(message) ? "stripe signature timestamp outside the tolerance" : "invalid stripe signature");
  }
}

/**
 * Shippo: the token we put in the webhook URL (or an `x-shippo-token` header), compared in constant
 * time — or its SHA-256, which is what the HTTP API passes on (shippo-token.ts); plus, when a Shippo webhook secret is configured, the HMAC header `t=…,v1=…` over "t.body".
 */
export function verifyShippo(raw: Buffer, headers: ReadonlyMap<string, string>, credentials: WebhookCredentials, nowMs: number): Verdict {
  if (!credentials.shippoWebhookToken) return rejected(401, "shippo webhooks are not configured (SHIPPO_WEBHOOK_TOKEN)");
  const token = header(headers, "x-shippo-token");
  const digest = header(headers, SHIPPO_TOKEN_DIGEST_HEADER);
  if (!token && !digest) return rejected(401, "missing shippo webhook token");
  const matches = token
    ? sameSecret(token, credentials.shippoWebhookToken)
    : sameSecret(digest!.toLowerCase(), shippoTokenDigest(credentials.shippoWebhookToken));
  if (!matches) return rejected(401, "invalid shippo webhook token");
  if (!credentials.shippoWebhookSecret) return { ok: true };

  const signature = header(headers, "shippo-auth-signature");
  if (!signature) return rejected(401, "missing shippo-auth-signature header");
  const parts = Object.fromEntries(signature.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isFinite(t)) return rejected(401, "malformed shippo-auth-signature header");
  if (!fresh(t, nowMs, credentials.toleranceSeconds)) return rejected(401, "shippo signature timestamp outside the tolerance");
  const expected = createHmac("sha256", credentials.shippoWebhookSecret).update(`${t}.`).update(raw).digest("hex");
  return sameSecret(parts.v1, expected) ? { ok: true } : rejected(401, "invalid shippo signature");
}

/** SendGrid: ECDSA P-256 / SHA-256 over timestamp + raw body, with our own timestamp tolerance. */
export function verifySendgrid(raw: Buffer, headers: ReadonlyMap<string, string>, credentials: WebhookCredentials, nowMs: number): Verdict {
  if (!credentials.sendgridPublicKey) return rejected(401, "sendgrid webhooks are not configured (SENDGRID_WEBHOOK_PUBLIC_KEY)");
  const signature = header(headers, "x-twilio-email-event-webhook-signature");
  const timestamp = header(headers, "x-twilio-email-event-webhook-timestamp");
  if (!signature || !timestamp) return rejected(401, "missing sendgrid signature or timestamp header");
  if (!fresh(Number(timestamp), nowMs, credentials.toleranceSeconds)) {
    return rejected(401, "sendgrid signature timestamp outside the tolerance");
  }
  try {
    const key = createPublicKey({ key: Buffer.from(credentials.sendgridPublicKey, "base64"), format: "der", type: "spki" });
    const valid = verifySignature("sha256", Buffer.concat([Buffer.from(timestamp), raw]), key, Buffer.from(signature, "base64"));
    return valid ? { ok: true } : rejected(401, "invalid sendgrid signature");
  } catch {
    return rejected(401, "invalid sendgrid signature");
  }
}
