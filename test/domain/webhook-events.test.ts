import { describe, expect, it } from "vitest";
import { newOrder } from "../../src/orders/domain/order.ts";
import { applyTracking } from "../../src/orders/domain/order-events.ts";
import { acceptOutcome } from "../../src/orders/domain/payment-settlement.ts";
import { priceOrder } from "../../src/pricing/domain/pricing.ts";
import { NO_TAX } from "../../src/pricing/domain/tax.ts";
import { parseSendgridEvents, parseShippoEvent, parseStripeEvent } from "../../src/providers/webhooks/domain/webhook-events.ts";

const bytes = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v));

describe("webhook event parsing", () => {
  it("maps Stripe events to payment events and ignores the rest", () => {
    expect(
      parseStripeEvent(
        bytes({
          id: "evt_1",
          type: "payment_intent.payment_failed",
          data: { object: { id: "pi_1", metadata: { orderId: "o1" }, last_payment_error: { message: "declined" } } },
        }),
      ),
    ).toEqual({
      kind: "payment",
      eventId: "evt_1",
      type: "payment_failed",
      paymentIntentId: "pi_1",
      orderId: "o1",
      reason: "declined",
    });
    expect(parseStripeEvent(bytes({ id: "evt_2", type: "customer.created", data: { object: {} } }))).toEqual({
      kind: "ignored",
      eventId: "evt_2",
      type: "customer.created",
    });
    expect(() => parseStripeEvent(bytes("nope"))).toThrow("webhook body is not valid JSON");
  });

  it("identifies a Shippo tracking update by its status object and reads the order from metadata", () => {
    const e = parseShippoEvent(
      bytes({
        event: "track_updated",
        data: {
          tracking_number: "T1",
          carrier: "usps",
          metadata: "order:o7",
          tracking_status: { object_id: "ts1", status: "TRANSIT", status_details: "moving", status_date: "2026-01-01T00:00:00Z" },
        },
      }),
    );
    expect(e).toMatchObject({ kind: "tracking", eventId: "track:T1:ts1", orderId: "o7", status: "TRANSIT" });
  });

  it("identifies SendGrid events by message, type and time, not by sg_event_id", () => {
    const [e] = parseSendgridEvents(
      bytes([{ event: "bounce", timestamp: 10, sg_message_id: "m1", sg_event_id: "changes-on-redelivery", orderId: "o1" }]),
    );
    expect(e).toMatchObject({ kind: "email", eventId: "m1:bounce:10", event: "bounce", at: 10_000 });
  });
});

