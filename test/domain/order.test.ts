import { describe, expect, it } from "vitest";
import {
  applyRefund,
  type LineReservation,
  mergeLines,
  newOrder,
  type Order,
  orderCurrency,
  planCancel,
  reservationFailure,
} from "../../src/orders/domain/order.ts";
import { canMoveOrder, moveOrder } from "../../src/orders/domain/order-status.ts";
import { planAnyRefund, planCustomerRefund, refundForUnits } from "../../src/orders/domain/returns.ts";
import { DomainError } from "../../src/platform/domain/domain-errors.ts";
import { priceOrder } from "../../src/pricing/domain/pricing.ts";
import { NO_TAX } from "../../src/pricing/domain/tax.ts";

const reservation = (sku: string, extra: Partial<LineReservation> = {}): LineReservation => ({
  sku,
  quantity: 1,
  status: "reserved",
  available: 5,
  name: sku,
  price: 1000,
  currency: "USD",
  ...extra,
});

const order = (overrides: Partial<Order> = {}): Order => ({
  ...newOrder({
    orderId: "o1",
    customer: { email: "a@example.com", name: "A" },
    shippingAddress: { street: "s", city: "c", state: "st", zip: "1", country: "US" },
    paymentMethod: "pm_card_visa",
    shippingMethod: "standard",
    currency: "USD",
    priced: priceOrder({ lines: [{ sku: "A", name: "A", quantity: 3, unitPrice: 1000 }], currency: "USD", shipping: 0, taxRate: NO_TAX }),
    requestFingerprint: "f",
    now: 1,
  }),
  ...overrides,
});

