import { describe, expect, it } from "vitest";
import { MockEmailSender } from "../../mocks/email.ts";
import { memoryLedger } from "../../mocks/ledger.ts";
import { MockPaymentGateway } from "../../mocks/payments.ts";
import type { MockProviderEvents } from "../../mocks/provider-events.ts";
import { MockShippingProvider } from "../../mocks/shipping.ts";

function recorder() {
  const calls: string[] = [];
  const events: MockProviderEvents = {
    paymentPending: async (auth) => void calls.push(`pending ${auth.paymentIntentId}`),
    labelBought: async (label) => void calls.push(`label ${label.trackingNumber}`),
    emailSent: async () => undefined,
  };
  return { calls, events };
}

const calm = { failureRate: 0, latencyMs: 0 };
const request = {
  orderId: "o1",
  amount: 500,
  currency: "USD",
  paymentMethod: "pm_card_async",
  customerEmail: "a@b.co",
  idempotencyKey: "o1:authorize",
};

describe("mock providers after a crash between their call and its journal entry", () => {
  it("return the same PaymentIntent for a replayed key and queue its settlement webhook again", async () => {
    const { calls, events } = recorder();
    const gateway = new MockPaymentGateway(memoryLedger(), calm, events);
    const first = await gateway.authorize(request);
    const replay = await gateway.authorize(request);
    expect(replay).toEqual(first);
    expect(calls).toEqual([`pending ${first.paymentIntentId}`, `pending ${first.paymentIntentId}`]);
  });

  it("never buy a second label for a rate, but queue its tracking webhooks again", async () => {
    const { calls, events } = recorder();
    const ledger = memoryLedger();
    const shipping = new MockShippingProvider(ledger, calm, events);
    const quote = await shipping.quote({
      orderId: "o1",
      to: { street: "s", city: "c", state: "s", zip: "1", country: "US" },
      parcel: { weightGrams: 500, itemCount: 1 },
      method: "standard",
      currency: "USD",
    });
    const first = await shipping.buyLabel({ orderId: "o1", rateId: quote.rateId });
    const again = await shipping.buyLabel({ orderId: "o1", rateId: quote.rateId });
    expect(again).toEqual(first);
    if (first.status !== "bought") throw new Error("the mock carrier bought no label");
    expect(ledger.find({ op: "label" })).toHaveLength(1);
    expect(calls).toEqual([`label ${first.label.trackingNumber}`, `label ${first.label.trackingNumber}`]);
  });

  it("send an email again like SendGrid, but with the Message-ID header of the first copy", async () => {
    const ledger = memoryLedger();
    const email = new MockEmailSender(ledger, calm);
    const message = {
      kind: "order_confirmation" as const,
      to: "a@b.co",
      subject: "s",
      text: "t",
      html: "h",
      dedupKey: "o1:order_confirmation",
      orderId: "o1",
      templateData: {},
    };
    const first = await email.send(message);
    const again = await email.send(message);
    await email.send({ ...message, kind: "refund", dedupKey: "o1:refund:1" });

    expect(again.messageId).not.toBe(first.messageId);
    const headers = ledger.find({ op: "send" }).map((e) => e.messageIdHeader);
    expect(headers[0]).toMatch(/^<.+@mock\.restate-commerce\.invalid>$/);
    expect(headers[1]).toBe(headers[0]);
    expect(headers[2]).not.toBe(headers[0]);
  });
});