describe("ordering rules", () => {
  it("lets the first settlement outcome win and ignores one for another PaymentIntent", () => {
    const outcome = { paymentIntentId: "pi_1", status: "succeeded" as const, eventId: "e1" };
    expect(acceptOutcome(null, outcome, "pi_1")).toBe(true);
    expect(acceptOutcome(outcome, { ...outcome, status: "failed", eventId: "e2" }, "pi_1")).toBe(false);
    expect(acceptOutcome(null, { ...outcome, paymentIntentId: "pi_old" }, "pi_1")).toBe(false);
  });

  it("never un-delivers an order on a late TRANSIT", () => {
    const base = newOrder({
      orderId: "o1",
      customer: { email: "a@b.co", name: "A" },
      shippingAddress: { street: "s", city: "c", state: "s", zip: "1", country: "US" },
      paymentMethod: "pm",
      shippingMethod: "standard",
      currency: "USD",
      priced: priceOrder({ lines: [], currency: "USD", shipping: 0, taxRate: NO_TAX }),
      requestFingerprint: "f",
      now: 0,
    });
    const processing = { ...base, status: "processing" as const, paymentStatus: "captured" as const };
    const delivered = applyTracking(
      processing,
      { kind: "tracking", eventId: "e1", trackingNumber: "T", carrier: "usps", status: "DELIVERED", details: "", at: "2" },
      1,
    ).order;
    expect(delivered.status).toBe("delivered");
    const late = applyTracking(
      delivered,
      { kind: "tracking", eventId: "e2", trackingNumber: "T", carrier: "usps", status: "TRANSIT", details: "", at: "1" },
      2,
    );
    expect(late.order.status).toBe("delivered");
    expect(late.order.shipment.trackingStatus).toBe("DELIVERED");
    expect(late.emails).toEqual([]);
  });

  it("keeps a delivered or returned parcel so: later RETURNED, FAILURE, UNKNOWN or TRANSIT only join the history", () => {
    const base = newOrder({
      orderId: "o3",
      customer: { email: "a@b.co", name: "A" },
      shippingAddress: { street: "s", city: "c", state: "s", zip: "1", country: "US" },
      paymentMethod: "pm",
      shippingMethod: "standard",
      currency: "USD",
      priced: priceOrder({ lines: [], currency: "USD", shipping: 0, taxRate: NO_TAX }),
      requestFingerprint: "f",
      now: 0,
    });
    const track = (status: string, at: string) => ({
      kind: "tracking" as const,
      eventId: `e-${status}-${at}`,
      trackingNumber: "T",
      carrier: "usps",
      status,
      details: status.toLowerCase(),
      at,
    });
    let order = {
      ...base,
      status: "processing" as const,
      paymentStatus: "captured" as const,
      shipment: { ...base.shipment, trackingStatus: "PRE_TRANSIT" },
    };
    order = applyTracking(order, track("TRANSIT", "2026-01-01T10:00:00Z"), 1).order as typeof order;
    order = applyTracking(order, track("DELIVERED", "2026-01-02T10:00:00Z"), 2).order as typeof order;
    for (const status of ["RETURNED", "FAILURE", "UNKNOWN", "TRANSIT", "PRE_TRANSIT"]) {
      const reaction = applyTracking(order, track(status, "2026-01-03T10:00:00Z"), 3);
      expect(reaction.order.shipment.trackingStatus, status).toBe("DELIVERED");
      expect(reaction.order.status, status).toBe("delivered");
      expect(reaction.alerts, status).toEqual([]);
      expect(reaction.emails, status).toEqual([]);
      expect(reaction.order.shipment.trackingHistory.at(-1)?.status, status).toBe(status);
      expect(reaction.order.events.at(-1)?.type, status).toBe("webhook_ignored");
    }
    const returned = applyTracking(
      { ...order, status: "shipped" as const, shipment: { ...order.shipment, trackingStatus: "RETURNED" } },
      track("DELIVERED", "2026-01-04T10:00:00Z"),
      4,
    );
    expect(returned.order.shipment.trackingStatus).toBe("RETURNED");
  });

  it("lets a parcel whose delivery failed travel again, but not on an update older than the failure", () => {
    const base = newOrder({
      orderId: "o4",
      customer: { email: "a@b.co", name: "A" },
      shippingAddress: { street: "s", city: "c", state: "s", zip: "1", country: "US" },
      paymentMethod: "pm",
      shippingMethod: "standard",
      currency: "USD",
      priced: priceOrder({ lines: [], currency: "USD", shipping: 0, taxRate: NO_TAX }),
      requestFingerprint: "f",
      now: 0,
    });
    const track = (status: string, at: string) => ({
      kind: "tracking" as const,
      eventId: `e-${status}-${at}`,
      trackingNumber: "T",
      carrier: "usps",
      status,
      details: "",
      at,
    });
    let order = { ...base, status: "shipped" as const, paymentStatus: "captured" as const };
    order = applyTracking(order, track("TRANSIT", "2026-01-01T10:00:00Z"), 1).order as typeof order;
    const failed = applyTracking(order, track("FAILURE", "2026-01-02T10:00:00Z"), 2);
    expect(failed.order.shipment.trackingStatus).toBe("FAILURE");
    expect(failed.alerts.map((a) => a.kind)).toEqual(["shipping_exception"]);
    const late = applyTracking(failed.order, track("TRANSIT", "2026-01-01T12:00:00Z"), 3);
    expect(late.order.shipment.trackingStatus).toBe("FAILURE");
    const again = applyTracking(failed.order, track("TRANSIT", "2026-01-03T09:00:00Z"), 4);
    expect(again.order.shipment.trackingStatus).toBe("TRANSIT");
  });

  it("records a cancelled order's late delivery without telling the customer it was delivered", () => {
    const base = newOrder({
      orderId: "o2",
      customer: { email: "a@b.co", name: "A" },
      shippingAddress: { street: "s", city: "c", state: "s", zip: "1", country: "US" },
      paymentMethod: "pm",
      shippingMethod: "standard",
      currency: "USD",
      priced: priceOrder({ lines: [], currency: "USD", shipping: 0, taxRate: NO_TAX }),
      requestFingerprint: "f",
      now: 0,
    });
    const cancelled = { ...base, status: "cancelled" as const, paymentStatus: "refunded" as const };
    const reaction = applyTracking(
      cancelled,
      { kind: "tracking", eventId: "e1", trackingNumber: "T", carrier: "usps", status: "DELIVERED", details: "", at: "2" },
      1,
    );
    expect(reaction.order.status).toBe("cancelled");
    expect(reaction.emails).toEqual([]);
  });
});
