import { describe, expect, it } from "vitest";
import { PAYMENT_TRIGGERS, RISK_TRIGGERS } from "../../mocks/payments.ts";
import { TEST_CARDS } from "../../ui/src/shop/test-cards.ts";

describe("the storefront's test cards", () => {
  it("are exactly the mock payment provider's triggers and the risk screening's, each once (one country card for pm_card_<cc>)", () => {
    const offered = TEST_CARDS.map((c) => c.id);
    expect(new Set(offered).size).toBe(offered.length);
    const risk = Object.keys(RISK_TRIGGERS).map((id) => (id === "pm_card_<cc>" ? "pm_card_de" : id));
    expect([...offered].sort()).toEqual([...Object.keys(PAYMENT_TRIGGERS), ...risk].sort());
  });
});
