import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_PROVIDER_SECRETS } from "../fakes/env.ts";
import { formOf } from "../fakes/fake-server.ts";
import { type FakeStripe, startFakeStripe } from "../fakes/fake-stripe.ts";
import { expectRetryable, expectTerminal, realProviders, rejection, retryAfterOf, sleep } from "./support.ts";

let fake: FakeStripe;
beforeEach(async () => {
  fake = await startFakeStripe();
});
afterEach(async () => {
  await fake.close();
});

const gateway = (overrides: Record<string, string> = {}) => realProviders({ stripe: fake.url }, overrides);

const authorizeRequest = (orderId: string, paymentMethod = "pm_card_visa") => ({
  orderId,
  amount: 5000,
  currency: "USD",
  paymentMethod,
  customerEmail: "ada@example.com",
  idempotencyKey: `${orderId}:authorize`,
});

async function capturedIntent(payments: ReturnType<typeof gateway>["providers"]["payments"], orderId: string) {
  const auth = await payments.authorize(authorizeRequest(orderId));
  await payments.capture({
    orderId,
    paymentIntentId: auth.paymentIntentId,
    amount: 5000,
    currency: "USD",
    idempotencyKey: `${orderId}:capture`,
  });
  return auth.paymentIntentId;
}

describe("Stripe gateway: authorize", () => {
  it("creates a confirmed manual-capture PaymentIntent with our idempotency key and the order in metadata", async () => {
    const { providers } = gateway();
    const result = await providers.payments.authorize(authorizeRequest("o-1"));
    // The charge comes expanded: Radar's risk level and the card's country are read for risk screening.
    expect(result).toEqual({
      paymentIntentId: expect.stringMatching(/^pi_/),
      status: "authorized",
      amount: 5000,
      currency: "USD",
      riskLevel: "normal",
      cardCountry: "US",
    });

    const [request] = fake.posts();
    expect(request?.path).toBe("/v1/payment_intents");
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY}`);
    expect(request?.headers["idempotency-key"]).toBe("o-1:authorize");
    expect(request?.headers["stripe-version"]).toBeTruthy();
    expect(formOf(request!)).toMatchObject({
      amount: "5000",
      currency: "usd",
      capture_method: "manual",
      confirm: "true",
      payment_method: "pm_card_visa",
      "automatic_payment_methods[enabled]": "true",
      "automatic_payment_methods[allow_redirects]": "never",
      "metadata[orderId]": "o-1",
      "expand[0]": "latest_charge",
    });
    expect(Object.keys(formOf(request!)).some((k) => k.startsWith("payment_method_types"))).toBe(false);
  });

  it("retries a 503 with the same key and ends with one PaymentIntent", async () => {
    const { providers } = gateway();
    fake.failNext(1, 503);
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("o-2"))), /HTTP 503/);
    const second = await providers.payments.authorize(authorizeRequest("o-2"));
    const third = await providers.payments.authorize(authorizeRequest("o-2"));

    expect(third.paymentIntentId).toBe(second.paymentIntentId);
    expect(fake.posts().map((r) => r.headers["idempotency-key"])).toEqual(["o-2:authorize", "o-2:authorize", "o-2:authorize"]);
    expect(fake.paymentIntents.size).toBe(1);
  });

  it("a response lost after Stripe acted times out, and the retry gets the same PaymentIntent", async () => {
    const { providers } = gateway({ PAYMENT_CALL_TIMEOUT_MS: "300" });
    fake.loseNext(1);
    const started = Date.now();
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("o-3"))), /timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);

    const retried = await providers.payments.authorize(authorizeRequest("o-3"));
    expect(fake.paymentIntents.size).toBe(1);
    expect(fake.paymentIntents.has(retried.paymentIntentId)).toBe(true);
  });

  it.each([
    ["pm_card_chargeDeclinedInsufficientFunds", "payment declined: card_declined (insufficient_funds)"],
    ["pm_card_chargeDeclined", "payment declined: card_declined (generic_decline)"],
    ["pm_card_chargeDeclinedExpiredCard", "payment declined: expired_card"],
  ])("maps the decline of %s to a terminal 402", async (paymentMethod, message) => {
    const { providers } = gateway();
    const error = await rejection(providers.payments.authorize(authorizeRequest("o-4", paymentMethod)));
    expectTerminal(error, 402);
    expect(error.message).toBe(message);
  });

  it("reads Radar's risk level and the card's country from the charge", async () => {
    const { providers } = gateway();
    expect(await providers.payments.authorize(authorizeRequest("o-radar-1", "pm_card_riskLevelElevated"))).toMatchObject({
      status: "authorized",
      riskLevel: "elevated",
    });
    expect((await providers.payments.authorize(authorizeRequest("o-radar-2", "pm_card_riskLevelHighest"))).riskLevel).toBe("highest");
    expect((await providers.payments.authorize(authorizeRequest("o-radar-3", "pm_card_de"))).cardCountry).toBe("DE");
  });

  it("reports 3-D Secure and asynchronous methods as pending", async () => {
    const { providers } = gateway();
    expect((await providers.payments.authorize(authorizeRequest("o-5", "pm_card_authenticationRequired"))).status).toBe("pending");
    expect((await providers.payments.authorize(authorizeRequest("o-6", "pm_fake_processing"))).status).toBe("pending");
  });

  it("takes an authorization Stripe answers as already succeeded (captured at once) as authorized; the capture then finds it captured", async () => {
    const { providers } = gateway();
    const auth = await providers.payments.authorize(authorizeRequest("o-13", "pm_fake_capturedAtOnce"));
    expect(auth).toMatchObject({ status: "authorized", amount: 5000 });
    const capture = await providers.payments.capture({
      orderId: "o-13",
      paymentIntentId: auth.paymentIntentId,
      amount: 5000,
      currency: "USD",
      idempotencyKey: "o-13:capture",
    });
    expect(capture).toEqual({ paymentIntentId: auth.paymentIntentId, status: "captured", amountCaptured: 5000, currency: "USD" });
  });

  it("maps invalid requests and a key reused with other parameters to terminal 400", async () => {
    const { providers } = gateway();
    expectTerminal(
      await rejection(providers.payments.authorize({ ...authorizeRequest("o-7"), amount: 0 })),
      400,
      /stripe rejected authorize/,
    );

    await providers.payments.authorize(authorizeRequest("o-8"));
    const reused = await rejection(providers.payments.authorize({ ...authorizeRequest("o-8"), amount: 7000 }));
    expectTerminal(reused, 400, /idempotency key reused/);
  });

  it("treats 409, 5xx and connection failures as retryable, and passes on Retry-After of a 429", async () => {
    const { providers } = gateway();
    fake.failNext(1, 409);
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("o-9"))), /HTTP 409/);
    fake.failNext(1, 500);
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("o-9"))), /HTTP 500/);
    fake.failNext(1, 429, { headers: { "retry-after": "7" } });
    const limited = await rejection(providers.payments.authorize(authorizeRequest("o-9")));
    expectRetryable(limited, /rate-limited/);
    expect(retryAfterOf(limited)).toBe(7_000);

    const closed = gateway({ STRIPE_API_BASE: "http://127.0.0.1:1" });
    expectRetryable(await rejection(closed.providers.payments.authorize(authorizeRequest("o-9"))), /connection/);
  });

  it("reads a 402's error type: a card error is a decline, anything else (api_error) is Stripe's fault and retried", async () => {
    const { providers } = gateway();
    fake.failNext(1, 402, { body: { error: { type: "api_error", message: "An unexpected error occurred." } } });
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("o-11"))), /HTTP 402 \(api_error\)/);
    expectTerminal(
      await rejection(providers.payments.authorize(authorizeRequest("o-12", "pm_card_chargeDeclined"))),
      402,
      /payment declined: card_declined/,
    );
  });

  it("never lets a secret through an error message", async () => {
    const { providers } = gateway();
    const secret = TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY;
    fake.failNext(1, 500, { body: { error: { type: "api_error", message: `exploded while using ${secret}` } } });
    const error = await rejection(providers.payments.authorize(authorizeRequest("o-10")));
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(secret);
  });
});

describe("Stripe gateway: capture, void, refund", () => {
  it("reports a capture Stripe answers with processing as pending, not as an error", async () => {
    const { providers } = gateway();
    const auth = await providers.payments.authorize(authorizeRequest("c-p"));
    fake.setCaptureStatus("processing");
    const capture = await providers.payments.capture({
      orderId: "c-p",
      paymentIntentId: auth.paymentIntentId,
      amount: 5000,
      currency: "USD",
      idempotencyKey: "c-p:capture",
    });
    expect(capture).toEqual({ paymentIntentId: auth.paymentIntentId, status: "pending", amountCaptured: 0, currency: "USD" });
  });

  it("captures fully or partially with amount_to_capture and our key", async () => {
    const { providers } = gateway();
    const auth = await providers.payments.authorize(authorizeRequest("c-1"));
    const capture = await providers.payments.capture({
      orderId: "c-1",
      paymentIntentId: auth.paymentIntentId,
      amount: 4000,
      currency: "USD",
      idempotencyKey: "c-1:capture",
    });
    expect(capture).toEqual({ paymentIntentId: auth.paymentIntentId, status: "captured", amountCaptured: 4000, currency: "USD" });
    const request = fake.posts().at(-1)!;
    expect(request.path).toBe(`/v1/payment_intents/${auth.paymentIntentId}/capture`);
    expect(request.headers["idempotency-key"]).toBe("c-1:capture");
    expect(formOf(request)).toMatchObject({ amount_to_capture: "4000" });
  });

  it("a capture retried after Stripe forgot the key finds the intent already captured", async () => {
    const { providers } = gateway();
    const auth = await providers.payments.authorize(authorizeRequest("c-2"));
    const request = { orderId: "c-2", paymentIntentId: auth.paymentIntentId, amount: 5000, currency: "USD", idempotencyKey: "c-2:capture" };
    await providers.payments.capture(request);
    const again = await providers.payments.capture({ ...request, idempotencyKey: "c-2:capture:pruned" });
    expect(again.amountCaptured).toBe(5000);
  });

  it("voids an authorization, and voiding it again succeeds; a captured intent cannot be voided", async () => {
    const { providers } = gateway();
    const auth = await providers.payments.authorize(authorizeRequest("v-1"));
    const request = { orderId: "v-1", paymentIntentId: auth.paymentIntentId, idempotencyKey: "v-1:void", reason: "abandoned" as const };
    expect(await providers.payments.void(request)).toEqual({ paymentIntentId: auth.paymentIntentId, status: "voided" });
    expect(formOf(fake.posts().at(-1)!)).toMatchObject({ cancellation_reason: "abandoned" });
    expect(await providers.payments.void({ ...request, idempotencyKey: "v-1:void:again" })).toMatchObject({ status: "voided" });

    const captured = await capturedIntent(providers.payments, "v-2");
    const error = await rejection(providers.payments.void({ orderId: "v-2", paymentIntentId: captured, idempotencyKey: "v-2:void" }));
    expectTerminal(error, 422, /cannot void .* succeeded/);
  });

  it("refunds partially and repeatedly, one refund per key, and refuses more than was captured", async () => {
    const { providers } = gateway();
    const intent = await capturedIntent(providers.payments, "r-1");
    const refund = (n: number, amount: number) =>
      providers.payments.refund({
        orderId: "r-1",
        paymentIntentId: intent,
        amount,
        currency: "USD",
        reason: "requested_by_customer",
        idempotencyKey: `r-1:refund:${n}`,
      });

    const first = await refund(1, 1500);
    expect(first).toEqual({
      refundId: expect.stringMatching(/^re_/),
      paymentIntentId: intent,
      amount: 1500,
      currency: "USD",
      status: "succeeded",
    });
    expect(formOf(fake.posts().at(-1)!)).toMatchObject({
      payment_intent: intent,
      amount: "1500",
      reason: "requested_by_customer",
      "metadata[orderId]": "r-1",
    });
    expect((await refund(1, 1500)).refundId).toBe(first.refundId);
    await refund(2, 2000);
    expect(fake.refunds.size).toBe(2);
    expectTerminal(await rejection(refund(3, 2000)), 400, /amount_too_large/);
  });

  it("reports a pending refund as pending and a failed one as terminal", async () => {
    const { providers } = gateway();
    const intent = await capturedIntent(providers.payments, "r-2");
    const refund = (n: number) =>
      providers.payments.refund({
        orderId: "r-2",
        paymentIntentId: intent,
        amount: 100,
        currency: "USD",
        reason: "damaged",
        idempotencyKey: `r-2:refund:${n}`,
      });
    fake.setRefundStatus("pending");
    expect((await refund(1)).status).toBe("pending");
    expect(formOf(fake.posts().at(-1)!)).not.toHaveProperty("reason");
    fake.setRefundStatus("failed");
    expectTerminal(await rejection(refund(2)), 422, /failed/);
  });
});

describe("Stripe gateway: circuit breaker", () => {
  it("opens after the threshold, rejects without calling Stripe, and closes after a good probe", async () => {
    const { providers, status } = gateway({
      PAYMENT_BREAKER_FAILURES: "3",
      PAYMENT_BREAKER_WINDOW_MS: "60000",
      PAYMENT_BREAKER_HALF_OPEN_MS: "400",
    });
    fake.failNext(3, 503);
    for (let i = 0; i < 3; i++) expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("b-1"))), /HTTP 503/);
    expect(status("stripe").breaker).toBe("open");

    const seen = fake.requests.length;
    const rejected = await rejection(providers.payments.authorize(authorizeRequest("b-1")));
    expectRetryable(rejected, /circuit is open/);
    expect(retryAfterOf(rejected)).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(seen);
    expect(status("stripe")).toMatchObject({ breaker: "open", failures: 3, rejected: 1 });

    await sleep(450);
    expect((await providers.payments.authorize(authorizeRequest("b-1"))).status).toBe("authorized");
    expect(status("stripe").breaker).toBe("closed");
    expect(fake.requests.length).toBe(seen + 1);
  });

  it("does not count declines: a business answer is not an outage", async () => {
    const { providers, status } = gateway({ PAYMENT_BREAKER_FAILURES: "2" });
    for (let i = 0; i < 4; i++) {
      expectTerminal(await rejection(providers.payments.authorize(authorizeRequest(`d-${i}`, "pm_card_chargeDeclined"))), 402);
    }
    expect(status("stripe")).toMatchObject({ breaker: "closed", terminal: 4, failures: 0 });
  });

  it("re-opens when the half-open probe fails", async () => {
    const { providers, status } = gateway({ PAYMENT_BREAKER_FAILURES: "2", PAYMENT_BREAKER_HALF_OPEN_MS: "200" });
    fake.failNext(3, 503);
    for (let i = 0; i < 2; i++) await rejection(providers.payments.authorize(authorizeRequest("b-2")));
    await sleep(250);
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("b-2"))), /HTTP 503/);
    expect(status("stripe").breaker).toBe("open");
    expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("b-2"))), /circuit is open/);
  });

  it("counts timeouts as failures", async () => {
    const { providers, status } = gateway({ PAYMENT_CALL_TIMEOUT_MS: "150", PAYMENT_BREAKER_FAILURES: "2" });
    fake.stallNext(2);
    for (let i = 0; i < 2; i++) expectRetryable(await rejection(providers.payments.authorize(authorizeRequest("t-1"))), /timed out/);
    expect(status("stripe")).toMatchObject({ breaker: "open", failures: 2 });
    expect(status("stripe").recentFailures.map((f) => f.kind)).toEqual(["timeout", "timeout"]);
  });
});
