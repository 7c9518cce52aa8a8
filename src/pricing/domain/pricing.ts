import { allocate, percentOf } from "../../platform/domain/allocation.ts";
import { conflict } from "../../platform/domain/domain-errors.ts";
import { MAX_MINOR_UNITS, money } from "../../platform/domain/money.ts";
import type { CouponEffect } from "./coupons.ts";
import { computeTax, type TaxRate } from "./tax.ts";

/** What a loyalty tier gives its members at checkout. */
export interface LoyaltyBenefit {
  tier: string;
  /** Off what is left of the subtotal after any coupon, in basis points. */
  discountBps: number;
  freeShipping: boolean;
}

export interface LineToPrice {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export interface PricedLine extends LineToPrice {
  lineTotal: number;
  /** This line's share of the order's discount and of its tax (shares add up to the order's). */
  discount: number;
  tax: number;
}

export interface Totals {
  subtotal: number;
  discount: number;
  shippingCost: number;
  tax: number;
  /** subtotal − discount + shippingCost + tax */
  total: number;
}

export interface PricedOrder extends Totals {
  lines: PricedLine[];
  shippingTax: number;
  /** What the customer would have paid for shipping without a free-shipping benefit. */
  shippingQuoted: number;
  taxJurisdiction: string;
}

/**
 * Prices an order: line totals, then the discount (coupon first, then the loyalty percentage on
 * what is left), then shipping (free with a free-shipping coupon or tier), then tax on the
 * discounted items and, where the jurisdiction taxes it, shipping. The discount and the tax are
 * split across lines by largest remainder, so partial refunds can return exact shares.
 */
export function priceOrder(input: {
  lines: readonly LineToPrice[];
  currency: string;
  shipping: number;
  coupon?: CouponEffect | undefined;
  loyalty?: LoyaltyBenefit | undefined;
  taxRate: TaxRate;
}): PricedOrder {
  const lineTotals = input.lines.map((l) => l.unitPrice * l.quantity);
  const subtotal = lineTotals.reduce((sum, t) => sum + t, 0);
  const couponDiscount = Math.min(input.coupon?.discount ?? 0, subtotal);
  const loyaltyDiscount = input.loyalty ? percentOf(subtotal - couponDiscount, input.loyalty.discountBps) : 0;
  const discount = couponDiscount + loyaltyDiscount;
  const freeShipping = (input.coupon?.freeShipping ?? false) || (input.loyalty?.freeShipping ?? false);
  const shippingCost = freeShipping ? 0 : input.shipping;
  const lineDiscounts = allocate(discount, lineTotals);
  const tax = computeTax(
    lineTotals.map((t, i) => t - lineDiscounts[i]!),
    shippingCost,
    input.taxRate,
  );
  const total = subtotal - discount + shippingCost + tax.total;
  if (total > MAX_MINOR_UNITS) {
    throw conflict(
      `the order total ${money(total, input.currency)} exceeds ${money(MAX_MINOR_UNITS, input.currency)}, the most one payment can charge; split the order`,
    );
  }
  return {
    lines: input.lines.map((l, i) => ({ ...l, lineTotal: lineTotals[i]!, discount: lineDiscounts[i]!, tax: tax.lines[i]! })),
    subtotal,
    discount,
    shippingCost,
    tax: tax.total,
    total,
    shippingTax: tax.shipping,
    shippingQuoted: input.shipping,
    taxJurisdiction: input.taxRate.jurisdiction,
  };
}
