import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import { chunkOf, ENTRIES_PER_CHUNK, newestFirst, type PageInput } from "../domain/paged-list.ts";

const COUNT = "count";
const chunkKey = (chunk: number) => `entries:${chunk}`;

/**
 * An append-only list in an object's state, in chunks: appending reads the count and the last chunk,
 * a page reads the count and at most three chunks. With lazy state, neither loads the whole list.
 */
export async function append<T>(ctx: ObjectContext, entry: T): Promise<void> {
  const count = (await ctx.get<number>(COUNT)) ?? 0;
  const chunk = chunkOf(count);
  const entries = count % ENTRIES_PER_CHUNK === 0 ? [] : ((await ctx.get<T[]>(chunkKey(chunk))) ?? []);
  ctx.set(chunkKey(chunk), [...entries, entry]);
  ctx.set(COUNT, count + 1);
}

export async function newestPage<T>(
  ctx: ObjectSharedContext,
  input: PageInput,
): Promise<{ items: T[]; page: number; limit: number; total: number }> {
  const page = input.page ?? 1;
  const limit = input.limit ?? 20;
  const total = (await ctx.get<number>(COUNT)) ?? 0;
  const positions = newestFirst(total, page, limit);
  const chunks = [...new Set(positions.map(chunkOf))];
  const loaded = await Promise.all(chunks.map((c) => ctx.get<T[]>(chunkKey(c))));
  const byChunk = new Map(chunks.map((c, i) => [c, loaded[i] ?? []]));
  const items = positions.map((p) => byChunk.get(chunkOf(p))![p % ENTRIES_PER_CHUNK]!);
  return { items, page, limit, total };
}
