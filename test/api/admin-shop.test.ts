import { describe, expect, inject, it } from "vitest";
import { sql } from "../../scripts/lib/admin.ts";
import { type Account, api, errorShape, newCustomer, signedInAdmin } from "../support/api.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

async function ordered(
  customer: Account,
  sku: string,
  quantity: number,
  shipTo = address,
): Promise<{ orderNumber: string; orderId: string }> {
  expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity } })).status).toBe(200);
  const placed = await api("POST", "/orders", {
    token: customer.accessToken,
    body: { shippingAddress: shipTo, paymentMethodId: "pm_card_visa" },
  });
  expect(placed.status).toBe(201);
  return placed.body;
}

const couponCode = () => uniqueId("A").replace(/-/g, "").toUpperCase().slice(0, 24);

describe("GET /admin/orders/{orderNumber}", () => {
  it("shows any customer's order with its payment, shipment, emails and its checkout invocation in Restate; customers get 403", async () => {
    const admin = await signedInAdmin();
    const customer = await newCustomer();
    const sku = await product(5, 1200);
    const { orderNumber, orderId } = await ordered(customer, sku, 2);
    const show = (token = admin.accessToken) => api("GET", `/admin/orders/${orderNumber}`, { token });
    const delivered = await eventually(show, (res) => res.body.status === "delivered" && res.body.emails.length >= 2, 20_000);
    const order = delivered.body;
    expect(delivered.status).toBe(200);
    expect(order).toMatchObject({
      orderNumber,
      orderId,
      customer: { email: customer.email, name: "Ada Lovelace" },
      customerId: customer.id,
      paymentMethod: "pm_card_visa",
      payment: {
        paymentIntentId: expect.stringMatching(/^pi_/),
        amountAuthorized: order.total,
        amountCaptured: order.total,
        amountRefunded: 0,
      },
      shipment: { method: "standard", trackingNumber: expect.any(String), labelCost: { amount: expect.any(Number), currency: "USD" } },
    });
    expect(order.shipment.trackingHistory.map((t: { status: string }) => t.status)).toEqual(
      expect.arrayContaining(["TRANSIT", "DELIVERED"]),
    );
    expect(order.emails.map((e: { kind: string }) => e.kind)).toContain("order_confirmation");
    expect(order.emails[0]).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), at: expect.any(String) });
    // The invocation that ran the saga, as Restate itself knows it.
    const [invocation] = await sql<{ id: string }>(
      inject("adminUrl"),
      `SELECT id FROM sys_invocation WHERE target = 'OrderOrchestrator/${orderId}/processOrder'`,
    );
    expect(order.restate.invocationId).toBe(invocation!.id);
    const ui = `${inject("adminUrl")}/ui`;
    expect(order.restate.invocationUrl).toBe(`${ui}/invocations/${invocation!.id}`);
    expect(order.restate.objectUrl).toBe(`${ui}/virtual-objects/OrderOrchestrator/${orderId}`);
    expect(order).not.toHaveProperty("requestFingerprint");
    expect(JSON.stringify(order)).not.toContain("labelId");

    const byCustomer = await show(customer.accessToken);
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body).toEqual(errorShape("forbidden"));
    expect((await api("GET", `/admin/orders/ORD-2000-000001`, { token: admin.accessToken })).status).toBe(404);
  });
});

describe("GET /admin/inventory", () => {
  it("answers each SKU's stock from its object in the order asked for, flags low stock, lists unknown SKUs; 400 for a bad list, 403 for customers", async () => {
    const admin = await signedInAdmin();
    const plenty = await product(20, 1000);
    const low = await product(2, 1000, { lowStockThreshold: 3 });
    const never = uniqueId("NEVER");
    const res = await api("GET", `/admin/inventory?skus=${low},${never},${plenty}`, { token: admin.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          sku: low,
          name: `Product ${low}`,
          onHand: 2,
          reserved: 0,
          available: 2,
          backordered: 0,
          lowStock: true,
          lowStockThreshold: 3,
          restocked: 2,
        },
        {
          sku: plenty,
          name: `Product ${plenty}`,
          onHand: 20,
          reserved: 0,
          available: 20,
          backordered: 0,
          lowStock: false,
          lowStockThreshold: null,
          restocked: 20,
        },
      ],
      unknown: [never],
    });
    const twice = await api("GET", `/admin/inventory?skus=${low},${low}`, { token: admin.accessToken });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ field: "skus", message: expect.stringContaining("must not name a SKU twice") });
    const tooMany = await api("GET", `/admin/inventory?skus=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(",")}`, {
      token: admin.accessToken,
    });
    expect(tooMany.status).toBe(400);
    expect((await api("GET", `/admin/inventory?skus=${plenty}`, { token: (await newCustomer()).accessToken })).status).toBe(403);
  });
});

