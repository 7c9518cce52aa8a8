import { describe, expect, it } from "vitest";
import { mockId } from "../../mocks/behaviour.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { eventTypes, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";
import { sendgridWebhook, shippoWebhook, stripeWebhook, trackUpdate } from "../support/webhooks.ts";

const capturable = (orderId: string, paymentIntentId: string, id = uniqueId("evt")) => ({
  id,
  type: "payment_intent.amount_capturable_updated",
  data: {
    object: { id: paymentIntentId, object: "payment_intent", status: "requires_capture", amount_capturable: 1500, metadata: { orderId } },
  },
});

describe("orders driven by provider webhooks (mock mode)", () => {
  it("reaches delivered by webhooks alone, telling the customer when it ships", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    expect((await processOrder(orderId, orderRequest([[sku, 1]]))).body.status).toBe("processing");
    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.status === "delivered",
    );
    expect(order.shipment.trackingStatus).toBe("DELIVERED");
    const ops = countOps(ledgerOf(orderId));
    // The carrier's two updates are separate webhooks, 300 ms apart here; on a busy machine they can
    // arrive the other way round, and a pickup reported after the delivery changes nothing (logged).
    const history = order.shipment.trackingHistory.map((h: { status: string }) => h.status);
    expect([...history].sort()).toEqual(["DELIVERED", "TRANSIT"]);
    if (history[0] === "TRANSIT") {
      expect(eventTypes(order).indexOf("shipped")).toBeGreaterThan(-1);
      expect(eventTypes(order).indexOf("shipped")).toBeLessThan(eventTypes(order).indexOf("delivered"));
      expect(ops["email:shipping_notification"]).toBe(1);
    } else {
      expect(eventTypes(order)).toContain("webhook_ignored");
      expect(ops["email:shipping_notification"]).toBeUndefined();
    }
    expect(ops["email:delivery_notification"]).toBe(1);
    const withReports = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.some((n: { status: string }) => n.status === "delivered"),
    );
    expect(withReports.notifications.find((n: { status: string }) => n.status === "delivered").kind).toBeTypeOf("string");
  });

  it("completes an async payment when its webhook settles it", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]], { paymentMethod: "pm_card_async" }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    const order = await orderOf(orderId);
    expect(eventTypes(order).slice(0, 6)).toEqual([
      "order_created",
      "stock_reserved",
      "priced",
      "payment_pending",
      "payment_settled",
      "payment_authorized",
    ]);
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:pending": 1, capture: 1 });
  });

  it("fails an async payment the bank refuses: stock released, intent cancelled", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { paymentMethod: "pm_card_async_fail" }));
    expect(answer.status).toBe(402);
    expect(answer.body.message).toMatch(/payment failed: The bank declined/);
    expect(await orderOf(orderId)).toMatchObject({ status: "failed", paymentStatus: "failed" });
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 3 });
  });

  it("gives up on a payment that never settles: intent cancelled after the timeout, stock released", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { paymentMethod: "pm_card_async_never" }));
    expect(answer.status).toBe(408);
    expect(answer.body.message).toBe("payment did not settle within 4 seconds");
    expect(await orderOf(orderId)).toMatchObject({ status: "failed", paymentStatus: "voided" });
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 3 });
    const ops = countOps(ledgerOf(orderId));
    expect(ops).toMatchObject({ "authorize:pending": 1, void: 1 });
    expect(ops.capture).toBeUndefined();
  });

  it("settles once whether the webhook comes before the waiter, after it, or with a client retry", async () => {
    const sku = await product(10);
    // Webhook as early as possible: as soon as the order exists, before the saga reaches its wait.
    const early = uniqueId("ord");
    const earlyRun = processOrder(early, orderRequest([[sku, 1]], { paymentMethod: "pm_card_async_never" }));
    await eventually(
      () => post(`/OrderOrchestrator/${early}/getOrder`),
      (a) => a.status === 200,
      5_000,
    );
    const earlyHook = stripeWebhook(capturable(early, mockId("pi", `${early}:authorize`)));
    expect((await earlyRun).body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    expect((await earlyHook).status).toBe(200);

    // Webhook after the waiter, racing a client retry of the same order.
    const late = uniqueId("ord");
    const lateRun = processOrder(late, orderRequest([[sku, 1]], { paymentMethod: "pm_card_async_never" }));
    await eventually(
      () => post(`/PaymentSettlement/${late}/get`),
      (a) => a.status === 200 && a.body.waiting === true,
      5_000,
    );
    const event = capturable(late, mockId("pi", `${late}:authorize`));
    const [hook, retry, first] = await Promise.all([
      stripeWebhook(event),
      processOrder(late, orderRequest([[sku, 1]], { paymentMethod: "pm_card_async_never" })),
      lateRun,
    ]);
    expect(hook.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    for (const orderId of [early, late]) {
      expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:pending": 1, capture: 1 });
    }
  });

  it("never moves an order backwards on late or out-of-order events", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const placed = await processOrder(orderId, orderRequest([[sku, 1]]));
    // The mock carrier's two updates go on timers of their own: on a loaded machine DELIVERED may land first.
    const delivered = await eventually(
      () => orderOf(orderId),
      (o) => o.status === "delivered" && o.shipment.trackingHistory.length >= 2,
    );
    const carriers = delivered.shipment.trackingHistory.map((h: { status: string }) => h.status);
    expect([...carriers].sort()).toEqual(["DELIVERED", "TRANSIT"]);
    const carrierIgnored = carriers[0] === "DELIVERED" ? 1 : 0;

    const lateFailure = await stripeWebhook({
      id: uniqueId("evt"),
      type: "payment_intent.payment_failed",
      data: { object: { id: placed.body.paymentIntentId, metadata: { orderId }, last_payment_error: { message: "old attempt" } } },
    });
    expect(lateFailure.status).toBe(200);
    const lateTransit = await shippoWebhook(trackUpdate(placed.body.trackingNumber, "TRANSIT", "2020-01-01T00:00:00Z", orderId));
    expect(lateTransit.status).toBe(200);

    // Signed and fresh, but after DELIVERED: the carrier's afterthoughts join the history only.
    for (const status of ["RETURNED", "FAILURE", "UNKNOWN"]) {
      expect((await shippoWebhook(trackUpdate(placed.body.trackingNumber, status, new Date().toISOString(), orderId))).status).toBe(200);
    }

    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.shipment.trackingHistory.length >= 6,
    );
    expect(order).toMatchObject({ status: "delivered", paymentStatus: "captured" });
    expect(order.shipment.trackingStatus).toBe("DELIVERED");
    expect(order.shipment.trackingHistory.map((h: { status: string }) => h.status)).toEqual([
      ...carriers,
      "TRANSIT",
      "RETURNED",
      "FAILURE",
      "UNKNOWN",
    ]);
    expect(eventTypes(order).filter((t) => t === "webhook_ignored")).toHaveLength(5 + carrierIgnored);
    expect(eventTypes(order)).not.toContain("shipping_exception");
  });

  it("applies the same event once, whether five copies arrive together or later again", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const placed = await processOrder(orderId, orderRequest([[sku, 1]]));
    const event = {
      id: uniqueId("evt"),
      type: "charge.dispute.created",
      data: { object: { id: uniqueId("dp"), payment_intent: placed.body.paymentIntentId, reason: "fraudulent" } },
    };
    const copies = await Promise.all(Array.from({ length: 5 }, () => stripeWebhook(event)));
    expect(copies.every((c) => c.status === 200)).toBe(true);
    expect(copies.map((c) => c.body.applied).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await stripeWebhook(event)).body).toMatchObject({ duplicate: 1, applied: 0 });

    const order = await eventually(
      () => orderOf(orderId),
      (o) => eventTypes(o).includes("webhook_dispute_opened"),
    );
    expect(eventTypes(order).filter((t) => t === "webhook_dispute_opened")).toHaveLength(1);
    const alerts = await eventually(
      () => post("/OperatorInbox/shop/list"),
      (a) => a.body.some((x: { orderId?: string; kind: string }) => x.orderId === orderId && x.kind === "dispute_opened"),
    );
    expect(
      alerts.body.filter((x: { orderId?: string; kind: string }) => x.orderId === orderId && x.kind === "dispute_opened"),
    ).toHaveLength(1);
  });

  it("acknowledges events for unknown orders, records them for operators and creates nothing", async () => {
    const ghost = uniqueId("ghost");
    const answer = await stripeWebhook(capturable(ghost, `pi_${ghost}`));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ unknown_order: 1, applied: 0 });
    expect((await post(`/OrderOrchestrator/${ghost}/getOrder`)).status).toBe(404);
    await eventually(
      () => post("/OperatorInbox/shop/list"),
      (a) => a.body.some((x: { kind: string; message: string }) => x.kind === "webhook_unknown_order" && x.message.includes(ghost)),
    );
  });

  it("records SendGrid bounces in the order's notification log, once", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    await processOrder(orderId, orderRequest([[sku, 1]]));
    const bounce = [
      {
        email: "ada@example.com",
        event: "bounce",
        timestamp: 1_800_000_000,
        sg_message_id: "msg-bounce-1",
        orderId,
        dedupKey: `${orderId}:order_confirmation`,
        reason: "mailbox full",
      },
    ];
    expect((await sendgridWebhook(bounce)).body).toMatchObject({ applied: 1 });
    expect((await sendgridWebhook(bounce)).body).toMatchObject({ duplicate: 1 });
    const order = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.some((n: { status: string }) => n.status === "bounced"),
    );
    expect(order.notifications.filter((n: { status: string }) => n.status === "bounced")).toEqual([
      expect.objectContaining({ kind: "order_confirmation", detail: "mailbox full" }),
    ]);
  });

  it("records Shippo label status changes on the order, found by tracking number alone", async () => {
    const sku = await product(3);
    const orderId = uniqueId("ord");
    const placed = await processOrder(orderId, orderRequest([[sku, 1]]));
    const answer = await shippoWebhook({
      event: "transaction_updated",
      test: true,
      data: { object_id: "txn_refund_1", status: "REFUNDED", tracking_number: placed.body.trackingNumber },
    });
    expect(answer.body).toMatchObject({ applied: 1 });
    const order = await eventually(
      () => orderOf(orderId),
      (o) => eventTypes(o).includes("label_status"),
    );
    expect(order.events.find((e: { type: string }) => e.type === "label_status").detail).toBe("txn_refund_1: REFUNDED");
  });
});
