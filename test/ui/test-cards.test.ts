import { describe, expect, it } from "vitest";
import { PAYMENT_TRIGGERS } from "../../mocks/payments.ts";
import { TEST_CARDS } from "../../ui/src/shop/test-cards.ts";

describe("the storefront's test cards", () => {
  it("are exactly the mock payment provider's triggers, each once", () => {
    const offered = TEST_CARDS.map((c) => c.id);
    expect(new Set(offered).size).toBe(offered.length);
    expect([...offered].sort()).toEqual(Object.keys(PAYMENT_TRIGGERS).sort());
  });
});
