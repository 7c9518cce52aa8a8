import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "../../src/providers/webhooks/shippo-token.ts";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { type FakeProviders, startFakeProviders } from "../fakes/env.ts";
import { formOf, jsonOf, type RecordedRequest } from "../fakes/fake-server.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, CHECKOUT_EVENTS, customer, eventTypes, orderRequest } from "../support/shop.ts";

/**
 * Whole orders through the unchanged checkout saga with MOCK_MODE=false: the real Stripe, Shippo
 * and SendGrid clients (their SDKs end to end) against the local fakes. This file owns its
 * restate-server and an in-process endpoint; vitest runs each file in its own worker, so the real
 * providers installed here never reach the shared mock-mode endpoint of the other files.
 */

let fakes: FakeProviders;
let server: Awaited<ReturnType<typeof ownRestateServer>>;
let endpoint: EndpointServer;

const call = <T = any>(path: string, body?: unknown) => post<T>(path, body, { url: server.ingressUrl });
const processOrder = (orderId: string, body: unknown) => call(`/OrderOrchestrator/${orderId}/processOrder`, body);
const orderOf = async (orderId: string) => (await call(`/OrderOrchestrator/${orderId}/getOrder`)).body;
const stockOf = async (sku: string) => (await call(`/InventoryItem/${sku}/get`)).body;

async function product(stock: number, price: number): Promise<string> {
  const sku = uniqueId("SKU-REAL");
  expect((await call(`/InventoryItem/${sku}/upsert`, { name: `Product ${sku}`, price, currency: "USD" })).status).toBe(200);
  expect((await call(`/InventoryItem/${sku}/restock`, { quantity: stock })).status).toBe(200);
  return sku;
}

/** The order's requests at the fake Stripe: every POST carries one of its `${orderId}:…` keys. */
const stripePosts = (orderId: string) =>
  fakes.stripe.posts().filter((r) => String(r.headers["idempotency-key"] ?? "").startsWith(`${orderId}:`));
const keysOf = (requests: RecordedRequest[]) => requests.map((r) => `${r.path} ${String(r.headers["idempotency-key"])}`);
const intentsOf = (orderId: string) => [...fakes.stripe.paymentIntents.values()].filter((pi) => pi.metadata.orderId === orderId);

/** The order's requests at the fake Shippo: shipments and purchases are tagged `order:${orderId}`. */
const shippoPosts = (orderId: string, path: "/shipments" | "/transactions") =>
  fakes.shippo.requests.filter((r) => r.method === "POST" && r.path === path && jsonOf(r).metadata === `order:${orderId}`);

const emailsOf = (orderId: string) => fakes.sendgrid.messages.filter((m) => m.body.personalizations?.[0]?.custom_args?.orderId === orderId);

beforeAll(async () => {
  fakes = await startFakeProviders({
    // Quick retries, so an outage of a few requests costs milliseconds. The Stripe breaker keeps
    // its default threshold (5 failures in a minute) but probes again after half a second.
    PAYMENT_RETRY_INTERVAL_MS: "50",
    PAYMENT_MAX_RETRIES: "4",
    PAYMENT_SETTLE_MAX_INTERVAL_MS: "200",
    PAYMENT_BREAKER_HALF_OPEN_MS: "500",
    SHIPPING_RETRY_INTERVAL_MS: "50",
    EMAIL_RETRY_INTERVAL_MS: "50",
  });
  server = await ownRestateServer();
  endpoint = await startEndpointServer({
    port: 0,
    host: "127.0.0.1",
    // A queued label is looked up again only when Shippo's webhook says so: no timer fires within a test.
    env: {
      ...process.env,
      MOCK_MODE: "false",
      RESTATE_INGRESS_URL: server.ingressUrl,
      METRICS_PORT: String(await freePort()),
      LABEL_POLL_INTERVAL_MS: "600000",
      ...fakes.env,
    },
  });
  await server.register(endpoint.url);
});

afterAll(async () => {
  await endpoint?.close();
  await server?.dispose();
  await fakes?.close();
});

