import { z } from "zod";
import { epochMs, int, type Table } from "../platform/database/projection-table.ts";
import type { CouponCounts, CouponDefinition } from "./domain/coupons.ts";

export const CouponRow = z.object({
  code: z.string(),
  type: z.string(),
  value: int.nullable(),
  currency: z.string().nullable(),
  minSubtotal: int.nullable(),
  maxRedemptions: int.nullable(),
  perCustomerLimit: int.nullable(),
  startsAt: epochMs.nullable(),
  endsAt: epochMs.nullable(),
  redeemed: int,
  reserved: int,
  createdAt: epochMs,
  disabledAt: epochMs.nullable(),
});
export type CouponRow = z.infer<typeof CouponRow>;

export function couponRow(definition: CouponDefinition, counts: CouponCounts, createdAt: number, disabledAt?: number): CouponRow {
  return {
    code: definition.code,
    type: definition.type,
    value: definition.value ?? null,
    currency: definition.type === "fixed" ? (definition.currency ?? "USD") : (definition.currency ?? null),
    minSubtotal: definition.minSubtotal ?? null,
    maxRedemptions: definition.maxRedemptions ?? null,
    perCustomerLimit: definition.perCustomerLimit ?? null,
    startsAt: definition.startsAt ? Date.parse(definition.startsAt) : null,
    endsAt: definition.endsAt ? Date.parse(definition.endsAt) : null,
    redeemed: counts.redeemed,
    reserved: counts.reserved,
    createdAt,
    disabledAt: disabledAt ?? null,
  };
}

export const couponsTable: Table<CouponRow> = {
  name: "coupons",
  handler: "coupon",
  schema: CouponRow,
  key: "code",
  columns: {
    code: { column: "code" },
    type: { column: "type" },
    value: { column: "value" },
    currency: { column: "currency" },
    minSubtotal: { column: "min_subtotal" },
    maxRedemptions: { column: "max_redemptions" },
    perCustomerLimit: { column: "per_customer_limit" },
    startsAt: { column: "starts_at", time: true },
    endsAt: { column: "ends_at", time: true },
    redeemed: { column: "redeemed" },
    reserved: { column: "reserved" },
    createdAt: { column: "created_at", time: true },
    disabledAt: { column: "disabled_at", time: true },
  },
};