describe("order domain", () => {
  it("merges lines of one SKU and keeps a client price", () => {
    expect(
      mergeLines([
        { sku: "A", quantity: 1 },
        { sku: "B", quantity: 2 },
        { sku: "A", quantity: 2, price: 1000 },
      ]),
    ).toEqual([
      { sku: "A", quantity: 3, price: 1000 },
      { sku: "B", quantity: 2 },
    ]);
    expect(() =>
      mergeLines([
        { sku: "A", quantity: 1, price: 1 },
        { sku: "A", quantity: 1, price: 2 },
      ]),
    ).toThrow(/different prices/);
  });

  it("takes the order's currency from its lines, and names the first line that could not be reserved", () => {
    expect(orderCurrency([reservation("A"), reservation("B")])).toBe("USD");
    expect(() => orderCurrency([reservation("A"), reservation("E", { currency: "EUR" })])).toThrow(
      /currency mismatch: E is priced in EUR, the order is in USD/,
    );
    expect(() => orderCurrency([reservation("A")], "EUR")).toThrow(DomainError);
    expect(reservationFailure([reservation("A"), reservation("B", { status: "insufficient", quantity: 3, available: 1 })])).toBe(
      "insufficient stock for B: requested 3, available 1",
    );
    expect(reservationFailure([reservation("A", { status: "price_changed", expectedPrice: 999 })])).toBe(
      "price mismatch for A: the request says $9.99, the catalog price is $10.00",
    );
    expect(reservationFailure([reservation("A"), reservation("B", { status: "backordered" })])).toBeUndefined();
  });

  it("moves orders forward only, naming the current state when it refuses", () => {
    expect(canMoveOrder("pending", "confirmed")).toBe(true);
    expect(canMoveOrder("shipped", "processing")).toBe(false);
    expect(canMoveOrder("delivered", "shipped")).toBe(false);
    expect(() => moveOrder("refunded", "shipped", "o9")).toThrow("order o9 is refunded; it cannot become shipped");
  });

  it("plans a cancel: void while authorized, refund once captured, 409 once shipped", () => {
    expect(planCancel(order({ status: "confirmed", paymentStatus: "authorized" }))).toEqual({ kind: "void" });
    const captured = order({ status: "processing", paymentStatus: "captured" });
    captured.payment = { ...captured.payment, amountCaptured: 3000, amountRefunded: 500 };
    expect(planCancel(captured)).toEqual({ kind: "refund", amount: 2500 });
    expect(() => planCancel(order({ status: "shipped", paymentStatus: "captured" }))).toThrow(/request a refund instead/);
  });

  it("plans refunds up to the captured total and moves to partially_refunded, then refunded", () => {
    let o = order({ status: "delivered", paymentStatus: "captured" });
    o.payment = { ...o.payment, amountCaptured: 3000 };
    expect(planAnyRefund(o, { amount: 1000 })).toEqual({ amount: 1000, items: [] });
    o = applyRefund(o, { n: 1, refundId: "r1", amount: 1000, reason: "x", at: 2, returnedItems: false });
    expect(o).toMatchObject({ status: "partially_refunded", paymentStatus: "partially_refunded" });
    expect(() => planAnyRefund(o, { amount: 2001 })).toThrow(/exceeds what is left to refund on order o1: \$20\.00/);
    expect(planAnyRefund(o, {})).toEqual({ amount: 2000, items: [] });
    o = applyRefund(o, { n: 2, refundId: "r2", amount: 2000, reason: "y", at: 3, returnedItems: true, items: [{ sku: "A", quantity: 3 }] });
    expect(o).toMatchObject({ status: "refunded", paymentStatus: "refunded", returnedUnits: { A: 3 } });
  });

  it("refunds returned units at their share of the line's net, and only within the return window after delivery", () => {
    const priced = priceOrder({
      lines: [{ sku: "A", name: "A", quantity: 3, unitPrice: 1000 }],
      currency: "USD",
      shipping: 500,
      coupon: { code: "C", type: "fixed", discount: 100, freeShipping: false },
      taxRate: { jurisdiction: "X", rateBps: 1000, shippingTaxable: false },
    });
    // Line net: 3000 − 100 + 290 tax = 3190; one unit of three: 1063, two: 2126, all three: 3190.
    let o = order({ ...priced, items: priced.lines, status: "delivered", paymentStatus: "captured", deliveredAt: 1_000 });
    o.payment = { ...o.payment, amountCaptured: priced.total };
    expect(refundForUnits(o, [{ sku: "A", quantity: 1 }])).toBe(1063);
    o = applyRefund(o, { n: 1, refundId: "r1", amount: 1063, reason: "x", at: 2, returnedItems: true, items: [{ sku: "A", quantity: 1 }] });
    expect(refundForUnits(o, [{ sku: "A", quantity: 2 }])).toBe(3190 - 1063);
    expect(() => planAnyRefund(o, { items: [{ sku: "A", quantity: 3 }] })).toThrow(/only 2 of A can still be returned/);

    const policy = { windowDays: 30, autoApproveLimit: 2000 };
    // Units to send back always wait for the shop (a return), however small.
    expect(planCustomerRefund(o, { reason: "r", items: [{ sku: "A", quantity: 1 }] }, policy, 2_000)).toEqual({
      amount: 1063,
      items: [{ sku: "A", quantity: 1 }],
      autoApproved: false,
    });
    expect(planCustomerRefund(o, { reason: "r", returnItems: true }, policy, 2_000)).toMatchObject({ amount: 2127, autoApproved: false });
    // Money alone within the budget left (2000 − nothing refunded by the customer so far) is refunded at once; beyond it, not.
    expect(planCustomerRefund(o, { reason: "r", amount: 1500 }, policy, 2_000)).toMatchObject({ amount: 1500, autoApproved: true });
    expect(planCustomerRefund(o, { reason: "r", amount: 2001 }, policy, 2_000)).toMatchObject({ autoApproved: false });
    // The budget is the order's: 1500 refunded without an admin leaves 500 (merchandise left: 2900 − 1063 − 1500 = 337 caps it further).
    const spent = applyRefund(o, { n: 2, refundId: "r2", amount: 1500, reason: "x", at: 3, returnedItems: false, by: "customer" });
    expect(planCustomerRefund(spent, { reason: "r", amount: 400 }, policy, 2_000)).toMatchObject({ autoApproved: false });
    expect(planCustomerRefund(spent, { reason: "r", amount: 337 }, policy, 2_000)).toMatchObject({ autoApproved: true });
    expect(planCustomerRefund(spent, { reason: "r", amount: 337 }, { ...policy, autoApproveLimit: 1_800 }, 2_000)).toMatchObject({
      autoApproved: false,
    });
    expect(() => planCustomerRefund(o, { reason: "r", returnItems: true }, policy, 1_000 + 31 * 86_400_000)).toThrow(
      /return window .* closed/,
    );
    expect(() => planCustomerRefund({ ...o, deliveredAt: undefined }, { reason: "r" }, policy, 2_000)).toThrow(/once it was delivered/);
  });
});
