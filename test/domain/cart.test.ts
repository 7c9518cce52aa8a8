import { describe, expect, it } from "vitest";
import { type CartState, emptyCart, MAX_CART_LINES, restored, submitted } from "../../src/orders/domain/cart.ts";

const withLines = (items: CartState["items"], extra: Partial<CartState> = {}): CartState => ({ ...emptyCart(), items, ...extra });
const order = { orderId: "cart-1.1-abc", orderNumber: "ORD-2026-000007" };
const failure = { ...order, message: "Your card was declined.", code: 402 };

describe("a submitted checkout", () => {
  it("empties the cart for the next order and keeps its lines and coupon for a failure", () => {
    const cart = withLines([{ sku: "MUG", quantity: 2, unitPrice: 1000 }], {
      couponCode: "SAVE10",
      lastFailure: { ...failure, code: 409 },
    });
    const next = submitted(cart, order);
    expect(next).toEqual({
      items: [],
      attempt: 2,
      lastCheckout: { ...order, items: cart.items, couponCode: "SAVE10" },
    });
  });

  it("gives its lines back when its order fails, beside what was added since, with why", () => {
    const after = submitted(withLines([{ sku: "MUG", quantity: 2, unitPrice: 1000 }], { couponCode: "SAVE10" }), order);
    const meanwhile = {
      ...after,
      items: [
        { sku: "MUG", quantity: 1, unitPrice: 1000 },
        { sku: "TEA", quantity: 3 },
      ],
    };
    expect(restored(meanwhile, failure)).toEqual({
      items: [
        { sku: "MUG", quantity: 3, unitPrice: 1000 },
        { sku: "TEA", quantity: 3 },
      ],
      attempt: 2,
      couponCode: "SAVE10",
      lastFailure: { orderId: order.orderId, orderNumber: order.orderNumber, message: failure.message, code: 402 },
    });
  });

  it("keeps a coupon the customer applied since", () => {
    const after = { ...submitted(withLines([{ sku: "MUG", quantity: 1 }], { couponCode: "OLD" }), order), couponCode: "NEW" };
    expect(restored(after, failure).couponCode).toBe("NEW");
  });

  it("restores only the last checkout's order, once", () => {
    const after = submitted(withLines([{ sku: "MUG", quantity: 1 }]), order);
    expect(restored(after, { ...failure, orderId: "cart-1.0-old" })).toBe(after);
    const once = restored(after, failure);
    expect(restored(once, failure)).toBe(once);
  });

  it("never grows past the line limit", () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
    const after = { ...submitted(withLines([{ sku: "EXTRA", quantity: 1 }]), order), items: full };
    expect(restored(after, failure).items).toHaveLength(MAX_CART_LINES);
  });
});
