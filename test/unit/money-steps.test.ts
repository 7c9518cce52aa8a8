import { TerminalError } from "@restatedev/restate-sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { newOrder, type Order } from "../../src/orders/domain/order.ts";
import { refundPayment, voidAbandonedPayment, voidPayment } from "../../src/orders/orchestrator/payment-step.ts";
import { priceOrder } from "../../src/pricing/domain/pricing.ts";
import { NO_TAX } from "../../src/pricing/domain/tax.ts";
import type { Runtime } from "../../src/providers/runtime.ts";
import type { PaymentGateway, Providers } from "../../src/providers/types.ts";
import type { Settings } from "../../src/server/settings.ts";
import { fakeObjectContext } from "./fake-object-context.ts";
import { testRuntime } from "./test-runtime.ts";

// The provider idempotency keys are a contract with journals already written: a changed key would
// move the money a second time when an old invocation is replayed. These pin them byte for byte.

type Call = { operation: string; request: Record<string, unknown> };
let calls: Call[];
let answers: Partial<Record<keyof PaymentGateway, (request: Record<string, unknown>) => unknown>>;
let rt: Runtime<Settings>;

beforeEach(() => {
  calls = [];
  answers = {};
  const payments = new Proxy(
    {},
    {
      get: (_, operation: string) => async (request: Record<string, unknown>) => {
        calls.push({ operation, request });
        const answer = answers[operation as keyof PaymentGateway];
        if (!answer) throw new Error(`no answer for ${operation}`);
        return answer(request);
      },
    },
  );
  rt = testRuntime({ providers: { payments, shipping: {}, email: {}, sms: {} } as unknown as Providers });
});

const order = (overrides: Partial<Order["payment"]> = {}): Order => {
  const base = newOrder({
    orderId: "cart-7.1-abc",
    orderNumber: "ORD-2026-000042",
    customer: { email: "a@example.com", name: "A" },
    shippingAddress: { street: "s", city: "c", state: "st", zip: "1", country: "US" },
    paymentMethod: "pm_card_visa",
    shippingMethod: "standard",
    currency: "EUR",
    priced: priceOrder({ lines: [{ sku: "A", name: "A", quantity: 2, unitPrice: 1500 }], currency: "EUR", shipping: 0, taxRate: NO_TAX }),
    requestFingerprint: "f",
    now: 1,
  });
  return { ...base, payment: { ...base.payment, paymentIntentId: "pi_1", ...overrides } };
};

describe("refundPayment, the one refund step", () => {
  it("refunds under the key {orderId}:refund:{n}, in the step it is given", async () => {
    answers.refund = (r) => ({ refundId: "re_1", paymentIntentId: "pi_1", amount: r.amount, currency: "EUR", status: "succeeded" });
    const { ctx, steps, sends } = fakeObjectContext();
    const done = await refundPayment(ctx, rt, order(), { n: 2, amount: 1000, reason: "damaged", step: "refund:2" });
    expect(done.amount).toBe(1000);
    expect(steps).toEqual(["refund:2"]);
    expect(calls).toEqual([
      {
        operation: "refund",
        request: {
          orderId: "cart-7.1-abc",
          paymentIntentId: "pi_1",
          amount: 1000,
          currency: "EUR",
          reason: "damaged",
          idempotencyKey: "cart-7.1-abc:refund:2",
        },
      },
    ]);
    expect(sends).toEqual([]);
  });

  it("tells the operator when the provider refunded another amount, and answers the provider's figure", async () => {
    answers.refund = () => ({ refundId: "re_2", paymentIntentId: "pi_1", amount: 700, currency: "EUR", status: "succeeded" });
    const { ctx, sends } = fakeObjectContext();
    const done = await refundPayment(ctx, rt, order(), { n: 1, amount: 1000, reason: "r", step: "cancel:refund:1" });
    expect(done.amount).toBe(700);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({
      object: "OperatorInbox",
      handler: "raise",
      input: { id: "cart-7.1-abc:refund:1:amount", kind: "refund_amount_mismatch", orderId: "cart-7.1-abc" },
    });
    expect((sends[0]!.input as { message: string }).message).toContain("ORD-2026-000042");
  });
});

