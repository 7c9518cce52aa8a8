import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, CHECKOUT_EVENTS, customer, eventTypes, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

describe("OrderOrchestrator.processOrder", () => {
  it("runs the happy path: reserved, authorized, confirmed, label, captured, emailed", async () => {
    const mug = await product(10, 1299);
    const tea = await product(5, 850);
    const orderId = uniqueId("ord");
    const answer = await processOrder(
      orderId,
      orderRequest([
        [mug, 2],
        [tea, 1],
      ]),
    );
    expect(answer.status).toBe(200);
    // Standard shipping from the mock carrier is 6.95; the test address (US, "LDN") has no sales tax.
    expect(answer.body).toMatchObject({
      orderId,
      status: "processing",
      paymentStatus: "captured",
      subtotal: 3448,
      shippingCost: 695,
      tax: 0,
      total: 3448 + 695,
      currency: "USD",
    });
    expect(answer.body.trackingNumber).toMatch(/^TRK/);
    expect(answer.body.paymentIntentId).toMatch(/^pi_mock_/);
    // The whole order comes with the answer only when asked for; again, with it, is the same request.
    expect(answer.body.order).toBeUndefined();
    const withOrder = await processOrder(orderId, {
      ...orderRequest([
        [mug, 2],
        [tea, 1],
      ]),
      includeOrder: true,
    });
    expect(withOrder.body).toMatchObject({
      orderId,
      order: {
        orderId,
        items: [
          { sku: mug, quantity: 2 },
          { sku: tea, quantity: 1 },
        ],
      },
    });

    // The confirmation email is sent one way after the answer: the order's log has it a moment later.
    const order = await eventually(
      () => orderOf(orderId),
      (o) => eventTypes(o).includes("email_sent"),
    );
    expect(eventTypes(order)).toEqual(CHECKOUT_EVENTS);
    const times = order.events.map((e: { at: number }) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(order.payment).toMatchObject({ amountAuthorized: 4143, amountCaptured: 4143, amountRefunded: 0 });
    expect(order.shipment).toMatchObject({ carrier: "USPS", trackingNumber: answer.body.trackingNumber });

    expect(await stockOf(mug)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect(await stockOf(tea)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, label: 1, "email:order_confirmation": 1 });
  });

  it("fails a declined card: stock released, no capture, no email", async () => {
    const sku = await product(4);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 3]], { paymentMethod: "pm_card_chargeDeclined" }));
    expect(answer.status).toBe(402);
    expect(answer.body.message).toMatch(/payment declined: card_declined/);

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "failed" });
    expect(order.events.map((e: { type: string }) => e.type)).toContain("order_failed");
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    const ops = countOps(ledgerOf(orderId));
    expect(ops).toEqual({ quote: 1, "authorize:declined": 1 });
  });

  it("compensates when no label can be bought: payment voided, stock restored, customer told", async () => {
    const sku = await product(6);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { shipping: { ...address, zip: "00000" } }));
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(/label purchase failed/);

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "voided" });
    expect(order.shipment.trackingNumber).toBeUndefined();
    expect(await stockOf(sku)).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
    const ops = countOps(ledgerOf(orderId));
    expect(ops).toMatchObject({ "authorize:authorized": 1, void: 1, "email:order_failed": 1 });
    expect(ops.capture).toBeUndefined();
  });

  it("completes the order when the email provider is down, recording the failure", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]], { customer: { ...customer, email: "ada@email-down.test" } }));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("processing");
    // The email is sent after the answer, in its own invocation; the carrier's tracking webhooks may
    // already follow it in the log: the failure is there, and the order went on.
    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.length > 0,
    );
    expect(order.events.map((e: { type: string }) => e.type)).toContain("email_failed");
    expect(order.notifications).toEqual([expect.objectContaining({ kind: "order_confirmation", status: "failed" })]);
    expect(countOps(ledgerOf(orderId))).toMatchObject({ capture: 1 });
  });

  it("returns the same order for repeated and concurrent submits: one authorization, capture and email", async () => {
    const sku = await product(10);
    const orderId = uniqueId("ord");
    const body = orderRequest([[sku, 1]]);
    const [a, b] = await Promise.all([processOrder(orderId, body), processOrder(orderId, body)]);
    const c = await processOrder(orderId, body);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const ops = countOps(ledgerOf(orderId));
    expect([ops["authorize:authorized"], ops.label, ops.capture, ops["email:order_confirmation"]]).toEqual([1, 1, 1, 1]);
    expect(await stockOf(sku)).toMatchObject({ onHand: 9 });
  });

  it("rejects a price that differs from the catalog with 409 and reserves nothing", async () => {
    const sku = await product(5, 2000);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, {
      ...orderRequest([]),
      items: [{ sku, quantity: 1, price: 1000 }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`price mismatch for ${sku}: the request says $10.00, the catalog price is $20.00`);
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 5 });
    expect(await orderOf(orderId)).toMatchObject({ status: "failed", failureCode: 409 });
    // Only the carrier's quote, asked beside the reservation: nothing was charged or bought.
    expect(countOps(ledgerOf(orderId))).toEqual({ quote: 1 });
  });

  it("counts two lines of one SKU together and fails cleanly when stock covers only one", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const answer = await processOrder(
      orderId,
      orderRequest([
        [sku, 2],
        [sku, 2],
      ]),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`insufficient stock for ${sku}: requested 4, available 3`);
    expect(await orderOf(orderId)).toMatchObject({ status: "failed", paymentStatus: "failed" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    // Only the carrier's quote, asked beside the reservation: nothing was charged or bought.
    expect(countOps(ledgerOf(orderId))).toEqual({ quote: 1 });
  });

  it("answers getOrder of an unknown order with 404", async () => {
    const answer = await post(`/OrderOrchestrator/${uniqueId("nobody")}/getOrder`);
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/not found/);
  });
});

