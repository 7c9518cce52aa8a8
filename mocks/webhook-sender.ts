import { createHmac, createPrivateKey, sign } from "node:crypto";
import Stripe from "stripe";
import { logger } from "../src/platform/logging.ts";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "../src/providers/webhooks/shippo-token.ts";
import type { MockWebhookKeys } from "./webhook-keys.ts";

/** Signed for the moment of delivery, as a provider would sign it, not for the moment it was queued. */
const signedAt = (delayMs: number) => Math.floor((Date.now() + delayMs) / 1000);

/**
 * Plays the providers' webhook senders in MOCK_MODE: signs a callback exactly as the provider would
 * and hands it to the Restate ingress as a delayed one-way call (`/send?delay=`), so Restate itself
 * delivers it later — durable, and through the same verification path as a real callback.
 */
export class MockWebhookSender {
  private readonly ingressUrl: string;
  private readonly keys: MockWebhookKeys;

  constructor(ingressUrl: string, keys: MockWebhookKeys) {
    this.ingressUrl = ingressUrl.replace(/\/$/, "");
    this.keys = keys;
  }

  async stripe(event: object, delayMs: number): Promise<void> {
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: this.keys.stripeWebhookSecret,
      timestamp: signedAt(delayMs),
    });
    await this.post("stripe", payload, { "stripe-signature": signature }, delayMs);
  }

  async shippo(body: object, delayMs: number): Promise<void> {
    const payload = JSON.stringify(body);
    const t = signedAt(delayMs);
    const v1 = createHmac("sha256", this.keys.shippoWebhookSecret).update(`${t}.${payload}`).digest("hex");
    await this.post(
      "shippo",
      payload,
      // The token's digest, as the HTTP API passes it on: the ingress journals the headers it is given.
      { [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest(this.keys.shippoWebhookToken), "shippo-auth-signature": `t=${t},v1=${v1}` },
      delayMs,
    );
  }

  async sendgrid(events: object[], delayMs: number): Promise<void> {
    const payload = `${JSON.stringify(events)}\r\n`;
    const timestamp = String(signedAt(delayMs));
    const key = createPrivateKey({ key: Buffer.from(this.keys.sendgridPrivateKey, "base64"), format: "der", type: "pkcs8" });
    const signature = sign("sha256", Buffer.from(timestamp + payload), key).toString("base64");
    await this.post(
      "sendgrid",
      payload,
      { "x-twilio-email-event-webhook-signature": signature, "x-twilio-email-event-webhook-timestamp": timestamp },
      delayMs,
    );
  }

  private async post(provider: string, payload: string, headers: Record<string, string>, delayMs: number) {
    const url = `${this.ingressUrl}/WebhookProcessor/${provider}/send?delay=${Math.max(0, Math.round(delayMs))}ms`;
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
    if (!res.ok) throw new Error(`mock ${provider} webhook could not be queued: HTTP ${res.status}`);
    await res.body?.cancel();
    logger.debug({ provider, delayMs }, "mock webhook queued");
  }
}