describe("PUT /admin/orders/{orderNumber}/status", () => {
  it("marks an order shipped then delivered by hand, logging which admin did it; an illegal move is a 409", async () => {
    const admin = await signedInAdmin();
    const customer = await newCustomer();
    const sku = await product(5, 1000);
    const { orderNumber } = await ordered(customer, sku, 1, { ...address, zip: "00001" });
    const status = (body: unknown, token = admin.accessToken) => api("PUT", `/admin/orders/${orderNumber}/status`, { token, body });

    const shipped = await status({ status: "shipped", trackingNumber: "1Z999AA10123456784", carrier: "UPS" });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({
      orderNumber,
      status: "shipped",
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      shippedAt: expect.any(String),
    });
    expect(shipped.body.events.at(-2)).toMatchObject({ type: "shipped", detail: `by ${admin.id}: UPS 1Z999AA10123456784` });
    const deliveredByHand = await status({ status: "delivered" });
    expect(deliveredByHand.body).toMatchObject({ status: "delivered", deliveredAt: expect.any(String) });
    const backwards = await status({ status: "shipped" });
    expect(backwards.status).toBe(409);
    expect(backwards.body).toEqual(errorShape("conflict"));
    const notByHand = await status({ status: "refunded" });
    expect(notByHand.status).toBe(409);
    expect(notByHand.body.error.message).toMatch(/^status: refunded is not set by hand/);
    const unknownStatus = await status({ status: "lost" });
    expect(unknownStatus.status).toBe(400);
    expect(unknownStatus.body.error.field).toBe("status");

    const byCustomer = await status({ status: "delivered" }, customer.accessToken);
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body).toEqual(errorShape("forbidden"));
    expect(
      (await api("PUT", `/admin/orders/ORD-2000-000001/status`, { token: admin.accessToken, body: { status: "shipped" } })).status,
    ).toBe(404);
  });
});

describe("POST /admin/orders/{orderNumber}/refund", () => {
  it("refunds at once with the returned units back in stock, logged with the admin's id", async () => {
    const admin = await signedInAdmin();
    const customer = await newCustomer();
    const sku = await product(5, 2500);
    const { orderNumber, orderId } = await ordered(customer, sku, 2);
    const refund = (body: unknown, token = admin.accessToken) => api("POST", `/admin/orders/${orderNumber}/refund`, { token, body });
    expect((await refund({ reason: "goodwill" }, customer.accessToken)).status).toBe(403);
    const partial = await refund({ reason: "one damaged in transit", items: [{ sku, quantity: 1 }], amount: 2500 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      status: "partially_refunded",
      amountRefunded: 2500,
      refunds: [{ amount: 2500, items: [{ sku, quantity: 1 }] }],
    });
    expect(partial.body.events.find((e: { type: string }) => e.type === "refunded").detail).toContain(`by ${admin.id}`);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4 });
    const rest = await refund({ reason: "the rest" });
    expect(rest.body).toMatchObject({ status: "refunded", paymentStatus: "refunded", amountRefunded: rest.body.total });
    const more = await refund({ reason: "again" });
    expect(more.status).toBe(409);
    expect(more.body.error.message).toBe(`order ${orderNumber} has payment refunded; only a captured payment can be refunded`);
    expect(countOps(ledgerOf(orderId)).refund).toBe(2);
    // The customer sees the same order.
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.status).toBe("refunded");
  });
});

describe("GET /admin/alerts and POST /admin/alerts/{id}/ack", () => {
  it("lists the inbox newest first with the order's number, filters open ones, and acknowledges", async () => {
    const admin = await signedInAdmin();
    const customer = await newCustomer();
    const sku = await product(5, 1000);
    // The carrier refuses to void this label: the cancel is refused and a person is asked to act.
    const { orderNumber, orderId } = await ordered(customer, sku, 1, { ...address, zip: "00002" });
    expect((await api("POST", `/orders/${orderNumber}/cancel`, { token: customer.accessToken })).status).toBe(409);
    const alerts = (query = "") => api("GET", `/admin/alerts${query}`, { token: admin.accessToken });
    const raised = await eventually(
      () => alerts("?status=open&limit=100"),
      (r) => r.body.items.some((a: { orderId?: string }) => a.orderId === orderId),
    );
    const alert = raised.body.items.find((a: { orderId?: string }) => a.orderId === orderId);
    expect(alert).toMatchObject({ kind: "compensation_failed", orderNumber, orderId, raisedAt: expect.any(String), emailed: true });
    expect(alert.acknowledgedAt).toBeUndefined();
    const times = raised.body.items.map((a: { raisedAt: string }) => a.raisedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const acked = await api("POST", `/admin/alerts/${encodeURIComponent(alert.id)}/ack`, { token: admin.accessToken });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ id: alert.id, acknowledgedAt: expect.any(String) });
    expect((await alerts("?status=open&limit=100")).body.items.some((a: { id: string }) => a.id === alert.id)).toBe(false);
    expect((await alerts("?status=acknowledged&limit=100")).body.items.some((a: { id: string }) => a.id === alert.id)).toBe(true);

    expect((await api("POST", "/admin/alerts/no-such-alert/ack", { token: admin.accessToken })).status).toBe(404);
    expect((await api("GET", "/admin/alerts", { token: customer.accessToken })).status).toBe(403);
    expect((await alerts("?status=closed")).status).toBe(400);
  });
});

