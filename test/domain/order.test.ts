import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.ts";
import { canMoveOrder, moveOrder } from "../../src/domain/order-status.ts";
import { applyRefund, mergeLines, newOrder, planCancel, planRefund, priceLines, type Order } from "../../src/domain/order.ts";

const catalog = { A: { name: "A", price: 1000, currency: "USD" }, B: { name: "B", price: 250, currency: "USD" }, E: { name: "E", price: 900, currency: "EUR" } };

const order = (overrides: Partial<Order> = {}): Order => ({
  ...newOrder({
    orderId: "o1",
    customer: { email: "a@example.com", name: "A" },
    shippingAddress: { street: "s", city: "c", state: "st", zip: "1", country: "US" },
    paymentMethod: "pm_card_visa",
    shippingMethod: "standard",
    ...priceLines([{ productId: "A", quantity: 3 }], catalog),
    now: 1,
  }),
  ...overrides,
});

describe("order domain", () => {
  it("merges lines of one SKU and keeps a client price", () => {
    expect(mergeLines([{ productId: "A", quantity: 1 }, { productId: "B", quantity: 2 }, { productId: "A", quantity: 2, price: 1000 }])).toEqual([
      { productId: "A", quantity: 3, price: 1000 },
      { productId: "B", quantity: 2 },
    ]);
    expect(() => mergeLines([{ productId: "A", quantity: 1, price: 1 }, { productId: "A", quantity: 1, price: 2 }])).toThrow(/different prices/);
  });

  it("prices from the catalog, rejecting price and currency mismatches with 409", () => {
    expect(priceLines([{ productId: "A", quantity: 2 }, { productId: "B", quantity: 1 }], catalog)).toMatchObject({ subtotal: 2250, currency: "USD" });
    const mismatch = (() => { try { priceLines([{ productId: "A", quantity: 1, price: 999 }], catalog); } catch (e) { return e; } })() as DomainError;
    expect(mismatch.status).toBe(409);
    expect(() => priceLines([{ productId: "A", quantity: 1 }, { productId: "E", quantity: 1 }], catalog)).toThrow(/currency mismatch/);
  });

  it("refuses a total above one payment's maximum with 400, stating it exactly even beyond 2^53", () => {
    const expensive = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`P${i}`, { name: `P${i}`, price: 99_999_999, currency: "USD" }]));
    const lines = Object.keys(expensive).map((productId) => ({ productId, quantity: 1_000_000 }));
    const refusal = (() => { try { priceLines(lines, expensive); } catch (e) { return e; } })() as DomainError;
    expect(refusal.status).toBe(400);
    expect(refusal.message).toBe("items: the order total of 9999999900000000 minor units of USD exceeds 99999999, the most one payment can charge; split the order");
    expect(priceLines([{ productId: "P0", quantity: 1 }], expensive).subtotal).toBe(99_999_999);
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
    expect(planRefund(o, 1000)).toEqual({ amount: 1000, n: 1 });
    o = applyRefund(o, { n: 1, refundId: "r1", amount: 1000, reason: "x", at: 2, returnedItems: false });
    expect(o).toMatchObject({ status: "partially_refunded", paymentStatus: "partially_refunded" });
    expect(() => planRefund(o, 2001)).toThrow(/exceeds what is left to refund on order o1: 2000 USD/);
    expect(planRefund(o, undefined)).toEqual({ amount: 2000, n: 2 });
    o = applyRefund(o, { n: 2, refundId: "r2", amount: 2000, reason: "y", at: 3, returnedItems: true });
    expect(o).toMatchObject({ status: "refunded", paymentStatus: "refunded" });
    expect(() => planRefund(o, undefined, true)).toThrow(/already returned/);
  });
});
