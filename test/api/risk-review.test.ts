import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { RISK_REFUSAL_MESSAGE, RISK_REVIEW_REJECTED } from "../../src/orders/domain/risk.ts";
import { type Account, api, newCustomer, signedInAdmin } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, ingressUrl, post, uniqueId } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

/**
 * Risk screening through the whole stack: the HTTP API, the real restate-server with the checkout saga,
 * the mock payment provider's risk test cards (pm_card_riskLevelElevated / Highest, the country cards)
 * and the PostgreSQL projection behind the admin's list.
 */
describe("risk screening of a checkout", () => {
  let server: ApiServer;
  let url: string;
  let admin: Account;

  beforeAll(async () => {
    // A short wait, so an order held in review answers 202 at once.
    server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { CHECKOUT_WAIT_MS: "1000" }) });
    url = server.url;
    admin = await signedInAdmin();
  });
  afterAll(() => server?.close());

  // Customers use this file's API (its short checkout wait); the admin signed in on the shared one, which serves the same shop.
  const as = (account: Account) => (account === admin ? { token: account.accessToken } : { url, token: account.accessToken });

  /** A fresh customer orders `quantity` of a fresh SKU with the given card; answers the POST /orders answer once it is not a 503. */
  async function checkout(paymentMethodId: string, options: { quantity?: number; shipping?: typeof address } = {}) {
    const me = await newCustomer({ url });
    const sku = await product(5, 1500);
    expect((await api("POST", "/cart/items", { ...as(me), body: { sku, quantity: options.quantity ?? 2 } })).status).toBe(200);
    const key = uniqueId("risk");
    const answer = await eventually(
      () =>
        api("POST", "/orders", {
          ...as(me),
          body: { shippingAddress: options.shipping ?? { ...address, zip: "00001" }, paymentMethodId },
          headers: { "idempotency-key": key },
        }),
      // A 503 (not started yet) or a 202 before the checkout reached its end or its review is asked
      // again with the same key, as a client following its checkout does on a loaded machine.
      (r) => r.status !== 503 && !(r.status === 202 && r.body.status !== "review"),
      30_000,
    );
    return { me, sku, answer };
  }

  const adminView = (orderNumber: string) => api("GET", `/admin/orders/${orderNumber}`, as(admin));
  const decide = (orderNumber: string, decision: "approve" | "reject", body?: unknown, account = admin) =>
    api("POST", `/admin/orders/${orderNumber}/risk-review/${decision}`, { ...as(account), ...(body ? { body } : {}) });
  const eventsOf = (order: { events: Array<{ type: string; detail?: string }> }) => order.events;

  /** An order Radar marked elevated, waiting in review: its number, id, SKU and customer. */
  async function inReview(options: { quantity?: number; shipping?: typeof address } = {}) {
    const { me, sku, answer } = await checkout("pm_card_riskLevelElevated", options);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: "review", paymentStatus: "authorized" });
    return { me, sku, orderNumber: answer.body.orderNumber as string, orderId: answer.body.orderId as string };
  }

  it("allows an ordinary order: it goes through as before, and its log says no rule fired", async () => {
    const { answer } = await checkout("pm_card_visa");
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    const order = (await adminView(answer.body.orderNumber)).body;
    expect(eventsOf(order).find((e) => e.type.startsWith("risk_"))).toMatchObject({ type: "risk_allow", detail: "no rule fired" });
  });

  it("holds an order Radar calls elevated: authorized, stock held, nothing shipped, listed under review; approved, it is captured and shipped", async () => {
    // A zip the mock carrier picks up: once approved, the parcel travels.
    const { me, sku, orderNumber, orderId } = await inReview({ shipping: address });
    const order = (await adminView(orderNumber)).body;
    expect(eventsOf(order).find((e) => e.type === "risk_review")?.detail).toContain("radar_elevated → review");
    // The customer sees the status, never the rules.
    const mine = (await api("GET", `/orders/${orderNumber}`, as(me))).body;
    expect(mine.status).toBe("review");
    expect(JSON.stringify(mine.events)).not.toMatch(/risk|radar/);
    // The money is held, the units reserved, no label bought.
    expect(countOps(ledgerOf(orderId))).toEqual({ quote: 1, "authorize:authorized": 1 });
    expect((await stockOf(sku)).reservations).toEqual({ [orderId]: 2 });
    const listed = await eventually(
      () => api("GET", "/admin/orders?status=review&pageSize=100", as(admin)),
      (r) => r.body.items?.some((o: { orderNumber: string }) => o.orderNumber === orderNumber),
    );
    expect(listed.body.items.every((o: { status: string }) => o.status === "review")).toBe(true);

    const approved = await decide(orderNumber, "approve", { note: "called the customer" });
    expect(approved.status).toBe(202);
    const shipped = await eventually(
      () => adminView(orderNumber),
      (r) => r.body.status === "shipped" || r.body.status === "delivered",
      20_000,
    );
    expect(shipped.body.paymentStatus).toBe("captured");
    expect(eventsOf(shipped.body).find((e) => e.type === "review_approved")).toMatchObject({
      detail: `by ${admin.id}: called the customer`,
    });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, label: 1 });
    expect((await stockOf(sku)).onHand).toBe(3);
    // Decided once: a second decision, either way, is refused and changes nothing.
    const again = await decide(orderNumber, "reject");
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/not waiting in risk review/);
  });

  it("rejected, the authorization is voided, the stock released, the order cancelled with a reason the customer can read", async () => {
    const { me, sku, orderNumber, orderId } = await inReview();
    const rejected = await decide(orderNumber, "reject", { note: "the address is a known drop" });
    expect(rejected.status).toBe(202);
    const ended = await eventually(
      () => api("GET", `/orders/${orderNumber}`, as(me)),
      (r) => r.body.status === "cancelled",
    );
    expect(ended.body).toMatchObject({ paymentStatus: "voided", cancelReason: RISK_REVIEW_REJECTED });
    // The admin's note stays in the shop's log.
    expect(JSON.stringify(ended.body)).not.toContain("known drop");
    const order = (await adminView(orderNumber)).body;
    expect(eventsOf(order).find((e) => e.type === "review_rejected")).toMatchObject({
      detail: `by ${admin.id}: the address is a known drop`,
    });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, void: 1 });
    expect(countOps(ledgerOf(orderId))).not.toHaveProperty("capture");
    expect(countOps(ledgerOf(orderId))).not.toHaveProperty("label");
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0, reservations: {} });
  });

  it("refuses an order Radar calls highest: 402 with a plain message, the authorization voided, the stock released", async () => {
    const { sku, answer } = await checkout("pm_card_riskLevelHighest");
    expect(answer.status).toBe(402);
    expect(answer.body.error).toMatchObject({ code: "payment_failed", message: RISK_REFUSAL_MESSAGE });
    const orderNumber = answer.body.error.orderNumber;
    const order = (await adminView(orderNumber)).body;
    expect(order).toMatchObject({ status: "failed", paymentStatus: "voided", failureReason: RISK_REFUSAL_MESSAGE });
    expect(eventsOf(order).find((e) => e.type === "risk_refuse")?.detail).toContain("radar_highest → refuse");
    expect(countOps(ledgerOf(order.orderId))).toMatchObject({ "authorize:authorized": 1, void: 1 });
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("reviews a card issued in another country than the parcel goes to", async () => {
    const { answer } = await checkout("pm_card_de");
    expect(answer.status).toBe(202);
    const order = (await adminView(answer.body.orderNumber)).body;
    expect(eventsOf(order).find((e) => e.type === "risk_review")?.detail).toBe(
      "country_mismatch → review: card issued in DE, shipping to US",
    );
    // A card of the parcel's own country goes through.
    expect((await checkout("pm_card_us")).answer.status).toBe(201);
  });

  it("a customer's cancel ends the review: voided, released; a decision after it is refused", async () => {
    const { me, sku, orderNumber, orderId } = await inReview({ quantity: 1 });
    expect((await api("POST", `/orders/${orderNumber}/cancel`, { ...as(me), body: { reason: "changed my mind" } })).status).toBe(200);
    const ended = await eventually(
      () => adminView(orderNumber),
      (r) => r.body.status === "cancelled",
    );
    expect(ended.body.paymentStatus).toBe("voided");
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await decide(orderNumber, "approve")).status).toBe(409);
    // Restate's own record: RiskReview is closed with nobody waiting.
    expect((await post(`/RiskReview/${orderId}/get`)).body).toMatchObject({ waiting: false, decision: { approve: false, by: "system" } });
  });

  it("only admins decide; an order not in review or unknown is refused", async () => {
    const { me, orderNumber } = await inReview({ quantity: 1 });
    const byCustomer = await decide(orderNumber, "approve", undefined, me);
    expect(byCustomer.status).toBe(403);
    expect((await adminView(orderNumber)).body.status).toBe("review");
    const { answer } = await checkout("pm_card_visa");
    const notInReview = await decide(answer.body.orderNumber, "approve");
    expect(notInReview.status).toBe(409);
    expect(notInReview.body.error.message).toBe(`order ${answer.body.orderNumber} is processing, not waiting in risk review`);
    expect((await decide(`ORD-${new Date().getUTCFullYear()}-999998`, "reject")).status).toBe(404);
    // Cleaned up: the held order is rejected so its stock goes back.
    expect((await decide(orderNumber, "reject")).status).toBe(202);
  });
});
