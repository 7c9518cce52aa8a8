import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RISK_REFUSAL_MESSAGE, RISK_REVIEW_REJECTED } from "../../src/orders/domain/risk.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { ownStack } from "../support/own-stack.ts";
import { post, uniqueId } from "../support/restate.ts";
import { eventTypes, orderRequest, product, stockOf } from "../support/shop.ts";

/**
 * Velocity across several orders, and the review that nobody decides. A stack of its own: low limits
 * (two orders per email or card, two failed payments) and a short review timeout, which the shared
 * stack cannot have without screening every other test's orders.
 */
describe("risk velocity and the review timeout", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let ingress: string;

  beforeAll(async () => {
    stack = await ownStack({
      endpointEnv: {
        RISK_MAX_ORDERS_PER_EMAIL: "2",
        RISK_MAX_ORDERS_PER_CARD: "2",
        RISK_MAX_FAILED_PAYMENTS: "2",
        RISK_REVIEW_TIMEOUT_MS: "3000",
      },
    });
    ingress = stack.restate.ingressUrl;
  }, 120_000);
  afterAll(() => stack?.dispose());

  const place = (orderId: string, body: unknown) => post(`/OrderOrchestrator/${orderId}/processOrder`, body, { url: ingress });
  const orderOf = async (orderId: string) => (await post(`/OrderOrchestrator/${orderId}/getOrder`, undefined, { url: ingress })).body;
  const ledger = (orderId: string) => countOps(ledgerOf(orderId, stack.ledgerFile));
  const shopper = () => ({ email: `${uniqueId("shopper").toLowerCase()}@example.com`, name: "Sam Shopper" });

  it("sends an email's third order within the window to review; nobody decides, so it is rejected: voided, stock released", async () => {
    const sku = await product(10, 1000, {}, ingress);
    const customer = shopper();
    for (const n of [1, 2]) {
      const placed = await place(uniqueId(`velocity-${n}`), orderRequest([[sku, 1]], { customer }));
      expect(placed.status).toBe(200);
    }
    const third = uniqueId("velocity-3");
    // Capitals change nothing: one address, one counter.
    const answer = await place(third, orderRequest([[sku, 1]], { customer: { ...customer, email: customer.email.toUpperCase() } }));
    // The checkout waited in review for RISK_REVIEW_TIMEOUT_MS, then gave up: cancelled, as a rejection.
    expect(answer.status).toBe(409);
    expect(answer.body.message).toContain(RISK_REVIEW_REJECTED);
    const order = await orderOf(third);
    expect(order).toMatchObject({ status: "cancelled", paymentStatus: "voided", cancelReason: RISK_REVIEW_REJECTED });
    expect(order.events.find((e: { type: string }) => e.type === "risk_review").detail).toBe(
      "email_order_velocity → review: 3 orders in 60 min (limit 2)",
    );
    expect(eventTypes(order)).toContain("review_expired");
    expect(ledger(third)).toMatchObject({ "authorize:authorized": 1, void: 1 });
    expect(ledger(third)).not.toHaveProperty("capture");
    expect(await stockOf(sku, ingress)).toMatchObject({ onHand: 8, reserved: 0 });
    // The review is closed: a late decision is refused.
    const late = await post(`/RiskReview/${third}/decide`, { approve: true, by: "cus_late" }, { url: ingress });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(`order ${third} was already rejected by the review timeout`);
  });

  it("counts a card across customers: its third order waits for review", async () => {
    const sku = await product(10, 1000, {}, ingress);
    const card = `pm_${uniqueId("card").replace(/-/g, "")}`;
    for (const n of [1, 2]) {
      expect((await place(uniqueId(`card-${n}`), orderRequest([[sku, 1]], { customer: shopper(), paymentMethod: card }))).status).toBe(200);
    }
    const third = uniqueId("card-3");
    expect((await place(third, orderRequest([[sku, 1]], { customer: shopper(), paymentMethod: card }))).status).toBe(409);
    const order = await orderOf(third);
    expect(order.events.find((e: { type: string }) => e.type === "risk_review").detail).toBe(
      "card_order_velocity → review: 3 orders in 60 min (limit 2)",
    );
  });

  it("refuses an email after two failed payments, before any money moves: 402 with a plain message", async () => {
    const sku = await product(10, 1000, {}, ingress);
    const customer = shopper();
    for (const n of [1, 2]) {
      const declined = await place(
        uniqueId(`declined-${n}`),
        orderRequest([[sku, 1]], { customer, paymentMethod: "pm_card_chargeDeclined" }),
      );
      expect(declined.status).toBe(402);
    }
    const next = uniqueId("after-declines");
    const refused = await place(next, orderRequest([[sku, 1]], { customer }));
    expect(refused.status).toBe(402);
    expect(refused.body.message).toBe(RISK_REFUSAL_MESSAGE);
    const order = await orderOf(next);
    expect(order).toMatchObject({ status: "failed", failureReason: RISK_REFUSAL_MESSAGE, failureCode: 402 });
    expect(order.events.find((e: { type: string }) => e.type === "risk_refuse").detail).toContain(
      "email_failed_payments → refuse: 2 failed payments in 60 min (limit 2)",
    );
    // Nothing was asked of the payment provider for it.
    expect(ledger(next)).not.toHaveProperty("authorize:authorized");
    expect(ledger(next)).not.toHaveProperty("void");
    expect(await stockOf(sku, ingress)).toMatchObject({ onHand: 10, reserved: 0 });
  });
});
