import { describe, expect, it } from "vitest";
import { QUEUED_LABEL_ZIP } from "../../mocks/shipping.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { uniqueId } from "../support/restate.ts";
import { address, eventTypes, orderOf, orderRequest, processOrder, product } from "../support/shop.ts";

describe("a label the carrier queues", () => {
  it("is waited for on a durable timer and found bought at the next look-up, with no webhook: one label, the order goes on", async () => {
    const sku = await product(2, 1500);
    const orderId = uniqueId("queued");
    const placed = await processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: QUEUED_LABEL_ZIP } }));
    expect(placed.status).toBe(200);
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ paymentStatus: "captured", status: expect.stringMatching(/^(processing|shipped|delivered)$/) });
    const steps = eventTypes(order);
    expect(steps.indexOf("label_queued")).toBeGreaterThan(-1);
    expect(steps.indexOf("label_purchased")).toBeGreaterThan(steps.indexOf("label_queued"));
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "label-queued": 1, label: 1, capture: 1 });
  });
});