describe("voidPayment, the one void step", () => {
  it("voids a customer's cancel under the same key {orderId}:void as the compensation, in the cancel's own step", async () => {
    answers.void = (r) => ({ paymentIntentId: r.paymentIntentId, status: "voided" });
    const { ctx, steps } = fakeObjectContext();
    expect(await voidPayment(ctx, rt, order(), { name: "cancel:void", reason: "requested_by_customer" })).toEqual({ voided: true });
    expect(steps).toEqual(["cancel:void"]);
    expect(calls).toEqual([
      {
        operation: "void",
        request: { orderId: "cart-7.1-abc", paymentIntentId: "pi_1", idempotencyKey: "cart-7.1-abc:void", reason: "requested_by_customer" },
      },
    ]);
  });

  it("leaves a refusal of the void to its caller (a cancel answers it as a failure)", async () => {
    answers.void = () => {
      throw new TerminalError("already captured", { errorCode: 409 });
    };
    const { ctx, sends } = fakeObjectContext();
    await expect(voidPayment(ctx, rt, order(), { name: "cancel:void", reason: "requested_by_customer" })).rejects.toThrow(
      "already captured",
    );
    expect(sends).toEqual([]);
  });
});

describe("voidAbandonedPayment, the saga's compensation", () => {
  it("voids the known PaymentIntent under the key {orderId}:void, as abandoned", async () => {
    answers.void = (r) => ({ paymentIntentId: r.paymentIntentId, status: "voided" });
    const { ctx, steps, sends } = fakeObjectContext();
    await voidAbandonedPayment(ctx, rt, order());
    expect(steps).toEqual(["void"]);
    expect(calls).toEqual([
      {
        operation: "void",
        request: { orderId: "cart-7.1-abc", paymentIntentId: "pi_1", idempotencyKey: "cart-7.1-abc:void", reason: "abandoned" },
      },
    ]);
    expect(sends).toEqual([]);
  });

  it("learns the PaymentIntent of an authorize call that timed out by replaying its key, then voids it", async () => {
    answers.authorize = () => ({ paymentIntentId: "pi_late", status: "authorized" });
    answers.void = (r) => ({ paymentIntentId: r.paymentIntentId, status: "voided" });
    const { ctx } = fakeObjectContext();
    await voidAbandonedPayment(ctx, rt, order({ paymentIntentId: undefined }));
    expect(calls.map((c) => [c.operation, c.request.idempotencyKey, c.request.paymentIntentId])).toEqual([
      ["authorize", "cart-7.1-abc:authorize", undefined],
      ["void", "cart-7.1-abc:void", "pi_late"],
    ]);
  });

  it("voids nothing when the replayed authorization is declined", async () => {
    answers.authorize = () => {
      throw new TerminalError("card declined", { errorCode: 402 });
    };
    const { ctx, sends } = fakeObjectContext();
    await voidAbandonedPayment(ctx, rt, order({ paymentIntentId: undefined }));
    expect(calls.map((c) => c.operation)).toEqual(["authorize"]);
    expect(sends).toEqual([]);
  });

  it("raises an alert, and does not fail the unwinding, when the provider refuses the void", async () => {
    answers.void = () => {
      throw new TerminalError("already captured", { errorCode: 409 });
    };
    const { ctx, sends } = fakeObjectContext();
    await voidAbandonedPayment(ctx, rt, order());
    expect(sends).toEqual([
      expect.objectContaining({
        object: "OperatorInbox",
        handler: "raise",
        input: expect.objectContaining({ id: "cart-7.1-abc:void-refused", kind: "compensation_failed" }),
      }),
    ]);
  });

  it("lets a failure that is not the provider's refusal through, for Restate to retry", async () => {
    answers.void = () => {
      throw new TypeError("a bug");
    };
    const { ctx } = fakeObjectContext();
    await expect(voidAbandonedPayment(ctx, rt, order())).rejects.toThrow(TypeError);
  });
});
