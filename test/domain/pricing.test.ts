import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, percentOf, unitsShare } from "../../src/platform/domain/allocation.ts";
import { DomainError } from "../../src/platform/domain/domain-errors.ts";
import { MAX_MINOR_UNITS } from "../../src/platform/domain/money.ts";
import {
  CouponDefinition,
  commitRedemption,
  couponEffect,
  ineligibility,
  releaseRedemption,
  reserveRedemption,
} from "../../src/pricing/domain/coupons.ts";
import { priceOrder } from "../../src/pricing/domain/pricing.ts";
import { computeTax, NO_TAX, TaxTable, taxRateFor } from "../../src/pricing/domain/tax.ts";

const table = TaxTable.parse({
  countries: {
    US: { rateBps: 0, regions: { CA: { rateBps: 725 }, NY: { rateBps: 400, shippingTaxable: true } } },
    DE: { rateBps: 1900, shippingTaxable: true },
  },
});

describe("splitting money", () => {
  it("never loses or invents a cent, whatever the weights", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
        },
      ),
    );
  });

  it("gives the leftover cents to the largest remainders, earlier parts first on ties", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(allocate(7, [2, 2, 2, 1])).toEqual([2, 2, 2, 1]);
    expect(allocate(5, [0, 0])).toEqual([5, 0]);
  });

  it("rounds percentages half up", () => {
    expect(percentOf(1000, 725)).toBe(73); // 72.5 → 73
    expect(percentOf(999, 725)).toBe(72); // 72.4275 → 72
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(percentOf(1, 4999)).toBe(0);
  });

  it("refunds a line unit by unit to exactly its net", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), (net, quantity) => {
        let refunded = 0;
        for (let returned = 0; returned < quantity; returned++)
          refunded += unitsShare(net, quantity, returned + 1) - unitsShare(net, quantity, returned);
        expect(refunded).toBe(net);
      }),
    );
  });
});

describe("tax", () => {
  it("finds the rate of a region, else its country, else none", () => {
    expect(taxRateFor(table, { country: "US", state: "ca" })).toEqual({ jurisdiction: "US-CA", rateBps: 725, shippingTaxable: false });
    expect(taxRateFor(table, { country: "US", state: "OR" })).toEqual({ jurisdiction: "US", rateBps: 0, shippingTaxable: false });
    expect(taxRateFor(table, { country: "DE", state: "BE" })).toEqual({ jurisdiction: "DE", rateBps: 1900, shippingTaxable: true });
    expect(taxRateFor(table, { country: "JP", state: "13" })).toBe(NO_TAX);
  });

  // The rounding table: tax on the whole order rounded half up once, then shared by largest remainder.
  it.each([
    {
      lines: [333, 333, 334],
      shipping: 0,
      rate: { jurisdiction: "US-CA", rateBps: 725, shippingTaxable: false },
      total: 73,
      shares: [24, 24, 25],
      onShipping: 0,
    },
    {
      lines: [1],
      shipping: 0,
      rate: { jurisdiction: "US-CA", rateBps: 725, shippingTaxable: false },
      total: 0,
      shares: [0],
      onShipping: 0,
    },
    {
      lines: [7, 7],
      shipping: 0,
      rate: { jurisdiction: "US-CA", rateBps: 725, shippingTaxable: false },
      total: 1,
      shares: [1, 0],
      onShipping: 0,
    },
    {
      lines: [1999, 1],
      shipping: 695,
      rate: { jurisdiction: "US-NY", rateBps: 400, shippingTaxable: true },
      total: 108,
      shares: [80, 0],
      onShipping: 28,
    },
    {
      lines: [1000],
      shipping: 495,
      rate: { jurisdiction: "DE", rateBps: 1900, shippingTaxable: true },
      total: 284,
      shares: [190],
      onShipping: 94,
    },
  ])("$lines + shipping $shipping at $rate.jurisdiction → $total", ({ lines, shipping, rate, total, shares, onShipping }) => {
    const tax = computeTax(lines, shipping, rate);
    expect(tax).toEqual({ total, lines: shares, shipping: onShipping });
  });
});

