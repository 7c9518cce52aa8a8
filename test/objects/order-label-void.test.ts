import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, eventTypes, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";
import { shippoWebhook, trackUpdate } from "../support/webhooks.ts";

/** Mock carrier zips (README, mock mode triggers): one never picks up, one refuses every void. */
const stays = { ...address, zip: "00001" };
const scanned = { ...address, zip: "00002" };

const alertsOf = async (orderId: string) =>
  ((await post("/OperatorInbox/shop/list")).body as Array<{ orderId?: string; kind: string; message: string }>).filter(
    (a) => a.orderId === orderId,
  );

describe("the label of an order that will not ship", () => {
  it("is voided when the customer cancels before pickup, and the carrier's late news changes nothing", async () => {
    const sku = await product(4, 2500);
    const orderId = uniqueId("ord");
    const placed = await processOrder(orderId, orderRequest([[sku, 2]], { shipping: stays }));
    expect(placed.body).toMatchObject({ status: "processing", paymentStatus: "captured" });

    const cancel = await post(`/OrderOrchestrator/${orderId}/cancel`, { reason: "ordered twice" });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ label: 1, "label-void": 1, refund: 1, "email:cancellation": 1 });
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });

    // A carrier update for the voided label (as Shippo may still send one) is history, not a shipment.
    const late = await shippoWebhook(trackUpdate(placed.body.trackingNumber, "TRANSIT", new Date().toISOString(), orderId));
    expect(late.status).toBe(200);
    const order = await eventually(
      () => orderOf(orderId),
      (o) => eventTypes(o).includes("tracking_ignored"),
    );
    expect(order).toMatchObject({ status: "cancelled", shipment: { trackingStatus: "PRE_TRANSIT" } });
    expect(eventTypes(order)).toEqual(expect.arrayContaining(["label_voided", "order_cancelled", "tracking_ignored"]));
    expect(await alertsOf(orderId)).toEqual([]);
  });

  it("keeps the order and its money when the carrier refuses the void: 409, and an operator is told", async () => {
    const sku = await product(3, 1800);
    const orderId = uniqueId("ord");
    await processOrder(orderId, orderRequest([[sku, 1]], { shipping: scanned }));

    const cancel = await post(`/OrderOrchestrator/${orderId}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.message).toMatch(
      new RegExp(
        `^order ${orderId} can no longer be cancelled: the carrier refused to void its label .*was already scanned.*; request a refund instead$`,
      ),
    );
    expect(await orderOf(orderId)).toMatchObject({ status: "processing", paymentStatus: "captured" });
    expect(countOps(ledgerOf(orderId))).not.toHaveProperty("refund");
    expect(await stockOf(sku)).toMatchObject({ onHand: 2 });
    const alerts = await eventually(
      () => alertsOf(orderId),
      (a) => a.length > 0,
    );
    expect(alerts).toEqual([
      expect.objectContaining({ kind: "compensation_failed", message: expect.stringMatching(/could not be voided/) }),
    ]);
  });

  it("is voided by the saga when the capture is refused after the label was bought", async () => {
    const sku = await product(5, 900);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { paymentMethod: "pm_card_captureExpired", shipping: stays }));
    expect(answer.status).toBe(402);
    expect(answer.body.message).toMatch(/expired before capture/);
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "voided" });
    expect(order.events.find((e: { type: string }) => e.type === "compensated").detail).toBe("void label, void payment, release stock");
    expect(countOps(ledgerOf(orderId))).toMatchObject({ label: 1, "label-void": 1, void: 1 });
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("asks a person to stop the parcel of a failed order whose label could not be voided, and again when it moves", async () => {
    const sku = await product(3, 1000);
    const orderId = uniqueId("ord");
    const placed = await processOrder(orderId, orderRequest([[sku, 1]], { paymentMethod: "pm_card_captureExpired", shipping: scanned }));
    expect(placed.status).toBe(402);
    const order = await orderOf(orderId);
    expect(order.status).toBe("failed");
    const kinds = (alerts: Array<{ kind: string }>) => alerts.map((a) => a.kind).sort();
    const raised = await eventually(
      () => alertsOf(orderId),
      (a) => a.length === 3,
    );
    expect(kinds(raised)).toEqual(["capture_failed", "compensation_failed", "order_failed"]);
    expect(raised.find((a) => a.kind === "compensation_failed")!.message).toMatch(/label of failed order .* could not be voided/);

    const moving = await shippoWebhook(trackUpdate(order.shipment.trackingNumber, "TRANSIT", new Date().toISOString(), orderId));
    expect(moving.status).toBe(200);
    const alerts = await eventually(
      () => alertsOf(orderId),
      (a) => a.length === 4,
    );
    expect(alerts.find((a) => a.kind === "shipping_exception")!.message).toMatch(
      /parcel of failed order .* reports TRANSIT: its label was never voided/,
    );
    expect((await orderOf(orderId)).status).toBe("failed");
  });
});
