import { createHmac, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import Stripe from "stripe";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";
import { testMockKeys as creds } from "../support/mock-keys.ts";
import { preview } from "./inputs.ts";

type Provider = "stripe" | "shippo" | "sendgrid" | "twilio";
interface RawRequest {
  body: string;
  headers: Record<string, string>;
  query?: string;
  what: string;
}

const now = () => Math.floor(Date.now() / 1000);
const json = { "content-type": "application/json" };
/** Bodies a provider might send, and bytes no provider sends. */
const bodies = fc.oneof(
  fc.constantFrom(
    '{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}}',
    '{"event":"track_updated","data":{}}',
    '[{"event":"delivered","timestamp":1}]',
  ),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? "null"),
);
const garbage = fc.string({ minLength: 1, maxLength: 120 }).filter((s) => /^[\x21-\x7e]+$/.test(s));

const stripeSignature = (payload: string, secret: string, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });

const shippoSignature = (payload: string, secret: string, t = now()) =>
  `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex")}`;

const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
const sendgridSignature = (
  payload: string,
  timestamp: string,
  key = createPrivateKey({ key: Buffer.from(creds.sendgridPrivateKey, "base64"), format: "der", type: "pkcs8" }),
) => sign("sha256", Buffer.from(timestamp + payload), key).toString("base64");

/**
 * Callbacks that must be refused with 400 or 401 and change nothing: no signature, a forged or
 * stale one, a signature over other bytes, the wrong token. Correctly signed events are never
 * generated: those would be applied.
 */
export function badWebhooks(provider: Provider): fc.Arbitrary<RawRequest> {
  switch (provider) {
    case "stripe":
      return fc.oneof(
        bodies.map((body) => ({ body, headers: json, what: `unsigned ${preview(body)}` })),
        fc
          .tuple(bodies, garbage)
          .map(([body, sig]) => ({ body, headers: { ...json, "stripe-signature": sig }, what: `stripe-signature ${preview(sig)}` })),
        bodies.map((body) => ({
          body,
          headers: { ...json, "stripe-signature": stripeSignature(body, "whsec_someone_else") },
          what: "signed with another secret",
        })),
        bodies.map((body) => ({
          body,
          headers: { ...json, "stripe-signature": stripeSignature(body, creds.stripeWebhookSecret, now() - 3_600) },
          what: "signed an hour ago",
        })),
        bodies.map((body) => ({
          body: `${body} `,
          headers: { ...json, "stripe-signature": stripeSignature(body, creds.stripeWebhookSecret) },
          what: "signed, then a byte added",
        })),
        fc.constantFrom("not json", "{", "[]", '{"type":"x"}').map((body) => ({
          body,
          headers: { ...json, "stripe-signature": stripeSignature(body, creds.stripeWebhookSecret) },
          what: `signed but unreadable ${body}`,
        })),
      );
    case "shippo": {
      const token = `?token=${encodeURIComponent(creds.shippoWebhookToken)}`;
      return fc.oneof(
        bodies.map((body) => ({
          body,
          headers: { ...json, "shippo-auth-signature": shippoSignature(body, creds.shippoWebhookSecret) },
          what: "no token",
        })),
        fc.tuple(bodies, garbage).map(([body, t]) => ({
          body,
          query: `?token=${encodeURIComponent(t)}`,
          headers: { ...json, "shippo-auth-signature": shippoSignature(body, creds.shippoWebhookSecret) },
          what: `token ${preview(t)}`,
        })),
        fc.tuple(bodies, garbage).map(([body, t]) => ({
          body,
          headers: { ...json, "x-shippo-token": t, "shippo-auth-signature": shippoSignature(body, creds.shippoWebhookSecret) },
          what: `x-shippo-token ${preview(t)}`,
        })),
        bodies.map((body) => ({ body, query: token, headers: json, what: "the token but no signature" })),
        bodies.map((body) => ({
          body,
          query: token,
          headers: { ...json, "shippo-auth-signature": shippoSignature(body, "another secret") },
          what: "signed with another secret",
        })),
        bodies.map((body) => ({
          body,
          query: token,
          headers: { ...json, "shippo-auth-signature": shippoSignature(body, creds.shippoWebhookSecret, now() - 3_600) },
          what: "signed an hour ago",
        })),
        fc.constantFrom("not json", "{}", '{"event":"track_updated"}').map((body) => ({
          body,
          query: token,
          headers: { ...json, "shippo-auth-signature": shippoSignature(body, creds.shippoWebhookSecret) },
          what: `signed but unreadable ${body}`,
        })),
      );
    }
    case "twilio": {
      const form = { "content-type": "application/x-www-form-urlencoded" };
      const messages = fc
        .record({
          From: fc.constantFrom("+15550001234", "+15005550006", "not a number"),
          Body: fc.constantFrom("STOP", "START", "hello", ""),
        })
        .map((m) => new URLSearchParams(m).toString());
      return fc.oneof(
        messages.map((body) => ({ body, headers: form, what: `unsigned ${body}` })),
        fc
          .tuple(messages, garbage)
          .map(([body, sig]) => ({ body, headers: { ...form, "x-twilio-signature": sig }, what: `x-twilio-signature ${preview(sig)}` })),
        messages.map((body) => ({
          body,
          headers: {
            ...form,
            "x-twilio-signature": getExpectedTwilioSignature(
              "another account's token 0000",
              "http://127.0.0.1/webhooks/twilio",
              Object.fromEntries(new URLSearchParams(body)),
            ),
          },
          what: "signed with another token",
        })),
      );
    }
    case "sendgrid": {
      const headers = (signature: string, timestamp: string) => ({
        ...json,
        "x-twilio-email-event-webhook-signature": signature,
        "x-twilio-email-event-webhook-timestamp": timestamp,
      });
      return fc.oneof(
        bodies.map((body) => ({ body, headers: json, what: "unsigned" })),
        fc.tuple(bodies, garbage).map(([body, sig]) => ({ body, headers: headers(sig, String(now())), what: `signature ${preview(sig)}` })),
        bodies.map((body) => ({
          body,
          headers: headers(sendgridSignature(body, String(now()), otherKey), String(now())),
          what: "signed with another key",
        })),
        bodies.map((body) => {
          const stale = String(now() - 3_600);
          return { body, headers: headers(sendgridSignature(body, stale), stale), what: "signed an hour ago" };
        }),
        bodies.map((body) => ({
          body: `${body}\r\n`,
          headers: headers(sendgridSignature(body, String(now())), String(now())),
          what: "signed, then bytes added",
        })),
        fc.constantFrom("not json", "{}", "[1]").map((body) => ({
          body,
          headers: headers(sendgridSignature(body, String(now())), String(now())),
          what: `signed but unreadable ${body}`,
        })),
      );
    }
  }
}