describe("OrderOrchestrator cancel and refund", () => {
  it("cancels before shipping: payment voided, stock back, cancellation email", async () => {
    const sku = await product(5);
    const orderId = uniqueId("ord");
    // A carrier that never picks up (mock zip 00001): the parcel cannot leave before the cancel lands.
    expect((await processOrder(orderId, orderRequest([[sku, 2]], { shipping: { ...address, zip: "00001" } }))).status).toBe(200);
    const answer = await post(`/OrderOrchestrator/${orderId}/cancel`, { reason: "changed my mind" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ capture: 1, refund: 1, "email:cancellation": 1 });

    const again = await post(`/OrderOrchestrator/${orderId}/cancel`, {});
    expect(again.body.status).toBe("cancelled");
    expect(countOps(ledgerOf(orderId)).refund).toBe(1);
  });

  it("refunds partially, then the rest, and refuses to refund more than is left", async () => {
    const sku = await product(5, 1000);
    const orderId = uniqueId("ord");
    expect((await processOrder(orderId, orderRequest([[sku, 3]]))).status).toBe(200);

    const first = await post(`/OrderOrchestrator/${orderId}/refund`, { amount: 1000, reason: "one arrived broken" });
    expect(first.body).toMatchObject({ status: "partially_refunded", paymentStatus: "partially_refunded" });

    // Captured: 3 × 10.00 and 6.95 shipping.
    const tooMuch = await post(`/OrderOrchestrator/${orderId}/refund`, { amount: 2696, reason: "greedy" });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.message).toMatch(/exceeds what is left to refund.*\$26\.95/);

    const rest = await post(`/OrderOrchestrator/${orderId}/refund`, { reason: "returned the rest", returnItems: true });
    expect(rest.body).toMatchObject({ status: "refunded", paymentStatus: "refunded" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, totals: { returned: 3 } });

    const order = await orderOf(orderId);
    expect(order.payment).toMatchObject({ amountCaptured: 3695, amountRefunded: 3695 });
    expect(order.payment.refunds.map((r: { amount: number }) => r.amount)).toEqual([1000, 2695]);
    const ops = countOps(ledgerOf(orderId));
    expect(ops).toMatchObject({ refund: 2, "email:refund": 2 });
  });

  it.each([
    [{ amount: 0, reason: "x" }, "/amount"],
    [{ amount: 10.5, reason: "x" }, "/amount"],
    [{ amount: 100 }, "/reason"],
  ])("rejects refund %j with 400 naming %s", async (body, field) => {
    const sku = await product(2);
    const orderId = uniqueId("ord");
    await processOrder(orderId, orderRequest([[sku, 1]]));
    const answer = await post(`/OrderOrchestrator/${orderId}/refund`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
    expect((await orderOf(orderId)).payment.amountRefunded).toBe(0);
  });
});

describe("OrderOrchestrator cancel after shipping", () => {
  it("answers 409 once the parcel has left, pointing to a refund instead", async () => {
    const sku = await product(2);
    const orderId = uniqueId("ord");
    await processOrder(orderId, orderRequest([[sku, 1]]));
    await eventually(
      () => orderOf(orderId),
      (o) => o.status === "shipped" || o.status === "delivered",
    );
    const answer = await post(`/OrderOrchestrator/${orderId}/cancel`, {});
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/can no longer be cancelled; request a refund instead/);
    expect(countOps(ledgerOf(orderId)).refund).toBeUndefined();
  });
});

describe("keys from the URL", () => {
  it("rejects an order id or SKU with characters that cannot become provider idempotency keys", async () => {
    const sku = await product(1);
    const order = await processOrder("bad%20id", orderRequest([[sku, 1]]));
    expect(order.status).toBe(400);
    expect(order.body.message).toMatch(/orderId \(the key\) must be/);
    const item = await post(`/InventoryItem/${"x".repeat(200)}/upsert`, { name: "Too long", price: 1 });
    expect(item.status).toBe(400);
    expect(item.body.message).toMatch(/sku \(the key\) must be/);
  });
});
