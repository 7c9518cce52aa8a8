import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { post, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

/** Stripe's limit for one charge, in minor units ($999,999.99). */
const MAX_CHARGE = 99_999_999;

describe("money bounds through the ingress", () => {
  it("refuses a price above what one payment can charge, naming the field, and keeps the item as it was", async () => {
    const sku = uniqueId("SKU");
    const answer = await post(`/InventoryItem/${sku}/upsert`, { name: "Gold bar", price: 99_999_999_999 });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain("/price");
    expect(answer.body.message).toContain(`must not exceed ${MAX_CHARGE} minor units, the most one payment can charge`);
    expect((await post(`/InventoryItem/${sku}/get`)).status).toBe(404);
    expect((await post(`/Product/${sku}/get`)).status).toBe(404);

    expect((await post(`/InventoryItem/${sku}/upsert`, { name: "Gold bar", price: MAX_CHARGE })).status).toBe(200);
  });

  it("refuses an order whose total exceeds one charge before reserving or authorizing anything", async () => {
    const sku = await product(10, MAX_CHARGE);
    const before = await stockOf(sku);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]]));
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      `items: the order total of ${2 * MAX_CHARGE} minor units of USD exceeds ${MAX_CHARGE}, the most one payment can charge; split the order`,
    );
    expect(await stockOf(sku)).toEqual(before);
    // Only the carrier's quote, asked beside the reservation: nothing was charged or bought.
    expect(countOps(ledgerOf(orderId))).toEqual({ quote: 1 });
    expect((await post(`/OrderOrchestrator/${orderId}/getOrder`)).status).toBe(404);
  });

  it("charges exactly the most one payment can carry", async () => {
    // Items and the mock carrier's 6.95 shipping (no tax at the test address) add up to the maximum.
    const sku = await product(1, MAX_CHARGE - 695);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]]));
    expect(answer.status).toBe(200);
    expect((await orderOf(orderId)).payment.amountCaptured).toBe(MAX_CHARGE);
  });
});
