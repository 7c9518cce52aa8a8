import { describe, expect, it } from "vitest";
import { post, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, orderRequest, processOrder, product } from "../support/shop.ts";

const CONTROL = "must not contain control characters (NUL, tab, line breaks and the like)";
const BIDI = "must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)";

describe("free text through the ingress", () => {
  it("refuses a product name with NUL, a right-to-left override or a line break, naming the field, and keeps the item", async () => {
    const sku = await product(0);
    const before = (await post(`/Product/${sku}/get`)).body;
    for (const [name, rule] of [
      ["Mug\u0000", CONTROL],
      ["Mug \u202Egpj.exe", BIDI],
      ["Mug\r\nBcc: all@example.com", CONTROL],
      ["Mug\u2066", BIDI],
    ] as const) {
      const answer = await post(`/InventoryItem/${sku}/upsert`, { name, price: 100 });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.message).toContain(`(at /name) name ${rule}`);
    }
    expect((await post(`/Product/${sku}/get`)).body).toEqual(before);
  });

  it("refuses an order whose customer or address carries such characters, and creates nothing", async () => {
    const sku = await product(5);
    const cases = [
      [{ customer: { ...customer, name: "Ada \u202ELovelace" } }, `(at /customer/name) name ${BIDI}`],
      [{ shipping: { ...address, street: "1 Main St\nApt 2" } }, `(at /shipping/street) street ${CONTROL}`],
      [{ shipping: { ...address, city: "Lon\u0000don" } }, `(at /shipping/city) city ${CONTROL}`],
    ] as const;
    for (const [overrides, message] of cases) {
      const orderId = uniqueId("ord");
      const answer = await processOrder(orderId, orderRequest([[sku, 1]], overrides));
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain(message);
      expect((await post(`/OrderOrchestrator/${orderId}/getOrder`)).status).toBe(404);
    }
  });

  it("refuses a cancel or refund reason with control characters, leaving the order as it was", async () => {
    const sku = await product(5);
    const orderId = uniqueId("ord");
    expect((await processOrder(orderId, orderRequest([[sku, 1]]))).status).toBe(200);

    const cancel = await post(`/OrderOrchestrator/${orderId}/cancel`, { reason: "changed my mind\u0007" });
    expect(cancel.status).toBe(400);
    expect(cancel.body.message).toContain(`(at /reason) reason ${CONTROL}`);
    const refund = await post(`/OrderOrchestrator/${orderId}/refund`, { reason: "broken \u2067cup" });
    expect(refund.status).toBe(400);
    expect(refund.body.message).toContain(`(at /reason) reason ${BIDI}`);
    // The carrier's webhooks move the order on meanwhile; neither refusal may have touched the payment.
    const after = await orderOf(orderId);
    expect(after.payment).toMatchObject({ amountRefunded: 0, refunds: [] });
    expect(after.cancelReason).toBeUndefined();
    expect(after.status).not.toBe("cancelled");
  });

  it("keeps names in right-to-left scripts, with their direction marks", async () => {
    const sku = await product(0);
    expect((await post(`/InventoryItem/${sku}/upsert`, { name: "כוס קפה\u200F", price: 100 })).status).toBe(200);
  });
});
