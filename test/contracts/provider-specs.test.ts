import { Client } from "@sendgrid/client";
import { MailService } from "@sendgrid/mail";
import { afterEach, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/providers/types.ts";
import { TEST_PROVIDER_SECRETS } from "../fakes/env.ts";
import { startFakeSendgrid } from "../fakes/fake-sendgrid.ts";
import type { FakeServer, RecordedRequest } from "../fakes/fake-server.ts";
import { startFakeShippo } from "../fakes/fake-shippo.ts";
import { startFakeStripe } from "../fakes/fake-stripe.ts";
import { realProviders, rejection } from "../providers/support.ts";
import { type CheckedRequest, contractChecker } from "./checker.ts";

/**
 * The real clients' requests against the providers' official documents (specs/): what they send
 * today conforms, and the checker catches what broke a spec-true server before (SendGrid's
 * top-level custom_args), an unknown Stripe parameter, a Shippo field of the wrong type, and an
 * operation the document lacks. Every fake-server test is held to the same documents.
 */

const fakes: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
const started = <T extends FakeServer>(fake: T) => {
  fakes.push(fake);
  return fake;
};

/** The operation of each request, in the document's terms ("POST /v1/payment_intents/{intent}/capture"). */
const operations = (requests: RecordedRequest[], templates: string[]) =>
  new Set(
    requests.map((r) => {
      const template = templates.find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(r.path));
      return `${r.method} ${template ?? r.path}`;
    }),
  );

const message: EmailMessage = {
  kind: "order_confirmation",
  to: "ada@example.com",
  subject: "Your order o-1",
  text: "Thanks for your order.",
  html: "<p>Thanks for your order.</p>",
  dedupKey: "o-1:order_confirmation",
  orderId: "o-1",
  templateData: { orderId: "o-1" },
};