describe("checkout saga with the real provider clients (MOCK_MODE=false) against the fakes", () => {
  it("completes an order: one authorization and one capture at Stripe, one label at Shippo, one email at SendGrid", async () => {
    const mug = await product(10, 1299);
    const tea = await product(5, 850);
    const orderId = uniqueId("real-ok");
    const answer = await processOrder(
      orderId,
      orderRequest([
        [mug, 2],
        [tea, 1],
      ]),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      orderId,
      status: "processing",
      paymentStatus: "captured",
      subtotal: 3448,
      shippingCost: 750,
      total: 3448 + 750,
      currency: "USD",
    });

    // Stripe: one PaymentIntent, created and captured under the order's own keys.
    expect(keysOf(stripePosts(orderId))).toEqual([
      `/v1/payment_intents ${orderId}:authorize`,
      `/v1/payment_intents/${answer.body.paymentIntentId}/capture ${orderId}:capture`,
    ]);
    const [create, capture] = stripePosts(orderId).map(formOf);
    expect(create).toMatchObject({
      amount: "4198",
      currency: "usd",
      capture_method: "manual",
      confirm: "true",
      payment_method: "pm_card_visa",
      "metadata[orderId]": orderId,
    });
    expect(capture).toMatchObject({ amount_to_capture: "4198" });
    expect(intentsOf(orderId)).toEqual([
      expect.objectContaining({ id: answer.body.paymentIntentId, status: "succeeded", amount_received: 4198 }),
    ]);

    // Shippo: one shipment, one purchase (after the look-up for an earlier one); the tracking number is Shippo's.
    expect(shippoPosts(orderId, "/shipments")).toHaveLength(1);
    const purchases = shippoPosts(orderId, "/transactions");
    expect(purchases).toHaveLength(1);
    const bought = [...fakes.shippo.transactions.values()].filter((t) => t.metadata === `order:${orderId}`);
    expect(bought).toEqual([expect.objectContaining({ status: "SUCCESS", rate: jsonOf(purchases[0]!).rate })]);
    expect(answer.body.trackingNumber).toBe(bought[0]!.tracking_number);

    // SendGrid: one confirmation to the customer, tagged with the order (sent after the answer, one way).
    const emails = await eventually(
      async () => emailsOf(orderId),
      (sent) => sent.length > 0,
    );
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body.personalizations[0].to[0].email).toBe(customer.email);
    expect(emails[0]!.body.personalizations[0].custom_args).toMatchObject({
      orderId,
      kind: "order_confirmation",
      dedupKey: expect.stringContaining(orderId),
    });

    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.length > 0,
    );
    expect(eventTypes(order)).toEqual(CHECKOUT_EVENTS);
    expect(order.payment).toMatchObject({ paymentIntentId: answer.body.paymentIntentId, amountAuthorized: 4198, amountCaptured: 4198 });
    expect(order.shipment).toMatchObject({
      carrier: "USPS",
      service: "Ground Advantage",
      labelId: bought[0]!.object_id,
      cost: { amount: 750, currency: "USD" },
    });
    expect(order.notifications).toEqual([
      expect.objectContaining({ kind: "order_confirmation", status: "sent", messageId: emails[0]!.messageId }),
    ]);
    expect(await stockOf(mug)).toMatchObject({ onHand: 8, reserved: 0 });
    expect(await stockOf(tea)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("records the amount Stripe says it refunded, and tells the operators when it is not what was asked", async () => {
    const sku = await product(3, 2500);
    const orderId = uniqueId("real-refund");
    expect((await processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }))).status).toBe(200);
    fakes.stripe.setRefundAmount(0);
    try {
      const refunded = await call(`/OrderOrchestrator/${orderId}/refund`, { amount: 1000, reason: "scratched", by: "admin-1" });
      expect(refunded.status).toBe(200);
    } finally {
      fakes.stripe.setRefundAmount(undefined);
    }
    const order = await orderOf(orderId);
    expect(order.payment.amountRefunded).toBe(0);
    expect(order.payment.refunds).toEqual([expect.objectContaining({ n: 1, amount: 0 })]);
    const alerts = await eventually(
      () => call(`/OperatorInbox/shop/list`),
      (r) => r.body.some?.((a: { id: string }) => a.id === `${orderId}:refund:1:amount`),
    );
    expect(alerts.body.find((a: { id: string }) => a.id === `${orderId}:refund:1:amount`)).toMatchObject({
      kind: "refund_amount_mismatch",
      message: `refund 1 of order ${orderId} asked for $10.00; the provider refunded $0.00 (${order.payment.refunds[0].refundId}), and the order records that`,
    });
  });

  describe("a capture Stripe is still processing", () => {
    /** Stripe's event for an intent, signed with the endpoint's webhook secret, through this file's ingress. */
    const stripeEvent = (type: string, intent: Record<string, unknown>) => {
      const payload = JSON.stringify({ id: `evt_${uniqueId("cap")}`, object: "event", type, data: { object: intent } });
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: fakes.env.STRIPE_WEBHOOK_SECRET! });
      return post("/WebhookProcessor/stripe", undefined, {
        url: server.ingressUrl,
        rawBody: payload,
        headers: { "content-type": "application/json", "stripe-signature": signature },
      });
    };
    const placeWhileProcessing = async (orderId: string) => {
      const sku = await product(3, 3000);
      fakes.stripe.setCaptureStatus("processing");
      try {
        const placed = processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }));
        const waiting = await eventually(
          () => orderOf(orderId),
          (o) => o.events?.some((e: { type: string }) => e.type === "capture_pending"),
        );
        return { sku, placed, intent: intentsOf(orderId)[0]!, waiting };
      } finally {
        fakes.stripe.setCaptureStatus("succeeded");
      }
    };

    it("waits for its payment_intent.succeeded, then completes the order: captured, confirmed by email", async () => {
      const orderId = uniqueId("real-cap-ok");
      const { placed, intent, waiting } = await placeWhileProcessing(orderId);
      expect(waiting).toMatchObject({ paymentStatus: "authorized" });
      expect(
        (await stripeEvent("payment_intent.succeeded", { ...intent, status: "succeeded", amount_received: intent.amount })).status,
      ).toBe(200);
      expect((await placed).status).toBe(200);
      const order = await orderOf(orderId);
      expect(order).toMatchObject({ paymentStatus: "captured", payment: { amountCaptured: intent.amount } });
      expect(eventTypes(order)).toEqual(expect.arrayContaining(["capture_pending", "payment_captured"]));
      expect(
        (
          await eventually(
            async () => emailsOf(orderId),
            (sent) => sent.length > 0,
          )
        ).map((m) => m.body.personalizations[0].custom_args.kind),
      ).toEqual(["order_confirmation"]);
    });

    it("fails the order with 402 when it ends in payment_failed: label voided, stock back, nothing captured", async () => {
      const orderId = uniqueId("real-cap-fail");
      const { sku, placed, intent } = await placeWhileProcessing(orderId);
      await stripeEvent("payment_intent.payment_failed", {
        ...intent,
        status: "requires_payment_method",
        last_payment_error: { code: "card_declined", message: "The bank refused the debit." },
      });
      const answer = await placed;
      expect(answer.status).toBe(402);
      const order = await orderOf(orderId);
      expect(order).toMatchObject({ status: "failed", paymentStatus: "failed" });
      expect(fakes.shippo.transactions.get(order.shipment.labelId)?.status).toBe("REFUNDPENDING");
      expect(eventTypes(order)).toEqual(expect.arrayContaining(["capture_pending", "compensated"]));
      expect((await stockOf(sku)).reserved).toBe(0);
    });
  });

  describe("a label Shippo queued", () => {
    /** Shippo's transaction webhook for a purchase, signed as Shippo does, through this file's ingress. */
    const transactionUpdated = (transaction: Record<string, unknown>) => {
      const payload = JSON.stringify({ event: "transaction_updated", test: true, data: transaction });
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac("sha256", fakes.env.SHIPPO_WEBHOOK_SECRET!).update(`${t}.${payload}`).digest("hex");
      return post("/WebhookProcessor/shippo", undefined, {
        url: server.ingressUrl,
        rawBody: payload,
        headers: {
          "content-type": "application/json",
          [SHIPPO_TOKEN_DIGEST_HEADER]: shippoTokenDigest(fakes.env.SHIPPO_WEBHOOK_TOKEN!),
          "shippo-auth-signature": `t=${t},v1=${v1}`,
        },
      });
    };
    const placeWhileQueued = async (orderId: string) => {
      const sku = await product(3, 2000);
      fakes.shippo.queuePurchasesNext(1);
      const placed = processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }));
      await eventually(
        () => orderOf(orderId),
        (o) => o.events?.some((e: { type: string }) => e.type === "label_queued"),
      );
      const [queued] = shippoPosts(orderId, "/transactions");
      return { sku, placed, transaction: [...fakes.shippo.transactions.values()].find((t) => t.metadata === `order:${orderId}`)!, queued };
    };

    it("waits durably for it: Shippo's transaction webhook wakes the order, which finds the label bought and goes on", async () => {
      const orderId = uniqueId("real-queued");
      const { placed, transaction } = await placeWhileQueued(orderId);
      fakes.shippo.settleQueued("SUCCESS");
      expect((await transactionUpdated(transaction)).status).toBe(200);
      expect((await placed).status).toBe(200);
      const order = await orderOf(orderId);
      expect(order).toMatchObject({
        paymentStatus: "captured",
        shipment: { labelId: transaction.object_id, trackingNumber: transaction.tracking_number },
      });
      expect(eventTypes(order)).toEqual(expect.arrayContaining(["label_queued", "label_purchased", "payment_captured"]));
      expect(shippoPosts(orderId, "/transactions")).toHaveLength(1);
    });

    it("fails with 422 when it ends in ERROR: payment voided, stock back, no compensation left failing", async () => {
      const orderId = uniqueId("real-queued-err");
      const { sku, placed, transaction } = await placeWhileQueued(orderId);
      fakes.shippo.settleQueued("ERROR");
      await transactionUpdated(transaction);
      expect((await placed).status).toBe(422);
      const order = await orderOf(orderId);
      expect(order).toMatchObject({ status: "failed", paymentStatus: "voided" });
      expect((await stockOf(sku)).reserved).toBe(0);
      const alerts = (await call("/OperatorInbox/shop/list")).body as Array<{ orderId?: string; kind: string }>;
      expect(alerts.filter((a) => a.orderId === orderId && a.kind === "compensation_failed")).toEqual([]);
    });
  });

  it("fails a declined card with 402: stock released, no capture, no label, no email", async () => {
    const sku = await product(4, 1500);
    const orderId = uniqueId("real-decline");
    const answer = await processOrder(orderId, orderRequest([[sku, 3]], { paymentMethod: "pm_card_chargeDeclinedInsufficientFunds" }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(402);
    expect(answer.body.message).toMatch(/payment declined: card_declined \(insufficient_funds\)/);

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "failed", failureCode: 402 });
    expect(eventTypes(order)).toEqual(expect.arrayContaining(["order_failed", "compensated"]));
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });

    // The void compensation asks Stripe again under the authorize key and gets the saved decline: nothing to cancel.
    const posts = stripePosts(orderId);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.every((r) => r.path === "/v1/payment_intents" && r.headers["idempotency-key"] === `${orderId}:authorize`)).toBe(true);
    expect(intentsOf(orderId)).toEqual([expect.objectContaining({ status: "requires_payment_method", amount_received: 0 })]);
    // The rate was quoted before the payment (the customer pays for shipping); no label was bought.
    expect(shippoPosts(orderId, "/shipments")).toHaveLength(1);
    expect(shippoPosts(orderId, "/transactions")).toEqual([]);
    expect(emailsOf(orderId)).toEqual([]);
  });

  it("compensates a label purchase that Shippo answers with ERROR: 422, payment voided, stock restored, customer told", async () => {
    const sku = await product(6, 2000);
    const orderId = uniqueId("real-label");
    fakes.shippo.failPurchaseNext(1, ["The address could not be validated by the carrier."]);
    const answer = await processOrder(orderId, orderRequest([[sku, 2]]));
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect(answer.body.message).toMatch(/label purchase for rate \w+ failed: USPS: The address could not be validated/);

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "voided", failureCode: 422 });
    expect(order.shipment.trackingNumber).toBeUndefined();
    expect(order.events.find((e: { type: string }) => e.type === "compensated")).toMatchObject({
      detail: "void label, void payment, release stock",
    });
    expect(await stockOf(sku)).toMatchObject({ onHand: 6, reserved: 0, available: 6 });

    // Stripe: authorized, then cancelled under the void key; never captured.
    const paymentIntentId = order.payment.paymentIntentId;
    expect(keysOf(stripePosts(orderId))).toEqual([
      `/v1/payment_intents ${orderId}:authorize`,
      `/v1/payment_intents/${paymentIntentId}/cancel ${orderId}:void`,
    ]);
    expect(intentsOf(orderId)).toEqual([expect.objectContaining({ id: paymentIntentId, status: "canceled", amount_received: 0 })]);

    // Shippo: one failed purchase, not retried.
    expect(shippoPosts(orderId, "/transactions")).toHaveLength(1);

    // SendGrid: the customer hears that the order failed, and nothing else; the operators get an alert.
    const emails = emailsOf(orderId);
    const to = (m: (typeof emails)[number]) => m.body.personalizations[0].to[0].email as string;
    expect(emails.filter((m) => to(m) === customer.email).map((m) => m.body.personalizations[0].custom_args.kind)).toEqual([
      "order_failed",
    ]);
    expect(emails.filter((m) => to(m) !== customer.email).map((m) => m.body.personalizations[0].custom_args.kind)).toEqual([
      "operator_alert",
    ]);
    expect(order.notifications).toEqual([expect.objectContaining({ kind: "order_failed", status: "sent" })]);
  });

  it("rides out a Stripe outage of a few requests: the order completes, nothing is compensated, one charge", async () => {
    const sku = await product(5, 4200);
    const orderId = uniqueId("real-outage");
    // The first 3 requests (authorize attempts) get a 503, then 1 capture attempt does too: 3 is
    // below the 5 attempts of the authorize budget, and 4 failures stay below the breaker's 5.
    fakes.stripe.failNext(3, 503);
    fakes.stripe.failNext(1, 503, { method: "POST", path: /\/capture$/ });
    const answer = await processOrder(orderId, orderRequest([[sku, 1]]));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ orderId, status: "processing", paymentStatus: "captured", subtotal: 4200, total: 4950 });

    const pi = answer.body.paymentIntentId;
    expect(keysOf(stripePosts(orderId))).toEqual([
      ...Array.from({ length: 4 }, () => `/v1/payment_intents ${orderId}:authorize`),
      ...Array.from({ length: 2 }, () => `/v1/payment_intents/${pi}/capture ${orderId}:capture`),
    ]);
    // Every attempt sent the same body under the same key: Stripe could not have seen two requests.
    expect(
      new Set(
        stripePosts(orderId)
          .filter((r) => r.path === "/v1/payment_intents")
          .map((r) => r.body),
      ).size,
    ).toBe(1);
    expect(intentsOf(orderId)).toEqual([expect.objectContaining({ id: pi, status: "succeeded", amount_received: 4950 })]);
    expect([...fakes.stripe.refunds.values()].filter((r) => r.payment_intent === pi)).toEqual([]);

    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.length > 0,
    );
    expect(eventTypes(order)).toEqual(CHECKOUT_EVENTS);
    expect(order.payment).toMatchObject({ amountAuthorized: 4950, amountCaptured: 4950, amountRefunded: 0 });
    expect(shippoPosts(orderId, "/transactions")).toHaveLength(1);
    expect(emailsOf(orderId).map((m) => m.body.personalizations[0].custom_args.kind)).toEqual(["order_confirmation"]);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("captures through an outage long enough to open the circuit: Restate waits for the probe, one capture, no void", async () => {
    const captures = async () => {
      const text = await (await fetch(endpoint.metricsUrl!)).text();
      const count = (outcome: string) =>
        Number(
          new RegExp(
            `^shop_provider_call_duration_seconds_count\\{provider="stripe",operation="capture",outcome="${outcome}"\\} (\\d+)$`,
            "m",
          ).exec(text)?.[1] ?? 0,
        );
      return { failed: count("failed"), circuitOpen: count("circuit_open"), success: count("success"), text };
    };
    const before = await captures();
    const sku = await product(5, 990);
    const orderId = uniqueId("real-breaker");
    // Five failed captures open the circuit however many failures came before; each later probe
    // meets the next 503 until they run out. The capture step never gives up on money.
    fakes.stripe.failNext(5, 503, { method: "POST", path: /\/capture$/ });
    const answer = await processOrder(orderId, orderRequest([[sku, 2]]));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ orderId, status: "processing", paymentStatus: "captured", subtotal: 1980, total: 2730 });

    // Attempts refused by the open circuit never reached Stripe: 5 failures, then the capture.
    const pi = answer.body.paymentIntentId;
    expect(keysOf(stripePosts(orderId))).toEqual([
      `/v1/payment_intents ${orderId}:authorize`,
      ...Array.from({ length: 6 }, () => `/v1/payment_intents/${pi}/capture ${orderId}:capture`),
    ]);
    expect(intentsOf(orderId)).toEqual([expect.objectContaining({ id: pi, status: "succeeded", amount_received: 2730 })]);
    expect(eventTypes(await orderOf(orderId))).not.toContain("compensated");

    const health = (await call("/ProviderHealth/status")).body;
    const stripe = health.providers.find((p: { provider: string }) => p.provider === "stripe");
    expect(stripe).toMatchObject({ breaker: "closed" });
    expect(stripe.rejected).toBeGreaterThan(0);
    expect(stripe.recentFailures.map((f: { kind: string }) => f.kind)).toContain("circuit-open");

    // The endpoint's metrics: each capture that reached Stripe, each one the open circuit refused.
    const after = await captures();
    expect(after.failed - before.failed).toBe(5);
    expect(after.success - before.success).toBe(1);
    expect(after.circuitOpen - before.circuitOpen).toBeGreaterThan(0);
    expect(after.text).toContain('shop_provider_circuit_state{provider="stripe",state="closed"} 1');
    expect(after.text).toContain('shop_provider_circuit_state{provider="stripe",state="open"} 0');
  });
});
