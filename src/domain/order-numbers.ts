import { z } from "zod";
import { invalid } from "./errors.ts";
import { identifier } from "./quantity.ts";

/**
 * Order numbers people read out on the phone: `ORD-<year>-<n>`, n counted per year from 1 and
 * zero-padded to six digits (a busy year simply gets a seventh). The year is the UTC year in which
 * the checkout began.
 */
const ORDER_NUMBER = /^ORD-(\d{4})-(\d{6,9})$/;

export const formatOrderNumber = (year: number, n: number) => `ORD-${year}-${String(n).padStart(6, "0")}`;

/** The year and sequence of a well-formed number; a number with needless leading zeros is not one we issued. */
export function parseOrderNumber(text: string): { year: number; n: number } | undefined {
  const parts = ORDER_NUMBER.exec(text);
  if (!parts) return undefined;
  const year = Number(parts[1]);
  const n = Number(parts[2]);
  return n >= 1 && formatOrderNumber(year, n) === text ? { year, n } : undefined;
}

const ORDER_NUMBER_RULE = "must be an order number such as ORD-2026-000123";
/** A factory, so the HTTP API can build its own copy once its OpenAPI extension of zod is loaded. */
export const orderNumberSchema = () =>
  z
    .string()
    .regex(ORDER_NUMBER, { message: ORDER_NUMBER_RULE, abort: true })
    .refine((text) => parseOrderNumber(text) !== undefined, ORDER_NUMBER_RULE);
export const OrderNumber = orderNumberSchema();

export const yearOf = (epochMs: number) => new Date(epochMs).getUTCFullYear();

/** Numbers are allocated on a year's key: four digits. */
export function checkYearKey(key: string): number {
  if (!/^[12]\d{3}$/.test(key)) throw invalid("year (the key) must be a four-digit year such as 2026");
  return Number(key);
}

/** Numbers are resolved on their own key. */
export function checkNumberKey(key: string): void {
  if (parseOrderNumber(key) === undefined) throw invalid(`order number (the key) ${ORDER_NUMBER_RULE}`);
}

export const AllocateNumberInput = z.strictObject({ orderId: identifier("orderId") });
export const AllocatedNumber = z.object({ orderNumber: z.string() });
export const AssignNumberInput = z.strictObject({ orderId: identifier("orderId") });
export const ResolvedNumber = z.object({ orderNumber: z.string(), orderId: z.string() });

/** The latest allocations of a year, so a repeated request for an order answers its number again. */
export interface RecentAllocation {
  orderId: string;
  n: number;
}
export const RECENT_ALLOCATIONS = 64;

export const rememberAllocation = (recent: RecentAllocation[], allocation: RecentAllocation) =>
  [...recent, allocation].slice(-RECENT_ALLOCATIONS);