describe("coupons", () => {
  const at = { subtotal: 5000, currency: "USD", customer: "c1", now: Date.parse("2026-06-01T00:00:00Z"), customerUses: 0 };

  it("validate their own definitions, naming the field", () => {
    expect(CouponDefinition.safeParse({ code: "ten", type: "percent", value: 10 }).data).toMatchObject({ code: "TEN" });
    expect(CouponDefinition.safeParse({ code: "big", type: "percent", value: 150 }).error?.issues[0]).toMatchObject({ path: ["value"] });
    expect(CouponDefinition.safeParse({ code: "fix", type: "fixed" }).error?.issues[0]).toMatchObject({ path: ["value"] });
    expect(CouponDefinition.safeParse({ code: "ship", type: "free_shipping", value: 1 }).error?.issues[0]).toMatchObject({
      path: ["value"],
    });
    expect(
      CouponDefinition.safeParse({ code: "win", type: "fixed", value: 5, startsAt: "2026-02-01T00:00:00Z", endsAt: "2026-01-01T00:00:00Z" })
        .error?.issues[0],
    ).toMatchObject({ path: ["endsAt"] });
  });

  it("say why they cannot be used", () => {
    const c = (extra: object) => CouponDefinition.parse({ code: "SAVE", type: "percent", value: 10, ...extra });
    const none = { redeemed: 0, reserved: 0 };
    expect(ineligibility(c({ endsAt: "2026-05-01T00:00:00Z" }), none, at)).toBe("coupon SAVE expired at 2026-05-01T00:00:00Z");
    expect(ineligibility(c({ startsAt: "2026-07-01T00:00:00Z" }), none, at)).toMatch(/not valid before/);
    expect(ineligibility(c({ maxRedemptions: 2 }), { redeemed: 1, reserved: 1 }, at)).toBe("coupon SAVE is used up");
    expect(ineligibility(c({ perCustomerLimit: 1 }), none, { ...at, customerUses: 1 })).toMatch(/already used 1 time/);
    expect(ineligibility(c({ minSubtotal: 6000 }), none, at)).toMatch(/at least \$60\.00; the cart has \$50\.00/);
    expect(ineligibility(CouponDefinition.parse({ code: "EUR5", type: "fixed", value: 500, currency: "EUR" }), none, at)).toMatch(
      /worth EUR/,
    );
    expect(ineligibility(c({ maxRedemptions: 3, perCustomerLimit: 2, minSubtotal: 100 }), none, at)).toBeUndefined();
  });

  it("hold, commit and give back redemptions", () => {
    const single = CouponDefinition.parse({ code: "ONCE", type: "fixed", value: 300, maxRedemptions: 1 });
    const held = reserveRedemption(single, { redeemed: 0, reserved: 0 }, at);
    expect(held).toEqual({ redeemed: 0, reserved: 1 });
    expect(() => reserveRedemption(single, held, at)).toThrow(DomainError);
    const committed = commitRedemption(held, { customer: "c1", status: "reserved" });
    expect(committed.counts).toEqual({ redeemed: 1, reserved: 0 });
    expect(releaseRedemption(committed.counts, committed.order).counts).toEqual({ redeemed: 0, reserved: 0 });
    expect(releaseRedemption(held, { customer: "c1", status: "reserved" }).counts).toEqual({ redeemed: 0, reserved: 0 });
  });

  it("take off a percentage, a fixed amount up to the subtotal, or the shipping", () => {
    expect(couponEffect(CouponDefinition.parse({ code: "P15", type: "percent", value: 15 }), 3333)).toMatchObject({
      discount: 500,
      freeShipping: false,
    });
    expect(couponEffect(CouponDefinition.parse({ code: "F50", type: "fixed", value: 5000 }), 3000)).toMatchObject({ discount: 3000 });
    expect(couponEffect(CouponDefinition.parse({ code: "SHIP", type: "free_shipping" }), 3000)).toMatchObject({
      discount: 0,
      freeShipping: true,
    });
  });
});

describe("an order's totals", () => {
  const ca = taxRateFor(table, { country: "US", state: "CA" });
  const lines = [
    { sku: "A", name: "A", quantity: 3, unitPrice: 333 },
    { sku: "B", name: "B", quantity: 1, unitPrice: 1001 },
  ];

  it("add up: subtotal − discount + shipping + tax, with line shares that add up too", () => {
    const coupon = couponEffect(CouponDefinition.parse({ code: "P10", type: "percent", value: 10 }), 2000);
    const priced = priceOrder({ lines, currency: "USD", shipping: 695, coupon, taxRate: ca });
    expect(priced).toMatchObject({ subtotal: 2000, discount: 200, shippingCost: 695, tax: 131, total: 2000 - 200 + 695 + 131 });
    expect(priced.lines.map((l) => l.discount)).toEqual([100, 100]);
    expect(priced.lines.reduce((s, l) => s + l.tax, 0) + priced.shippingTax).toBe(priced.tax);
  });

  it("drop the shipping with a free-shipping coupon or tier, and stack a tier's percentage after the coupon", () => {
    const coupon = couponEffect(CouponDefinition.parse({ code: "FIVE", type: "fixed", value: 500 }), 2000);
    const priced = priceOrder({
      lines,
      currency: "USD",
      shipping: 695,
      coupon,
      loyalty: { tier: "gold", discountBps: 500, freeShipping: true },
      taxRate: NO_TAX,
    });
    expect(priced).toMatchObject({ subtotal: 2000, discount: 500 + 75, shippingCost: 0, shippingQuoted: 695, tax: 0, total: 1425 });
  });

  it("refuse a total beyond the largest single charge", () => {
    expect(() =>
      priceOrder({
        lines: [{ sku: "X", name: "X", quantity: 1, unitPrice: MAX_MINOR_UNITS }],
        currency: "USD",
        shipping: 1,
        taxRate: NO_TAX,
      }),
    ).toThrow(/the order total \$1,000,000\.00 exceeds \$999,999\.99, the most one payment can charge/);
  });
});