describe("POST /admin/coupons and GET /admin/coupons", () => {
  it("creates coupons (the code kept upper-case), refuses a taken code or a bad rule, and lists them newest first with redemptions", async () => {
    const admin = await signedInAdmin();
    const code = couponCode();
    const create = (body: unknown, token = admin.accessToken) => api("POST", "/admin/coupons", { token, body });
    const made = await create({
      code: code.toLowerCase(),
      type: "fixed",
      value: 500,
      currency: "USD",
      maxRedemptions: 1,
      endsAt: "2999-01-01T00:00:00Z",
    });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      code,
      type: "fixed",
      value: 500,
      currency: "USD",
      maxRedemptions: 1,
      endsAt: "2999-01-01T00:00:00Z",
      redeemed: 0,
      reserved: 0,
      createdAt: expect.any(String),
    });
    expect((await create({ code, type: "percent", value: 5 })).status).toBe(409);
    const noValue = await create({ code: couponCode(), type: "percent" });
    expect(noValue.status).toBe(400);
    expect(noValue.body.error).toEqual({
      code: "invalid_input",
      message: "value: a percent coupon needs a value from 1 to 100",
      field: "value",
    });
    const later = couponCode();
    expect((await create({ code: later, type: "free_shipping" })).status).toBe(201);

    // One redemption, through a real order.
    const customer = await newCustomer();
    const sku = await product(5, 2000);
    await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } });
    expect((await api("POST", "/cart/coupon", { token: customer.accessToken, body: { code } })).body.discount).toBe(500);
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.body).toMatchObject({ discount: 500, coupon: { code, type: "fixed" } });

    const listed = await eventually(
      () => api("GET", "/admin/coupons?limit=100", { token: admin.accessToken }),
      // The order's redemption is committed one-way after the capture: wait for it too.
      (r) =>
        r.body.items.some((c: { code: string }) => c.code === later) &&
        r.body.items.some((c: { code: string; redeemed: number }) => c.code === code && c.redeemed >= 1),
    );
    const codes = listed.body.items.map((c: { code: string }) => c.code);
    expect(codes.indexOf(later)).toBeLessThan(codes.indexOf(code));
    expect(listed.body.items.find((c: { code: string }) => c.code === code)).toMatchObject({ redeemed: 1, reserved: 0 });
    expect((await api("GET", "/admin/coupons", { token: customer.accessToken })).status).toBe(403);
    expect((await create({ code: couponCode(), type: "percent", value: 5 }, customer.accessToken)).status).toBe(403);
  });
});

describe("POST /admin/inventory/{sku}/restock", () => {
  it("adds the delivery once per reference, and is a 404 for an unknown SKU", async () => {
    const admin = await signedInAdmin();
    const sku = await product(2, 100);
    const restock = (body: unknown, target = sku) => api("POST", `/admin/inventory/${target}/restock`, { token: admin.accessToken, body });
    const first = await restock({ quantity: 10, reference: "DN-1" });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      sku,
      name: `Product ${sku}`,
      onHand: 12,
      reserved: 0,
      available: 12,
      backordered: 0,
      lowStock: false,
      lowStockThreshold: null,
      restocked: 12,
    });
    expect((await restock({ quantity: 10, reference: "DN-1" })).body.onHand).toBe(12);
    expect((await restock({ quantity: 1, reference: "DN-2" })).body.onHand).toBe(13);
    const missing = await restock({ quantity: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe("reference");
    expect((await restock({ quantity: 1, reference: "DN-3" }, "NO-SUCH-SKU")).status).toBe(404);
    const customer = await newCustomer();
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: customer.accessToken, body: { quantity: 1, reference: "DN-4" } }))
        .status,
    ).toBe(403);
    expect(await stockOf(sku)).toMatchObject({ onHand: 13 });
  });
});
