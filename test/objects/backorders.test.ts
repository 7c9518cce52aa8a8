import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

/** A product that takes orders beyond its stock. */
const backorderable = (stock: number, price = 1000) => product(stock, price, { allowBackorder: true });

/** Places an order that will wait for stock; returns (its answer still to come) once the item has queued it. */
async function queue(sku: string, orderId: string, quantity: number, waitingBefore: number) {
  const answer = processOrder(orderId, orderRequest([[sku, quantity]]));
  await eventually(
    () => stockOf(sku),
    (s) => s.backordered === waitingBefore + quantity,
  );
  return { answer };
}

describe("backorders", () => {
  it("authorize the payment, wait, and proceed first come first served as stock arrives, never selling what is not there", async () => {
    const sku = await backorderable(0);
    const ids = Array.from({ length: 10 }, (_, i) => uniqueId(`bo${i}`));
    const placed: Array<Promise<{ status: number; body: any }>> = [];
    for (const [i, orderId] of ids.entries()) placed.push((await queue(sku, orderId, 1, i)).answer);
    expect(await orderOf(ids[0]!)).toMatchObject({ status: "backordered", paymentStatus: "authorized", backorder: { skus: [sku] } });
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0, backordered: 10 });

    await post(`/InventoryItem/${sku}/restock`, { quantity: 4, reference: `${sku}-first` });
    const first = await Promise.all(placed.slice(0, 4));
    expect(first.map((a) => a.body.status)).toEqual(Array(4).fill("processing"));
    for (const later of ids.slice(4)) expect((await orderOf(later)).status).toBe("backordered");
    expect(await stockOf(sku)).toMatchObject({ backordered: 6 });

    await post(`/InventoryItem/${sku}/restock`, { quantity: 6, reference: `${sku}-second` });
    const rest = await Promise.all(placed.slice(4));
    expect(rest.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, backordered: 0, totals: { sold: 10, restocked: 10 } });
    for (const orderId of ids) {
      const order = await orderOf(orderId);
      expect(order.events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(["backordered", "stock_allocated", "payment_captured"]),
      );
      expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1 });
    }
  });

  it("are cancelled and voided at the deadline when no stock arrives, and the customer is told", async () => {
    const sku = await backorderable(1);
    const orderId = uniqueId("bo-late");
    const answer = await processOrder(orderId, orderRequest([[sku, 3]]));
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(
      new RegExp(`^order ${orderId} was cancelled: the backordered items \\(${sku}\\) did not arrive by `),
    );
    expect(await orderOf(orderId)).toMatchObject({ status: "cancelled", paymentStatus: "voided" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 1, reserved: 0, backordered: 0 });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, void: 1, "email:cancellation": 1 });
  });

  it("end at once when the customer cancels, leaving the queue to the next order", async () => {
    const sku = await backorderable(0);
    const first = uniqueId("bo-cancel");
    const second = uniqueId("bo-next");
    const { answer: waiting } = await queue(sku, first, 2, 0);
    const { answer: next } = await queue(sku, second, 1, 2);

    const cancel = await post(`/OrderOrchestrator/${first}/cancel`, { reason: "no longer needed" });
    expect(cancel.body).toMatchObject({ status: "cancelled", paymentStatus: "voided" });
    expect((await waiting).body.message).toBe(`order ${first} was cancelled: no longer needed`);
    expect(await stockOf(sku)).toMatchObject({ backordered: 1 });

    await post(`/InventoryItem/${sku}/restock`, { quantity: 1 });
    expect((await next).body).toMatchObject({ status: "processing", paymentStatus: "captured" });
  });

  it("are refused for a product that does not allow them", async () => {
    const sku = await product(1);
    const answer = await processOrder(uniqueId("ord"), orderRequest([[sku, 2]]));
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`insufficient stock for ${sku}: requested 2, available 1`);
  });
});
