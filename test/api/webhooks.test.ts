import { createHmac, createPrivateKey, randomBytes, sign } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { api, errorShape, newCustomer } from "../support/api.ts";
import { testMockKeys as creds } from "../support/mock-keys.ts";
import { eventually, sql, uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";
import { trackUpdate } from "../support/webhooks.ts";

const raw = (path: string, body: string, headers: Record<string, string>) =>
  api("POST", path, { rawBody: body, headers: { "content-type": "application/json", ...headers } });

function stripeSigned(event: object) {
  const payload = JSON.stringify(event);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: creds.stripeWebhookSecret }) };
}

function shippoSigned(body: object) {
  const payload = JSON.stringify(body);
  const t = Math.floor(Date.now() / 1000);
  return { payload, signature: `t=${t},v1=${createHmac("sha256", creds.shippoWebhookSecret).update(`${t}.${payload}`).digest("hex")}` };
}

function sendgridSigned(events: object[]) {
  const payload = `${JSON.stringify(events)}\r\n`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = createPrivateKey({ key: Buffer.from(creds.sendgridPrivateKey, "base64"), format: "der", type: "pkcs8" });
  return { payload, timestamp, signature: sign("sha256", Buffer.from(timestamp + payload), key).toString("base64") };
}

/** Every byte of Restate's journal, as the admin SQL endpoint shows it. */
async function journalBytes(): Promise<Buffer> {
  const rows = await sql<{ raw?: string | null; entry_json?: string | null }>("SELECT raw, entry_json FROM sys_journal");
  return Buffer.concat(rows.flatMap((r) => [r.raw ? Buffer.from(r.raw, "hex") : Buffer.alloc(0), Buffer.from(r.entry_json ?? "")]));
}

describe("POST /webhooks/stripe|shippo|sendgrid", () => {
  it("hands a signed Stripe event to the WebhookProcessor and answers its receipt; a forged one is its 401", async () => {
    const { payload, signature } = stripeSigned({ id: uniqueId("evt"), type: "customer.created", data: { object: {} } });
    const accepted = await raw("/webhooks/stripe", payload, { "stripe-signature": signature });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ received: 1, applied: 0, duplicate: 0, ignored: 1, unknown_order: 0 });
    const forged = await raw("/webhooks/stripe", payload.replace("customer", "charge"), { "stripe-signature": signature });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: { code: "unauthenticated", message: "invalid stripe signature" } });
    const unsigned = await raw("/webhooks/stripe", payload, {});
    expect(unsigned.body).toEqual({ error: { code: "unauthenticated", message: "missing stripe-signature header" } });
    const signedNonsense = stripeSigned({ id: uniqueId("evt") });
    const unreadable = await raw("/webhooks/stripe", signedNonsense.payload, { "stripe-signature": signedNonsense.signature });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toEqual(errorShape("invalid_input"));
  });

  it("takes Shippo's token from ?token= (as Shippo sends it) or the header, and moves the order on", async () => {
    const customer = await newCustomer();
    const sku = await product(5, 1000);
    await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } });
    // The mock carrier never scans this parcel: only our callbacks move it.
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: { ...address, zip: "00001" }, paymentMethodId: "pm_card_visa" },
    });
    const { orderNumber, trackingNumber } = placed.body;
    const transit = shippoSigned(trackUpdate(trackingNumber, "TRANSIT", new Date().toISOString()));
    const noToken = await raw("/webhooks/shippo", transit.payload, { "shippo-auth-signature": transit.signature });
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.message).toBe("missing shippo webhook token");
    const wrongToken = await raw(`/webhooks/shippo?token=not-the-token`, transit.payload, { "shippo-auth-signature": transit.signature });
    expect(wrongToken.status).toBe(401);
    const viaQuery = await raw(`/webhooks/shippo?token=${encodeURIComponent(creds.shippoWebhookToken)}`, transit.payload, {
      "shippo-auth-signature": transit.signature,
    });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.body).toMatchObject({ received: 1, applied: 1 });
    const done = shippoSigned(trackUpdate(trackingNumber, "DELIVERED", new Date(Date.now() + 1000).toISOString()));
    const viaHeader = await raw("/webhooks/shippo", done.payload, {
      "x-shippo-token": creds.shippoWebhookToken,
      "shippo-auth-signature": done.signature,
    });
    expect(viaHeader.body).toMatchObject({ applied: 1 });
    const order = await eventually(
      () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
      (r) => r.body.status === "delivered",
    );
    // The token reached Restate only as its digest: it is nowhere in the journal.
    expect((await journalBytes()).includes(Buffer.from(creds.shippoWebhookToken))).toBe(false);
    expect(order.body).toMatchObject({ shippedAt: expect.any(String), deliveredAt: expect.any(String) });
  });

  it("verifies SendGrid's signature over the raw body", async () => {
    const signed = sendgridSigned([
      {
        event: "delivered",
        sg_event_id: uniqueId("sg"),
        sg_message_id: uniqueId("msg"),
        email: "ada@example.com",
        timestamp: Math.floor(Date.now() / 1000),
      },
    ]);
    const headers = {
      "x-twilio-email-event-webhook-signature": signed.signature,
      "x-twilio-email-event-webhook-timestamp": signed.timestamp,
    };
    const accepted = await raw("/webhooks/sendgrid", signed.payload, headers);
    expect(accepted.status).toBe(200);
    expect(accepted.body.received).toBe(1);
    // One byte changed (the trailing CRLF): the signature no longer holds.
    const altered = await raw("/webhooks/sendgrid", signed.payload.trimEnd(), headers);
    expect(altered.status).toBe(401);
  });

  it("lets only the signature headers into Restate's journal: cookies and credentials of the request stay out", async () => {
    const cookie = `session=${randomBytes(16).toString("hex")}`;
    const bearer = randomBytes(24).toString("hex");
    const { payload, signature } = stripeSigned({ id: uniqueId("evt"), type: "customer.updated", data: { object: {} } });
    const answer = await raw("/webhooks/stripe", payload, {
      "stripe-signature": signature,
      cookie,
      authorization: `Bearer ${bearer}`,
      "x-forwarded-for": "203.0.113.9",
    });
    expect(answer.status).toBe(200);
    const journal = await journalBytes();
    // The search finds what is there: the signature header travelled with the call.
    expect(journal.includes(Buffer.from(signature))).toBe(true);
    expect(journal.includes(Buffer.from(cookie))).toBe(false);
    expect(journal.includes(Buffer.from(bearer))).toBe(false);
    expect(journal.includes(Buffer.from("203.0.113.9"))).toBe(false);
  });
});
