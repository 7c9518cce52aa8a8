import { describe, expect, it } from "vitest";
import { canMoveOrder, isCancellable } from "../../src/orders/domain/order-status.ts";
import {
  combine,
  DEFAULT_RISK_RULES,
  isCountableCard,
  noteEntry,
  type RiskRules,
  screenAuthorization,
  screenBeforeAuthorization,
  velocityKey,
} from "../../src/orders/domain/risk.ts";

const rules: RiskRules = { ...DEFAULT_RISK_RULES, maxOrdersPerEmail: 3, maxFailedPayments: 2 };
const quiet = { orders: 1, failedPayments: 0 };

describe("risk screening before the authorization", () => {
  it("allows an ordinary order, and says no rule fired", () => {
    const a = screenBeforeAuthorization(
      { total: 5_000, accountAgeMs: 30 * 86_400_000, velocity: { email: quiet, customer: quiet } },
      rules,
    );
    expect(a).toEqual({ decision: "allow", fired: [] });
  });

  it("sends the order past the email's limit to review, naming the rule; the limit itself is allowed", () => {
    expect(screenBeforeAuthorization({ total: 1, velocity: { email: { orders: 3, failedPayments: 0 } } }, rules).decision).toBe("allow");
    const a = screenBeforeAuthorization({ total: 1, velocity: { email: { orders: 4, failedPayments: 0 } } }, rules);
    expect(a.decision).toBe("review");
    expect(a.fired).toEqual([{ rule: "email_order_velocity", action: "review", detail: "4 orders in 60 min (limit 3)" }]);
  });

  it("refuses once a card reaches its failed payments, whatever else fired", () => {
    const a = screenBeforeAuthorization(
      { total: 1, velocity: { card: { orders: 9, failedPayments: 2 }, email: { orders: 4, failedPayments: 0 } } },
      rules,
    );
    expect(a.decision).toBe("refuse");
    expect(a.fired.map((f) => f.rule)).toEqual(["email_order_velocity", "card_order_velocity", "card_failed_payments"]);
  });

  it("reviews a large amount from a new account only, and only above the threshold", () => {
    const big = rules.newAccountMaxAmount + 1;
    expect(screenBeforeAuthorization({ total: big, accountAgeMs: 60_000, velocity: {} }, rules).decision).toBe("review");
    expect(screenBeforeAuthorization({ total: rules.newAccountMaxAmount, accountAgeMs: 60_000, velocity: {} }, rules).decision).toBe(
      "allow",
    );
    expect(screenBeforeAuthorization({ total: big, accountAgeMs: rules.newAccountAgeMs, velocity: {} }, rules).decision).toBe("allow");
    // A guest order (no account): the rule has nothing to judge.
    expect(screenBeforeAuthorization({ total: big, velocity: {} }, rules).decision).toBe("allow");
  });

  it("does what the configuration says: a rule set to allow never fires", () => {
    const lenient = { ...rules, orderVelocityAction: "allow" as const };
    expect(screenBeforeAuthorization({ total: 1, velocity: { email: { orders: 40, failedPayments: 0 } } }, lenient)).toEqual({
      decision: "allow",
      fired: [],
    });
  });
});

describe("risk screening of the authorization", () => {
  it("reviews a card issued elsewhere than the parcel goes; a card without a country says nothing", () => {
    expect(screenAuthorization({ shippingCountry: "US", cardCountry: "de" }, rules)).toEqual({
      decision: "review",
      fired: [{ rule: "country_mismatch", action: "review", detail: "card issued in DE, shipping to US" }],
    });
    expect(screenAuthorization({ shippingCountry: "US", cardCountry: "US" }, rules).decision).toBe("allow");
    expect(screenAuthorization({ shippingCountry: "US" }, rules).decision).toBe("allow");
  });

  it("follows Radar: elevated reviews, highest refuses, normal and unassessed allow", () => {
    expect(screenAuthorization({ shippingCountry: "US", radarRiskLevel: "elevated" }, rules).decision).toBe("review");
    expect(screenAuthorization({ shippingCountry: "US", radarRiskLevel: "highest" }, rules).decision).toBe("refuse");
    expect(screenAuthorization({ shippingCountry: "US", radarRiskLevel: "normal" }, rules).decision).toBe("allow");
    expect(screenAuthorization({ shippingCountry: "US", radarRiskLevel: "not_assessed" }, rules).decision).toBe("allow");
  });

  it("combines with the first screening: the worse decision, every rule", () => {
    const before = screenBeforeAuthorization({ total: 1, velocity: { email: { orders: 4, failedPayments: 0 } } }, rules);
    const after = screenAuthorization({ shippingCountry: "US", radarRiskLevel: "highest" }, rules);
    expect(combine(before, after).decision).toBe("refuse");
    expect(combine(before, after).fired).toHaveLength(2);
  });
});

describe("velocity counters", () => {
  it("count each order once and forget what left the window", () => {
    let entries = noteEntry([], { orderId: "a", at: 0 }, 0, 1_000);
    entries = noteEntry(entries, { orderId: "a", at: 0 }, 10, 1_000);
    entries = noteEntry(entries, { orderId: "b", at: 500 }, 500, 1_000);
    expect(entries.map((e) => e.orderId)).toEqual(["a", "b"]);
    entries = noteEntry(entries, { orderId: "c", at: 1_200 }, 1_200, 1_000);
    expect(entries.map((e) => e.orderId)).toEqual(["b", "c"]);
  });

  it("key emails case-insensitively and never count Stripe's test methods as a card", () => {
    expect(velocityKey("email", " Ada@Example.COM ")).toBe("email:ada@example.com");
    expect(isCountableCard("pm_card_visa")).toBe(false);
    expect(isCountableCard("tok_visa")).toBe(false);
    expect(isCountableCard("pm_1PqRsTuVwXyZ")).toBe(true);
  });
});

describe("the review status", () => {
  it("sits between the authorization and the shipment: it ends confirmed, failed or cancelled, and can be cancelled", () => {
    expect(canMoveOrder("pending", "review")).toBe(true);
    expect(["confirmed", "failed", "cancelled", "processing", "shipped"].map((s) => canMoveOrder("review", s as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(isCancellable("review")).toBe(true);
  });
});
