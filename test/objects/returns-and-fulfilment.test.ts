import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, eventTypes, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const delivered = (orderId: string) =>
  eventually(
    () => orderOf(orderId),
    (o) => o.status === "delivered",
  );
const order = (orderId: string, handler: string, body: unknown) => post(`/OrderOrchestrator/${orderId}/${handler}`, body);

describe("a customer's refund request", () => {
  it("is a return when it names units: nothing is restocked or refunded until an admin approved it and marked the units received", async () => {
    const sku = await product(5, 1200);
    const orderId = uniqueId("ret");
    await processOrder(orderId, orderRequest([[sku, 3]]));
    await delivered(orderId);

    const answer = await order(orderId, "requestRefund", { reason: "one was chipped", items: [{ sku, quantity: 1 }] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      request: { id: "rr-1", kind: "return", status: "pending", amount: 1200, items: [{ sku, quantity: 1 }] },
      order: { status: "delivered" },
    });
    const approved = await order(orderId, "reviewRefundRequest", { requestId: "rr-1", approve: true, by: "admin-7" });
    expect(approved.body).toMatchObject({ status: "delivered", paymentStatus: "captured" });
    // Approved: the customer may send the unit; the shop has not got it, so it is not for sale again and nothing is paid.
    expect(await stockOf(sku)).toMatchObject({ onHand: 2, totals: { sold: 3, returned: 0 } });
    expect(countOps(ledgerOf(orderId)).refund).toBeUndefined();
    expect((await order(orderId, "requestRefund", { reason: "another", amount: 10 })).body.message).toBe(
      `order ${orderId} already has a return (rr-1) waiting for the shop`,
    );

    const received = await order(orderId, "receiveReturn", { requestId: "rr-1", by: "admin-7" });
    expect(received.body).toMatchObject({ status: "partially_refunded", paymentStatus: "partially_refunded" });
    const after = await orderOf(orderId);
    expect(after.payment.refunds).toEqual([expect.objectContaining({ amount: 1200, by: "admin-7", items: [{ sku, quantity: 1 }] })]);
    expect(after.refundRequests).toEqual([expect.objectContaining({ status: "received", received: [{ sku, quantity: 1, damaged: 0 }] })]);
    expect(eventTypes(after)).toEqual(expect.arrayContaining(["return_requested", "return_approved", "return_received", "refunded"]));
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, totals: { sold: 3, returned: 1 } });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ refund: 1, "email:refund": 1 });
    expect((await order(orderId, "receiveReturn", { requestId: "rr-1", by: "admin-7" })).status).toBe(409);

    const tooMany = await order(orderId, "requestRefund", { reason: "more", items: [{ sku, quantity: 3 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.message).toBe(`items: only 2 of ${sku} can still be returned on order ${orderId}, not 3`);
  });

  it("refunds money at once only within the order's budget; beyond it a request waits for an admin, then refunds when approved", async () => {
    const sku = await product(5, 4000);
    const orderId = uniqueId("ret");
    await processOrder(orderId, orderRequest([[sku, 2]]));
    await delivered(orderId);

    const first = await order(orderId, "requestRefund", { reason: "scratched", amount: 3000 });
    expect(first.body).toMatchObject({ request: null, order: { status: "partially_refunded" } });
    // 3000 of the 5000 budget spent: a second 3000 needs an admin.
    const answer = await order(orderId, "requestRefund", { reason: "the other is scratched too", amount: 3000 });
    expect(answer.body.request).toMatchObject({ id: "rr-1", kind: "refund", amount: 3000, status: "pending", items: [] });
    expect(countOps(ledgerOf(orderId)).refund).toBe(1);
    expect((await order(orderId, "requestRefund", { reason: "again", amount: 10 })).status).toBe(409);

    const approved = await order(orderId, "reviewRefundRequest", {
      requestId: "rr-1",
      approve: true,
      by: "admin-7",
      note: "photos checked",
    });
    expect(approved.body).toMatchObject({ status: "partially_refunded" });
    const after = await orderOf(orderId);
    expect(after.payment.amountRefunded).toBe(6000);
    expect(after.refundRequests).toEqual([
      expect.objectContaining({ status: "approved", decidedBy: "admin-7", decision: "photos checked" }),
    ]);
    expect(eventTypes(after)).toEqual(expect.arrayContaining(["refund_requested", "refund_approved", "refunded"]));
    expect(await stockOf(sku)).toMatchObject({ onHand: 3 });
    expect((await order(orderId, "reviewRefundRequest", { requestId: "rr-1", approve: true, by: "admin-7" })).status).toBe(409);
  });

  it("is refused before delivery, and an admin's rejection refunds nothing", async () => {
    const sku = await product(5, 9000);
    const orderId = uniqueId("ret");
    await processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }));
    const early = await order(orderId, "requestRefund", { reason: "changed my mind" });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      `order ${orderId} is processing: a refund can be requested once it was delivered (cancel it before it ships)`,
    );

    await order(orderId, "setStatus", { status: "delivered", by: "admin-2" });
    expect((await order(orderId, "requestRefund", { reason: "changed my mind" })).body.request).toMatchObject({
      status: "pending",
      amount: 9695,
    });
    const rejected = await order(orderId, "reviewRefundRequest", {
      requestId: "rr-1",
      approve: false,
      by: "admin-2",
      note: "outside policy",
    });
    expect(rejected.body).toMatchObject({ status: "delivered", paymentStatus: "captured" });
    expect(countOps(ledgerOf(orderId)).refund).toBeUndefined();
  });
});

describe("fulfilment by hand", () => {
  it("marks shipped with a tracking number, then delivered, saying who did it; illegal moves are 409", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ful");
    await processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }));

    const backwards = await order(orderId, "setStatus", { status: "confirmed", by: "admin-1" });
    expect(backwards.status).toBe(409);
    expect(backwards.body.message).toBe(
      "status: confirmed is not set by hand; only shipped and delivered are (cancel or refund the order instead)",
    );

    const shipped = await order(orderId, "setStatus", {
      status: "shipped",
      trackingNumber: "1Z999AA10123456784",
      carrier: "UPS",
      by: "admin-1",
    });
    expect(shipped.body).toMatchObject({ status: "shipped", trackingNumber: "1Z999AA10123456784" });
    const deliveredAnswer = await order(orderId, "setStatus", { status: "delivered", by: "admin-1" });
    expect(deliveredAnswer.body.status).toBe("delivered");
    expect((await order(orderId, "setStatus", { status: "shipped", by: "admin-1" })).status).toBe(409);

    const after = await orderOf(orderId);
    expect(after.events.filter((e: { type: string }) => e.type === "shipped" || e.type === "delivered")).toEqual([
      expect.objectContaining({ type: "shipped", detail: "by admin-1: UPS 1Z999AA10123456784" }),
      expect.objectContaining({ type: "delivered", detail: "by admin-1: UPS 1Z999AA10123456784" }),
    ]);
    expect(after.shippedAt).toBeLessThanOrEqual(after.deliveredAt);
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "email:shipping_notification": 1, "email:delivery_notification": 1 });
  });

  it("refuses to ship an order that is not paid for", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ful");
    await processOrder(orderId, orderRequest([[sku, 1]], { paymentMethod: "pm_card_chargeDeclined" }));
    const answer = await order(orderId, "setStatus", { status: "shipped", by: "admin-1" });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`order ${orderId} is failed; it cannot become shipped`);
  });
});
