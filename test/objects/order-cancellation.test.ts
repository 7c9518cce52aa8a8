import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { adminUrl, attach, eventually, post, sql, uniqueId } from "../support/restate.ts";
import { address, customer, eventTypes, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const waitingForPayment = (orderId: string) =>
  eventually(
    () => post(`/PaymentSettlement/${orderId}/get`),
    (a) => a.status === 200 && a.body.waiting === true,
    10_000,
  );

async function invocationOf(target: string): Promise<string> {
  const [row] = await eventually(
    () => sql<{ id: string }>(`SELECT id FROM sys_invocation WHERE target = '${target}' AND status <> 'completed'`),
    (rows) => rows.length === 1,
  );
  return row!.id;
}

describe("calling off a checkout that waits for an asynchronous payment", () => {
  it("compensates when an operator cancels the processOrder invocation in Restate, and the cart takes the next order", async () => {
    const sku = await product(5, 1200);
    const cartId = uniqueId("cart");
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 3 });
    const submitted = await post(`/Cart/${cartId}/checkout`, { customer, shippingAddress: address, paymentMethod: "pm_card_async_never" });
    expect(submitted.status).toBe(200);
    const { orderId, orderNumber, invocationId } = submitted.body;
    const checkout = attach(invocationId);
    await waitingForPayment(orderId);
    expect(await stockOf(sku)).toMatchObject({ reserved: 3 });

    expect(await invocationOf(`OrderOrchestrator/${orderId}/processOrder`)).toBe(invocationId);
    const cancel = await fetch(`${adminUrl()}/invocations/${invocationId}/cancel`, { method: "PATCH" });
    expect([200, 202]).toContain(cancel.status);

    const answer = await checkout;
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`order ${orderNumber} was cancelled: the checkout was cancelled in Restate`);
    expect(answer.body.metadata).toEqual({ orderNumber, ending: "cancelled" });
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "cancelled", paymentStatus: "voided", cancelReason: "the checkout was cancelled in Restate" });
    expect(eventTypes(order)).toEqual(expect.arrayContaining(["payment_pending", "order_cancelled", "compensated"]));
    expect(order.events.find((e: { type: string }) => e.type === "compensated").detail).toBe(
      "stop waiting for the payment, void payment, release stock",
    );
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await post(`/PaymentSettlement/${orderId}/get`)).body).toMatchObject({ waiting: false });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:pending": 1, void: 1, "email:cancellation": 1 });

    // Called off, not failed: the lines stay with the cancelled order; the cart was free all along.
    expect((await post(`/Cart/${cartId}/get`)).body).toMatchObject({ items: [], lastCheckout: { orderId }, lastFailure: null });
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 3 });
    const again = await post(`/Cart/${cartId}/checkout`, { customer, shippingAddress: address, paymentMethod: "pm_card_visa" });
    expect(again.status).toBe(200);
    expect((await attach(again.body.invocationId)).body).toMatchObject({ status: "processing", paymentStatus: "captured", subtotal: 3600 });
  });

  it("ends the wait at once when the customer cancels, then answers with the cancelled order", async () => {
    const sku = await product(4, 800);
    const orderId = uniqueId("ord");
    const placing = processOrder(orderId, orderRequest([[sku, 2]], { paymentMethod: "pm_card_async_never" }));
    await waitingForPayment(orderId);

    // Twice at once, as an impatient customer would: both end in the one cancelled order.
    const [cancel, again] = await Promise.all([
      post(`/OrderOrchestrator/${orderId}/cancel`, { reason: "found it cheaper" }),
      post(`/OrderOrchestrator/${orderId}/cancel`, { reason: "found it cheaper" }),
    ]);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ orderId, status: "cancelled", paymentStatus: "voided" });
    expect(again.body).toEqual(cancel.body);

    const placed = await placing;
    expect(placed.status).toBe(409);
    expect(placed.body.message).toBe(`order ${orderId} was cancelled: found it cheaper`);
    const order = await orderOf(orderId);
    // Cancelled by the customer, not timed out: the 4-second settlement timeout never fired.
    expect(order).toMatchObject({ status: "cancelled", cancelReason: "found it cheaper" });
    expect(order.payment.failureReason).toBeUndefined();
    expect(eventTypes(order).filter((t: string) => t === "order_cancelled")).toHaveLength(1);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:pending": 1, void: 1, "email:cancellation": 1 });
  });
});
