import { z } from "zod";

/** Long lists in object state are kept in chunks of this many entries, oldest first. */
export const ENTRIES_PER_CHUNK = 50;

export const chunkOf = (position: number) => Math.floor(position / ENTRIES_PER_CHUNK);

/** Positions (0 = the oldest entry) on one page of a newest-first list of `total` entries. */
export function newestFirst(total: number, page: number, limit: number): number[] {
  const first = total - 1 - (page - 1) * limit;
  const positions: number[] = [];
  for (let i = first; i >= 0 && i > first - limit; i--) positions.push(i);
  return positions;
}

/** `{page, limit}` as list handlers take it (limit at most 100, as in the public API). */
export const PageInput = z.strictObject({
  page: z.number().int("page must be a whole number").min(1, "page must be at least 1").max(1_000_000).optional().meta({ default: 1 }),
  limit: z
    .number()
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(100, "limit must be at most 100")
    .optional()
    .meta({ default: 20 }),
});
export type PageInput = z.infer<typeof PageInput>;

export const pageOf = <T extends z.ZodType>(entry: T) =>
  z.object({ items: z.array(entry).describe("newest first"), page: z.number().int(), limit: z.number().int(), total: z.number().int() });
