import { describe, expect, it } from "vitest";
import {
  formatOrderNumber,
  NUMBER_SHARDS,
  numberShardOf,
  OrderNumber,
  parseOrderNumber,
  takeFrom,
} from "../../src/orders/domain/order-numbers.ts";
import { newestFirst } from "../../src/platform/domain/paged-list.ts";

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

describe("order number blocks", () => {
  it("serve a block's numbers in order, for its year only, until it runs out", () => {
    const block = { year: 2026, next: 51, last: 52 };
    const first = takeFrom(block, 2026)!;
    expect(first).toEqual({ n: 51, rest: { year: 2026, next: 52, last: 52 } });
    const second = takeFrom(first.rest, 2026)!;
    expect(second.n).toBe(52);
    expect(takeFrom(second.rest, 2026)).toBeUndefined();
    expect(takeFrom(block, 2027)).toBeUndefined();
    expect(takeFrom(null, 2026)).toBeUndefined();
  });

  it("send each cart to one allocator, spreading carts over all of them", () => {
    expect(numberShardOf("cus_0123-1")).toBe(numberShardOf("cus_0123-1"));
    const shards = new Set(Array.from({ length: 400 }, (_, i) => numberShardOf(`cart-${i}`)));
    expect(shards.size).toBe(NUMBER_SHARDS);
    for (const shard of shards) expect(Number(shard)).toBeLessThan(NUMBER_SHARDS);
  });
});
