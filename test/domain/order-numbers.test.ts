import { describe, expect, it } from "vitest";
import { afterCartCheckedOut, cartToUse, firstCart, MAX_REMEMBERED_CHECKOUTS } from "../../src/domain/customer.ts";
import { formatOrderNumber, OrderNumber, parseOrderNumber } from "../../src/domain/order-numbers.ts";
import { newestFirst } from "../../src/domain/paged-list.ts";

describe("order numbers", () => {
  it("pad to six digits and grow beyond them; parse back only what was formatted", () => {
    expect(formatOrderNumber(2026, 123)).toBe("ORD-2026-000123");
    expect(formatOrderNumber(2026, 1_234_567)).toBe("ORD-2026-1234567");
    expect(parseOrderNumber("ORD-2026-000123")).toEqual({ year: 2026, n: 123 });
    expect(parseOrderNumber("ORD-2026-1234567")).toEqual({ year: 2026, n: 1_234_567 });
    for (const bad of ["ORD-2026-0000123", "ORD-2026-000000", "ORD-2026-123", "ord-2026-000123", "ORD-26-000123", " ORD-2026-000123"]) {
      expect(parseOrderNumber(bad), bad).toBeUndefined();
      expect(OrderNumber.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("newest-first pages", () => {
  it("count back from the newest entry", () => {
    expect(newestFirst(5, 1, 2)).toEqual([4, 3]);
    expect(newestFirst(5, 3, 2)).toEqual([0]);
    expect(newestFirst(5, 4, 2)).toEqual([]);
    expect(newestFirst(0, 1, 20)).toEqual([]);
    expect(newestFirst(120, 1, 100)).toHaveLength(100);
  });
});

describe("a customer's current cart", () => {
  const id = "cus_0123456789abcdef0123456789abcdef";

  it("moves on once per checked-out cart, and only for the current one", () => {
    const start = firstCart();
    expect(cartToUse(start, id)).toBe(`${id}-1`);
    const moved = afterCartCheckedOut(start, id, { cartId: `${id}-1` });
    expect(cartToUse(moved, id)).toBe(`${id}-2`);
    expect(afterCartCheckedOut(moved, id, { cartId: `${id}-1` })).toBe(moved);
    expect(afterCartCheckedOut(moved, id, { cartId: "cus_ffffffffffffffffffffffffffffffff-2" })).toBe(moved);
  });

  it("remembers the latest checkouts' keys, so a retried checkout reaches its own cart", () => {
    let pointer = afterCartCheckedOut(firstCart(), id, { cartId: `${id}-1`, idempotencyKey: "k-1" });
    expect(cartToUse(pointer, id, "k-1")).toBe(`${id}-1`);
    expect(cartToUse(pointer, id, "k-other")).toBe(`${id}-2`);
    for (let g = 2; g <= MAX_REMEMBERED_CHECKOUTS + 1; g++)
      pointer = afterCartCheckedOut(pointer, id, { cartId: `${id}-${g}`, idempotencyKey: `k-${g}` });
    expect(pointer.checkouts).toHaveLength(MAX_REMEMBERED_CHECKOUTS);
    expect(cartToUse(pointer, id, "k-1")).toBe(`${id}-${MAX_REMEMBERED_CHECKOUTS + 2}`);
    expect(cartToUse(pointer, id, "k-2")).toBe(`${id}-2`);
  });
});