const form = (body: string): CheckedRequest => ({
  method: "POST",
  path: "/v1/payment_intents",
  query: new URLSearchParams(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body,
});

describe("what the real clients send today conforms to the official documents", () => {
  it("Stripe: authorize, capture (and its look-up), void, refund", async () => {
    const fake = started(await startFakeStripe({ secretKey: TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY }));
    const { payments } = realProviders({ stripe: fake.url }).providers;
    const auth = await payments.authorize({
      orderId: "o-1",
      amount: 5000,
      currency: "USD",
      paymentMethod: "pm_card_visa",
      customerEmail: "ada@example.com",
      idempotencyKey: "o-1:authorize",
    });
    const capture = { orderId: "o-1", paymentIntentId: auth.paymentIntentId, amount: 5000, currency: "USD" };
    await payments.capture({ ...capture, idempotencyKey: "o-1:capture" });
    // A capture retried after its key expired meets a captured intent and reads it (GET).
    await payments.capture({ ...capture, idempotencyKey: "o-1:capture:late" });
    await payments.refund({
      orderId: "o-1",
      paymentIntentId: auth.paymentIntentId,
      amount: 1000,
      currency: "USD",
      reason: "requested_by_customer",
      idempotencyKey: "o-1:refund:1",
    });
    const other = await payments.authorize({
      orderId: "o-2",
      amount: 700,
      currency: "USD",
      paymentMethod: "pm_card_visa",
      customerEmail: "ada@example.com",
      idempotencyKey: "o-2:authorize",
    });
    await payments.void({ orderId: "o-2", paymentIntentId: other.paymentIntentId, reason: "abandoned", idempotencyKey: "o-2:void" });

    expect(fake.violations).toEqual([]);
    expect(
      operations(fake.requests, [
        "/v1/payment_intents/{intent}/capture",
        "/v1/payment_intents/{intent}/cancel",
        "/v1/payment_intents/{intent}",
        "/v1/payment_intents",
        "/v1/refunds",
      ]),
    ).toEqual(
      new Set([
        "POST /v1/payment_intents",
        "POST /v1/payment_intents/{intent}/capture",
        "GET /v1/payment_intents/{intent}",
        "POST /v1/refunds",
        "POST /v1/payment_intents/{intent}/cancel",
      ]),
    );
  });

  it("Shippo: quote, label purchase (look-up, purchase, rate), void, tracking", async () => {
    const fake = started(await startFakeShippo({ apiKey: TEST_PROVIDER_SECRETS.SHIPPO_API_KEY }));
    const { shipping } = realProviders({ shippo: fake.url }).providers;
    const quote = await shipping.quote({
      orderId: "o-1",
      to: { name: "Ada Lovelace", street: "12 Analytical Row", city: "Portland", state: "OR", zip: "97201", country: "US" },
      parcel: { weightGrams: 1234.5, itemCount: 2 },
      method: "standard",
      currency: "USD",
    });
    const purchase = await shipping.buyLabel({ orderId: "o-1", rateId: quote.rateId });
    if (purchase.status !== "bought") throw new Error(`the fake queued the label: ${JSON.stringify(purchase)}`);
    const label = purchase.label;
    await shipping.getTracking(label.carrier, label.trackingNumber);
    expect(await shipping.voidLabel({ orderId: "o-1", rateId: quote.rateId })).toEqual({ status: "voided", labelId: label.labelId });

    expect(fake.violations).toEqual([]);
    expect(operations(fake.requests, ["/rates/{RateId}", "/tracks/{Carrier}/{TrackingNumber}"])).toEqual(
      new Set([
        "POST /shipments",
        "GET /transactions",
        "POST /transactions",
        "GET /rates/{RateId}",
        "GET /tracks/{Carrier}/{TrackingNumber}",
        "POST /refunds",
      ]),
    );
  });

  it("SendGrid: a mail send, with content and with a dynamic template", async () => {
    const fake = started(await startFakeSendgrid({ apiKey: TEST_PROVIDER_SECRETS.SENDGRID_API_KEY }));
    await realProviders({ sendgrid: fake.url }).providers.email.send(message);
    await realProviders({ sendgrid: fake.url }, { SENDGRID_TEMPLATE_ORDER_CONFIRMATION: "d-0rder" }).providers.email.send(message);
    expect(fake.violations).toEqual([]);
    expect(fake.messages).toHaveLength(2);
  });
});

describe("the checker reports what breaks a document", () => {
  it("SendGrid: the old client's top-level custom_args object (the spec types it as a string) is refused, 400 naming it", async () => {
    const fake = started(await startFakeSendgrid({ apiKey: TEST_PROVIDER_SECRETS.SENDGRID_API_KEY }));
    // The mail data the client built until 759c318, through the same library and into the fake.
    const client = new Client();
    client.setApiKey(TEST_PROVIDER_SECRETS.SENDGRID_API_KEY);
    client.setDefaultRequest("baseUrl", fake.url);
    const mail = new MailService();
    mail.setClient(client);
    const error = await rejection(
      mail.send({
        to: message.to,
        from: { email: "orders@shop.test" },
        customArgs: { dedupKey: message.dedupKey, kind: message.kind, orderId: "o-1" },
        categories: [message.kind],
        subject: message.subject,
        text: message.text,
        html: message.html,
      }),
    );
    expect((error as Error & { code?: number }).code).toBe(400);
    expect(JSON.stringify((error as Error & { response?: { body?: unknown } }).response?.body)).toContain(
      "body/custom_args: must be string",
    );
    expect(fake.takeViolations()).toEqual(["POST /v3/mail/send body/custom_args: must be string"]);
    expect(fake.messages).toEqual([]);
  });

  it("Stripe: a form parameter the document does not name, at the top or nested, decoded from bracket notation", () => {
    const stripe = contractChecker("stripe");
    const conforming =
      "amount=5000&currency=usd&capture_method=manual&confirm=true&payment_method=pm_card_visa&automatic_payment_methods[enabled]=true&metadata[orderId]=o-1";
    expect(stripe.check(form(conforming))).toEqual([]);
    expect(stripe.check(form(`${conforming}&payment_method_typez[0]=card`))).toEqual([
      "POST /v1/payment_intents body: property payment_method_typez is not in the document",
    ]);
    expect(stripe.check(form(`${conforming}&automatic_payment_methods[allow_redirect]=never`))).toEqual([
      "POST /v1/payment_intents body/automatic_payment_methods: property allow_redirect is not in the document",
    ]);
    // Values are read as the document types them: an amount must be an integer.
    expect(stripe.check(form(conforming.replace("amount=5000", "amount=50.5")))).toEqual([
      "POST /v1/payment_intents body/amount: must be integer",
    ]);
  });

  it("Stripe: through the fake, the violating request is answered 400 and the fake's close fails", async () => {
    const fake = await startFakeStripe({ secretKey: TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY });
    const answer = await fetch(`${fake.url}/v1/payment_intents`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY}`, "content-type": "application/x-www-form-urlencoded" },
      body: "amount=5000&currency=usd&shop_note=hello",
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      error: {
        type: "invalid_request_error",
        message: "request breaks the stripe API document: POST /v1/payment_intents body: property shop_note is not in the document",
      },
    });
    expect(fake.paymentIntents.size).toBe(0);
    await expect(fake.close()).rejects.toThrow(/property shop_note is not in the document/);
  });

  it("Shippo: a field of the wrong type (a parcel's weight as a number where the spec wants a string)", () => {
    const shippo = contractChecker("shippo");
    const shipment = {
      address_from: { name: "Shop", street1: "1 Warehouse Way", city: "San Francisco", state: "CA", zip: "94107", country: "US" },
      address_to: { name: "Ada", street1: "12 Analytical Row", city: "Portland", state: "OR", zip: "97201", country: "US" },
      parcels: [{ length: "30", width: "20", height: "10", distance_unit: "cm", weight: "1235", mass_unit: "g" }],
      async: false,
      metadata: "order:o-1",
    };
    const post = (body: unknown): CheckedRequest => ({
      method: "POST",
      path: "/shipments",
      query: new URLSearchParams(),
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(shippo.check(post(shipment))).toEqual([]);
    const wrong = shippo.check(post({ ...shipment, parcels: [{ ...shipment.parcels[0], weight: 1235 }] }));
    expect(wrong).toContain("POST /shipments body/parcels/0/weight: must be string");
  });

  it("an operation the document lacks, or a method it does not allow on a path", () => {
    const get = (path: string, method = "GET"): CheckedRequest => ({ method, path, query: new URLSearchParams(), headers: {}, body: "" });
    expect(contractChecker("stripe").check(get("/v1/charges"))).toEqual(["GET /v1/charges: no such operation in the stripe document"]);
    expect(contractChecker("shippo").check(get("/refunds"))).toEqual(["GET /refunds: the shippo document allows only POST here"]);
    expect(contractChecker("sendgrid").check(get("/v3/mail/batch", "POST"))).toEqual([
      "POST /v3/mail/batch: no such operation in the sendgrid document",
    ]);
  });
});
