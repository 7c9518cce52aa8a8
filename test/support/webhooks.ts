import { createHmac, createPrivateKey, sign } from "node:crypto";
import Stripe from "stripe";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "../../src/providers/webhooks/shippo-token.ts";
import { testMockKeys as creds } from "./mock-keys.ts";
import { post } from "./restate.ts";

/** Signed callbacks made with the providers' own schemes, as the provider would send them. */
export function stripeWebhook(event: object, options: { timestamp?: number; secret?: string; tamper?: boolean } = {}) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? creds.stripeWebhookSecret,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return post("/WebhookProcessor/stripe", undefined, {
    rawBody: options.tamper ? payload.replace("}", ',"x":1}') : payload,
    headers: { "content-type": "application/json", "stripe-signature": signature },
  });
}

export function stripeRaw(payload: string, headers: Record<string, string>) {
  return post("/WebhookProcessor/stripe", undefined, { rawBody: payload, headers: { "content-type": "application/json", ...headers } });
}

/** Straight to the ingress with the token's digest, as the HTTP API and the mocks send it (so the token stays out of the journal). */
export function shippoWebhook(body: object, options: { token?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(body);
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", creds.shippoWebhookSecret).update(`${t}.${payload}`).digest("hex");
  return post("/WebhookProcessor/shippo", undefined, {
    rawBody: payload,
    headers: {
      "content-type": "application/json",
      [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest(options.token ?? creds.shippoWebhookToken),
      "shippo-auth-signature": `t=${t},v1=${v1}`,
    },
  });
}

export function sendgridWebhook(events: object[], options: { timestamp?: number; tamper?: boolean } = {}) {
  const payload = `${JSON.stringify(events)}\r\n`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = createPrivateKey({ key: Buffer.from(creds.sendgridPrivateKey, "base64"), format: "der", type: "pkcs8" });
  const signature = sign("sha256", Buffer.from(timestamp + payload), key).toString("base64");
  return post("/WebhookProcessor/sendgrid", undefined, {
    rawBody: options.tamper ? payload.replace("delivered", "bounce") : payload,
    headers: {
      "content-type": "application/json",
      "x-twilio-email-event-webhook-signature": signature,
      "x-twilio-email-event-webhook-timestamp": timestamp,
    },
  });
}

export const trackUpdate = (trackingNumber: string, status: string, at: string, orderId?: string) => ({
  event: "track_updated",
  test: true,
  data: {
    carrier: "usps",
    tracking_number: trackingNumber,
    ...(orderId ? { metadata: `order:${orderId}` } : {}),
    tracking_status: { object_id: `ts_${status}_${at}`, status, status_details: `${status.toLowerCase()} update`, status_date: at },
    tracking_history: [],
  },
});
