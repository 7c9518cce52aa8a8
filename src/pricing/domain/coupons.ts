import { z } from "zod";
import { percentOf } from "../../platform/domain/allocation.ts";
import { conflict } from "../../platform/domain/domain-errors.ts";
import { currencyCode, minorUnits, money } from "../../platform/domain/money.ts";

export const COUPON_TYPES = ["percent", "fixed", "free_shipping"] as const;

/** Codes are case-insensitive for customers and kept upper-case. */
export const couponCode = z
  .string()
  .trim()
  .min(3, "code must be at least 3 characters")
  .max(32, "code must be at most 32 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "code may contain only letters, digits, '_' and '-'")
  .toUpperCase();

const isoInstant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z" });

/** A coupon's fields; CouponDefinition adds the rules between them. */
export const CouponFields = z.strictObject({
  code: couponCode,
  type: z.enum(COUPON_TYPES, { message: "must be percent, fixed or free_shipping" }),
  /** percent: whole percent 1–100; fixed: minor units of `currency`; free_shipping: none. */
  value: z.number().int("must be a whole number").positive("must be positive").optional(),
  currency: currencyCode.optional().describe("currency of a fixed coupon's value (default USD)"),
  minSubtotal: minorUnits.optional(),
  maxRedemptions: z.number().int().min(1, "must be at least 1").max(10_000_000).optional(),
  perCustomerLimit: z.number().int().min(1, "must be at least 1").max(1_000).optional(),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
});

/** What the value means depends on the type; a window must end after it starts. */
export function couponRules(ctx: z.core.ParsePayload<z.infer<typeof CouponFields>>): void {
  const c = ctx.value;
  const issue = (path: string, message: string) => ctx.issues.push({ code: "custom", input: c, path: [path], message });
  if (c.type === "percent" && (c.value === undefined || c.value > 100)) issue("value", "a percent coupon needs a value from 1 to 100");
  if (c.type === "fixed" && c.value === undefined) issue("value", "a fixed coupon needs a value in minor units");
  if (c.type === "free_shipping" && c.value !== undefined) issue("value", "a free_shipping coupon takes no value");
  if (c.startsAt && c.endsAt && Date.parse(c.endsAt) <= Date.parse(c.startsAt)) issue("endsAt", "must be after startsAt");
}

export const CouponDefinition = CouponFields.check(couponRules);
export type CouponDefinition = z.infer<typeof CouponDefinition>;

/** A coupon's redemptions: committed ones, and ones held by checkouts still in flight. */
export interface CouponCounts {
  redeemed: number;
  reserved: number;
}

/** Where one order stands with the coupon (kept per order, so the coupon's own value stays small). */
export interface OrderRedemption {
  customer: string;
  status: "reserved" | "redeemed" | "released";
}

export interface CouponContext {
  subtotal: number;
  currency: string;
  /** Who redeems: the customer id, or the normalised email of a guest. */
  customer: string;
  now: number;
  /** Redemptions (committed or held) of this coupon by that customer so far. */
  customerUses: number;
  /** When the shop disabled the coupon, if it did: no checkout may take it from then on. */
  disabledAt?: number | undefined;
}

/** Why this coupon cannot be used for this cart now (409), or nothing. */
export function ineligibility(coupon: CouponDefinition, counts: CouponCounts, at: CouponContext): string | undefined {
  const code = coupon.code;
  if (at.disabledAt !== undefined)
    return `coupon ${code} was withdrawn by the shop on ${new Date(at.disabledAt).toISOString().slice(0, 10)} and can no longer be used`;
  if (coupon.startsAt && at.now < Date.parse(coupon.startsAt)) return `coupon ${code} is not valid before ${coupon.startsAt}`;
  if (coupon.endsAt && at.now >= Date.parse(coupon.endsAt)) return `coupon ${code} expired at ${coupon.endsAt}`;
  if (coupon.maxRedemptions !== undefined && counts.redeemed + counts.reserved >= coupon.maxRedemptions) return `coupon ${code} is used up`;
  if (coupon.perCustomerLimit !== undefined && at.customerUses >= coupon.perCustomerLimit) {
    return `coupon ${code} was already used ${at.customerUses} time(s) by this customer (limit ${coupon.perCustomerLimit})`;
  }
  if (coupon.minSubtotal !== undefined && at.subtotal < coupon.minSubtotal) {
    return `coupon ${code} needs a subtotal of at least ${money(coupon.minSubtotal, at.currency)}; the cart has ${money(at.subtotal, at.currency)}`;
  }
  if (coupon.type === "fixed" && (coupon.currency ?? "USD") !== at.currency) {
    return `coupon ${code} is worth ${coupon.currency ?? "USD"}, the cart is in ${at.currency}`;
  }
  return undefined;
}

/** A checkout holds one redemption until it captures (commit) or fails (release). */
export function reserveRedemption(coupon: CouponDefinition, counts: CouponCounts, at: CouponContext): CouponCounts {
  const why = ineligibility(coupon, counts, at);
  if (why) throw conflict(why);
  return { ...counts, reserved: counts.reserved + 1 };
}

/** The order captured: its held redemption counts for good. */
export function commitRedemption(counts: CouponCounts, order: OrderRedemption): { counts: CouponCounts; order: OrderRedemption } {
  if (order.status !== "reserved") return { counts, order };
  return { counts: { redeemed: counts.redeemed + 1, reserved: counts.reserved - 1 }, order: { ...order, status: "redeemed" } };
}

/** The order failed or was cancelled: its redemption, held or committed, is given back. */
export function releaseRedemption(counts: CouponCounts, order: OrderRedemption): { counts: CouponCounts; order: OrderRedemption } {
  if (order.status === "released") return { counts, order };
  const next = order.status === "reserved" ? { ...counts, reserved: counts.reserved - 1 } : { ...counts, redeemed: counts.redeemed - 1 };
  return { counts: next, order: { ...order, status: "released" } };
}

export interface CouponEffect {
  code: string;
  type: CouponDefinition["type"];
  /** Off the items' subtotal, in minor units. */
  discount: number;
  freeShipping: boolean;
}

/** What the coupon takes off: a percentage (rounded half up) or a fixed amount (never more than the subtotal). */
export function couponEffect(coupon: CouponDefinition, subtotal: number): CouponEffect {
  const base = { code: coupon.code, type: coupon.type };
  switch (coupon.type) {
    case "percent":
      return { ...base, discount: percentOf(subtotal, (coupon.value ?? 0) * 100), freeShipping: false };
    case "fixed":
      return { ...base, discount: Math.min(coupon.value ?? 0, subtotal), freeShipping: false };
    case "free_shipping":
      return { ...base, discount: 0, freeShipping: true };
  }
}
