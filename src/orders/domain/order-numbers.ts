import { z } from "zod";
import { invalid } from "../../platform/domain/domain-errors.ts";
import { identifier } from "../../platform/domain/quantity.ts";

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

/** A year's sequence is keyed by the year: four digits. */
export function checkYearKey(key: string): number {
  if (!/^[12]\d{3}$/.test(key)) throw invalid("year (the key) must be a four-digit year such as 2026");
  return Number(key);
}

/** Numbers are resolved on their own key. */
export function checkNumberKey(key: string): void {
  if (parseOrderNumber(key) === undefined) throw invalid(`order number (the key) ${ORDER_NUMBER_RULE}`);
}

/**
 * Checkouts take their numbers from one of NUMBER_SHARDS allocators, by their cart, so no single key
 * is on every checkout's path; each allocator takes a block of BLOCK_SIZE numbers of the year at a
 * time from the year's sequence. Numbers stay unique and increase within an allocator; across
 * allocators they interleave, and a year ends with at most NUMBER_SHARDS × BLOCK_SIZE numbers never
 * handed out (the rest of each allocator's block): gaps, never reuse.
 */
export const NUMBER_SHARDS = 16;
export const BLOCK_SIZE = 50;

/** The allocator a cart's checkouts use: a stable hash of the cart's key (FNV-1a). */
export function numberShardOf(cartId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < cartId.length; i++) hash = Math.imul(hash ^ cartId.charCodeAt(i), 0x01000193) >>> 0;
  return String(hash % NUMBER_SHARDS);
}

export function checkShardKey(key: string): void {
  if (!/^\d{1,3}$/.test(key) || Number(key) >= NUMBER_SHARDS)
    throw invalid(`shard (the key) must be a whole number below ${NUMBER_SHARDS}`);
}

/** The numbers an allocator holds: `next` up to `last`, of one year. */
export interface NumberBlock {
  year: number;
  next: number;
  last: number;
}

/** The next number of the block, and the block after it; undefined when the block cannot serve `year`. */
export function takeFrom(block: NumberBlock | null, year: number): { n: number; rest: NumberBlock } | undefined {
  if (!block || block.year !== year || block.next > block.last) return undefined;
  return { n: block.next, rest: { ...block, next: block.next + 1 } };
}

export const AllocateNumberInput = z.strictObject({ orderId: identifier("orderId") });
export const AllocatedNumber = z.object({
  orderNumber: z.string(),
  at: z.number().int().describe("when it was handed out (epoch ms): the checkout's time"),
});
export const TakeBlockInput = z.strictObject({ size: z.number().int().min(1).max(10_000) });
export const TakenBlock = z.object({ first: z.number().int(), last: z.number().int() });
export const AssignNumberInput = z.strictObject({ orderId: identifier("orderId") });
export const ResolvedNumber = z.object({ orderNumber: z.string(), orderId: z.string() });

/** The latest allocations of an allocator, so a repeated request for an order answers its number again. */
export interface RecentAllocation {
  orderId: string;
  orderNumber: string;
  at: number;
}
export const RECENT_ALLOCATIONS = 64;

export const rememberAllocation = (recent: RecentAllocation[], allocation: RecentAllocation) =>
  [...recent, allocation].slice(-RECENT_ALLOCATIONS);
