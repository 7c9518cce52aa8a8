import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { type Account, api, newCustomer, signedInAdmin } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, ingressUrl, post, uniqueId } from "../support/restate.ts";
import { address, CHECKOUT_EVENTS, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const year = new Date().getUTCFullYear();
const ORDER_NUMBER = new RegExp(`^ORD-${year}-\\d{6}$`);

async function fill(account: Account, sku: string, quantity: number, url?: string) {
  const res = await api("POST", "/cart/items", { url, token: account.accessToken, body: { sku, quantity } });
  expect(res.status).toBe(200);
}

const order = (account: Account, body: Record<string, unknown>, options: { key?: string; url?: string } = {}) =>
  api("POST", "/orders", {
    url: options.url,
    token: account.accessToken,
    body: { paymentMethodId: "pm_card_visa", ...body },
    headers: options.key ? { "idempotency-key": options.key } : {},
  });
/**
 * POST /orders as a client following its checkout does: a 503 (the checkout has not started yet, e.g.
 * on a loaded machine) is asked again with the same Idempotency-Key, as the answer says.
 */
const followed = (account: Account, body: Record<string, unknown>, options: { key: string; url?: string }) =>
  eventually(
    () => order(account, body, options),
    (r) => r.status !== 503,
    20_000,
  );
const show = (account: Account, orderNumber: string) => api("GET", `/orders/${orderNumber}`, { token: account.accessToken });
const delivered = (account: Account, orderNumber: string) =>
  eventually(
    () => show(account, orderNumber),
    (r) => r.body.status === "delivered",
  );

describe("POST /orders", () => {
  it("orders the cart at the total the customer saw: 201 with the number, lines, totals and log; the cart is fresh after", async () => {
    const me = await newCustomer();
    const sku = await product(10, 1500);
    await fill(me, sku, 2);
    // Zip 00001: the mock carrier never picks the parcel up, so the order stays where the checkout left it.
    const saved = (
      await api("POST", "/me/addresses", { token: me.accessToken, body: { label: "Home", ...address, state: "IL", zip: "00001" } })
    ).body;
    const seen = (await api("PUT", "/cart/shipping", { token: me.accessToken, body: { shippingAddressId: saved.id } })).body;
    const placed = await order(me, { shippingAddressId: saved.id, expectedTotal: seen.total, notes: "leave it with the neighbour" });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      orderNumber: expect.stringMatching(ORDER_NUMBER),
      status: "processing",
      paymentStatus: "captured",
      items: [{ sku, name: `Product ${sku}`, quantity: 2, unitPrice: 1500, lineTotal: 3000, discount: 0, tax: 188 }],
      subtotal: 3000,
      discount: 0,
      shippingCost: 695,
      tax: 188,
      total: seen.total,
      currency: "USD",
      shippingAddress: { name: address.name, street: address.street, city: address.city, state: "IL", zip: "00001", country: "US" },
      shippingMethod: "standard",
      trackingNumber: expect.any(String),
      notes: "leave it with the neighbour",
      amountRefunded: 0,
      refunds: [],
      refundRequests: [],
    });
    // The steps of the order, not the shop's housekeeping (nor its risk screening), up to the capture: the
    // confirmation email follows the answer. No provider reference in any detail.
    expect(placed.body.events.map((e: { type: string }) => e.type)).toEqual(
      CHECKOUT_EVENTS.filter((t) => !["stock_reserved", "stock_committed", "risk_allow", "email_sent"].includes(t)),
    );
    expect(placed.body.events.find((e: { type: string }) => e.type === "payment_authorized")).not.toHaveProperty("detail");
    expect(placed.body.events[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(placed.body)).not.toMatch(/paymentIntentId|requestFingerprint|notifications|pi_|msg_/);

    expect((await show(me, placed.body.orderNumber)).body).toMatchObject({ orderNumber: placed.body.orderNumber, total: seen.total });
    expect((await api("GET", "/cart", { token: me.accessToken })).body.items).toEqual([]);
    const mine = await api("GET", "/orders", { token: me.accessToken });
    expect(mine.body).toEqual({
      items: [
        {
          orderNumber: placed.body.orderNumber,
          status: "processing",
          paymentStatus: "captured",
          total: seen.total,
          currency: "USD",
          itemCount: 2,
          createdAt: expect.any(String),
        },
      ],
      page: 1,
      limit: 20,
      total: 1,
    });
  });

  it("answers a retry with the same Idempotency-Key with the same order, once, although the cart moved on", async () => {
    const me = await newCustomer();
    const sku = await product(10, 900);
    await fill(me, sku, 1);
    const key = uniqueId("order");
    const first = await order(me, { shippingAddress: address }, { key });
    expect(first.status).toBe(201);
    await eventually(
      () => api("GET", "/cart", { token: me.accessToken }),
      (r) => r.status === 200,
    );
    await fill(me, sku, 3);
    const again = await order(me, { shippingAddress: address }, { key });
    expect(again.status).toBe(201);
    expect(again.body.orderNumber).toBe(first.body.orderNumber);
    expect(again.body.items).toEqual(first.body.items);
    expect(countOps(ledgerOf(first.body.orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1 });
    // The new cart is untouched: the retry did not order it.
    expect((await api("GET", "/cart", { token: me.accessToken })).body.items).toEqual([expect.objectContaining({ sku, quantity: 3 })]);
    expect((await api("GET", "/orders", { token: me.accessToken })).body.total).toBe(1);
  });

  it("names the failed order of a business failure; the cart keeps its lines and the next attempt gets a new number", async () => {
    const me = await newCustomer();
    const sku = await product(5, 1000);
    await fill(me, sku, 2);
    const declined = await order(me, { shippingAddress: address, paymentMethodId: "pm_card_chargeDeclined" });
    expect(declined.status).toBe(402);
    expect(declined.body).toEqual({
      error: { code: "payment_failed", message: expect.stringMatching(/card_declined/), orderNumber: expect.stringMatching(ORDER_NUMBER) },
    });
    const failedNumber = declined.body.error.orderNumber;
    expect((await show(me, failedNumber)).body).toMatchObject({
      status: "failed",
      paymentStatus: "failed",
      failureReason: expect.stringMatching(/card_declined/),
    });
    const kept = (await api("GET", "/cart", { token: me.accessToken })).body;
    expect(kept).toMatchObject({
      items: [expect.objectContaining({ sku, quantity: 2 })],
      lastCheckoutFailure: { orderNumber: failedNumber, status: 402 },
    });
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 5 });

    const raised = await order(me, { shippingAddress: address, expectedTotal: 2000 });
    expect(raised.status).toBe(409);
    expect(raised.body.error.message).toBe(
      "the order total is now $26.95, more than the $20.00 you saw; review the cart and check out again",
    );
    expect(raised.body.error.orderNumber).not.toBe(failedNumber);

    // Zip 00001: the mock carrier leaves the parcel alone, so the list below shows it as placed.
    const placed = await order(me, { shippingAddress: { ...address, zip: "00001" }, shippingMethod: "express" });
    expect(placed.status).toBe(201);
    expect(placed.body.shippingMethod).toBe("express");
    const numbers = (await api("GET", "/orders", { token: me.accessToken })).body.items.map(
      (i: { orderNumber: string; status: string }) => [i.orderNumber, i.status],
    );
    expect(numbers).toEqual([
      [placed.body.orderNumber, "processing"],
      [raised.body.error.orderNumber, "failed"],
      [failedNumber, "failed"],
    ]);
  });

  it("refuses an empty cart (409), an address that is not the customer's (404) and a body naming two destinations (400)", async () => {
    const me = await newCustomer();
    const empty = await order(me, { shippingAddress: address });
    expect(empty.status).toBe(409);
    expect(empty.body.error.message).toMatch(/is empty; add items before checkout$/);
    expect(empty.body.error.orderNumber).toBeUndefined();
    const sku = await product(5, 1000);
    await fill(me, sku, 1);
    const unknown = await order(me, { shippingAddressId: "adr_00000000000000000000" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe("shippingAddressId");
    const both = await order(me, { shippingAddressId: "adr_00000000000000000000", shippingAddress: address });
    expect(both.status).toBe(400);
    const neither = await order(me, {});
    expect(neither.status).toBe(400);
    expect(neither.body.error).toMatchObject({
      field: "shippingAddressId",
      message: "shippingAddressId: give exactly one of shippingAddressId and shippingAddress",
    });
    expect((await api("GET", "/orders", { token: me.accessToken })).body.total).toBe(0);
  });

  describe("with an order that waits for backordered stock", () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({
        port: 0,
        host: "127.0.0.1",
        env: testApiEnv(ingressUrl(), { CHECKOUT_WAIT_MS: "1000", CART_WAIT_MS: "1000" }),
      });
    });
    afterAll(() => server?.close());

    it("answers 202 with the order as it stands once the wait is over; the customer shops on in a fresh cart, and the order goes on when stock arrives", async () => {
      const url = server.url;
      const me = await newCustomer({ url });
      const sku = await product(3, 800, { allowBackorder: true });
      await fill(me, sku, 3, url);
      // Someone else buys the three units first: this order waits for the next delivery.
      expect((await processOrder(uniqueId("first"), orderRequest([[sku, 3]]))).status).toBe(200);
      const key = uniqueId("waiting");
      const answer = await followed(me, { shippingAddress: address }, { url, key });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({
        orderNumber: expect.stringMatching(ORDER_NUMBER),
        status: "backordered",
        paymentStatus: "authorized",
        backorderedUntil: expect.any(String),
      });
      // The waiting checkout holds its cart; the customer's cart is a fresh one, usable at once.
      expect((await api("GET", "/cart", { url, token: me.accessToken })).body.items).toEqual([]);
      const other = await product(5, 100);
      await fill(me, other, 1, url);
      // A retry with the same key follows the same order, and does not order the fresh cart.
      const again = await followed(me, { shippingAddress: address }, { url, key });
      expect(again.status).toBe(202);
      expect(again.body.orderNumber).toBe(answer.body.orderNumber);
      expect((await api("GET", "/cart", { url, token: me.accessToken })).body.items).toEqual([
        expect.objectContaining({ sku: other, quantity: 1 }),
      ]);
      await post(`/InventoryItem/${sku}/restock`, { quantity: 5 });
      const done = await eventually(
        () => api("GET", `/orders/${answer.body.orderNumber}`, { url, token: me.accessToken }),
        (r) => r.body.paymentStatus === "captured",
      );
      expect(["processing", "shipped", "delivered"]).toContain(done.body.status);
    });

    it("lets a customer hold stock for at most two unpaid orders: the third is 409 and holds nothing; after the hold they are voided, the stock is back", async () => {
      const url = server.url;
      const me = await newCustomer({ url });
      const sku = await product(3, 900);
      const held: string[] = [];
      for (let i = 0; i < 2; i++) {
        await fill(me, sku, 1, url);
        const waiting = await followed(
          me,
          { shippingAddress: address, paymentMethodId: "pm_card_async_never" },
          { url, key: uniqueId("hold") },
        );
        expect(waiting.status, JSON.stringify(waiting.body)).toBe(202);
        held.push(waiting.body.orderNumber);
      }
      expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
      await fill(me, sku, 1, url);
      const third = await order(me, { shippingAddress: address, paymentMethodId: "pm_card_async_never" }, { url, key: uniqueId("hold") });
      expect(third.status).toBe(409);
      expect(third.body.error.message).toBe(
        `you have 2 orders waiting for payment (${held.join(", ")}); complete or cancel one before placing another`,
      );
      expect(third.body.error.orderNumber).toBeUndefined();
      expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
      expect((await api("GET", "/orders", { url, token: me.accessToken })).body.total).toBe(2);
      // ASYNC_PAYMENT_HOLD_MS (4 s in the tests) later both are voided and their stock released; the customer may order again.
      for (const orderNumber of held) {
        const ended = await eventually(
          () => api("GET", `/orders/${orderNumber}`, { url, token: me.accessToken }),
          (r) => r.body.status === "failed",
          20_000,
        );
        expect(ended.body.paymentStatus).toBe("voided");
      }
      expect(await stockOf(sku)).toMatchObject({ reserved: 0 });
      const paid = await eventually(
        () => order(me, { shippingAddress: address }, { url, key: uniqueId("after") }),
        (r) => r.status !== 409,
      );
      expect(paid.status).toBe(201);
    });

    it("answers a retry after the deadline with the failure, naming the order by its number", async () => {
      const url = server.url;
      const me = await newCustomer({ url });
      const sku = await product(1, 800, { allowBackorder: true });
      await fill(me, sku, 1, url);
      expect((await processOrder(uniqueId("first"), orderRequest([[sku, 1]]))).status).toBe(200);
      const key = uniqueId("late");
      const waiting = await followed(me, { shippingAddress: address }, { url, key });
      expect(waiting.status).toBe(202);
      const { orderNumber, orderId } = waiting.body;
      // No stock arrives: at the deadline (BACKORDER_DEADLINE_MS) the order is cancelled and voided.
      await eventually(
        () => api("GET", `/orders/${orderNumber}`, { url, token: me.accessToken }),
        (r) => r.body.status === "cancelled",
        30_000,
      );
      const retry = await order(me, { shippingAddress: address }, { url, key });
      expect(retry.status).toBe(409);
      expect(retry.body.error).toMatchObject({
        orderNumber,
        message: expect.stringContaining(`order ${orderNumber} was cancelled: the backordered items (${sku}) did not arrive`),
      });
      expect(retry.body.error.message).not.toContain(orderId);
    });
  });
});

describe("GET /orders and /orders/{orderNumber}", () => {
  it("shows a customer only their own orders: another's is 404 on every route, like an unknown number", async () => {
    const owner = await newCustomer();
    const stranger = await newCustomer();
    const sku = await product(5, 1000);
    await fill(owner, sku, 1);
    const { orderNumber } = (await order(owner, { shippingAddress: { ...address, zip: "00001" } })).body;
    const hidden = await show(stranger, orderNumber);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: { code: "not_found", message: `order ${orderNumber} not found` } });
    const never = await show(stranger, `ORD-${year}-999999`);
    expect(never.body).toEqual({ error: { code: "not_found", message: `order ORD-${year}-999999 not found` } });
    expect((await api("POST", `/orders/${orderNumber}/cancel`, { token: stranger.accessToken, body: {} })).status).toBe(404);
    expect((await api("POST", `/orders/${orderNumber}/refund`, { token: stranger.accessToken, body: { reason: "mine now" } })).status).toBe(
      404,
    );
    expect((await show(owner, orderNumber)).body.status).toBe("processing");
    expect((await api("GET", "/orders", { token: stranger.accessToken })).body.total).toBe(0);
    const malformed = await show(owner, "ORD-1-2");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      field: "orderNumber",
      message: "orderNumber: must be an order number such as ORD-2026-000123",
    });
    expect((await api("GET", `/orders/${orderNumber}`)).status).toBe(401);
  });

  it("pages the list newest first", async () => {
    const me = await newCustomer();
    const sku = await product(10, 300);
    const numbers = [];
    for (let i = 0; i < 3; i++) {
      await fill(me, sku, 1);
      numbers.push((await order(me, { shippingAddress: address }, { key: uniqueId("page") })).body.orderNumber);
    }
    const first = await api("GET", "/orders?page=1&limit=2", { token: me.accessToken });
    expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(first.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([numbers[2], numbers[1]]);
    const second = await api("GET", "/orders?page=2&limit=2", { token: me.accessToken });
    expect(second.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([numbers[0]]);
    expect((await api("GET", "/orders?limit=101", { token: me.accessToken })).status).toBe(400);
  });
});

describe("POST /orders/{orderNumber}/cancel", () => {
  it("cancels before shipping (the body may be left out), and is a 409 once the parcel left", async () => {
    const me = await newCustomer();
    const admin = await signedInAdmin();
    const sku = await product(5, 1000);
    await fill(me, sku, 2);
    const { orderNumber } = (await order(me, { shippingAddress: { ...address, zip: "00001" } })).body;
    const cancelled = await api("POST", `/orders/${orderNumber}/cancel`, { token: me.accessToken });
    expect(cancelled.status).toBe(200);
    // Captured already (the label was bought): the money goes back in full.
    expect(cancelled.body).toMatchObject({
      orderNumber,
      status: "cancelled",
      paymentStatus: "refunded",
      amountRefunded: cancelled.body.total,
    });
    expect(cancelled.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["label_voided", "order_cancelled"]));
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });

    await fill(me, sku, 1);
    const second = (await order(me, { shippingAddress: { ...address, zip: "00001" } })).body.orderNumber;
    expect((await api("PUT", `/admin/orders/${second}/status`, { token: admin.accessToken, body: { status: "shipped" } })).status).toBe(
      200,
    );
    const late = await api("POST", `/orders/${second}/cancel`, { token: me.accessToken, body: { reason: "too slow" } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/is shipped: it can no longer be cancelled; request a refund instead$/);
    const textBody = await api("POST", `/orders/${second}/cancel`, {
      token: me.accessToken,
      rawBody: '{"reason":"x"}',
      headers: { "content-type": "text/plain" },
    });
    expect(textBody.status).toBe(415);
  });
});

describe("POST /orders/{orderNumber}/refund", () => {
  it("is refused before delivery; money within the budget is refunded at once, a return waits for the shop to approve and receive the units", async () => {
    const me = await newCustomer();
    const admin = await signedInAdmin();
    const sku = await product(10, 3000);
    await fill(me, sku, 3);
    const { orderNumber } = (await order(me, { shippingAddress: address })).body;
    const early = await api("POST", `/orders/${orderNumber}/refund`, { token: me.accessToken, body: { reason: "changed my mind" } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/a refund can be requested once it was delivered/);
    await delivered(me, orderNumber);

    const small = await api("POST", `/orders/${orderNumber}/refund`, {
      token: me.accessToken,
      body: { reason: "a scratch", amount: 2000 },
    });
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({
      status: "partially_refunded",
      amountRefunded: 2000,
      refunds: [{ amount: 2000, reason: "a scratch", items: [] }],
    });

    const asked = await api("POST", `/orders/${orderNumber}/refund`, {
      token: me.accessToken,
      body: { reason: "two arrived broken", items: [{ sku, quantity: 2 }] },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.refundRequests).toEqual([
      {
        id: "rr-1",
        kind: "return",
        amount: 6000,
        items: [{ sku, quantity: 2 }],
        reason: "two arrived broken",
        status: "pending",
        requestedAt: expect.any(String),
      },
    ]);
    const approved = await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/approve`, {
      token: admin.accessToken,
      body: { note: "send them back" },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      amountRefunded: 2000,
      refundRequests: [{ id: "rr-1", status: "approved", decision: "send them back" }],
    });
    expect(await stockOf(sku)).toMatchObject({ onHand: 7 });
    expect(
      (await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/receive`, { token: me.accessToken, body: {} })).status,
    ).toBe(403);
    const tooMany = await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/receive`, {
      token: admin.accessToken,
      body: { items: [{ sku, quantity: 3 }] },
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toBe(`items: return rr-1 asked to send back 2 of ${sku}, not 3`);

    const received = await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/receive`, {
      token: admin.accessToken,
      body: { items: [{ sku, quantity: 2, damaged: 1 }], note: "one cracked" },
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({
      amountRefunded: 8000,
      refundRequests: [{ id: "rr-1", status: "received", received: [{ sku, quantity: 2, damaged: 1 }] }],
    });
    // The damaged unit is refunded but not for sale again.
    expect(await stockOf(sku)).toMatchObject({ onHand: 8 });
    const mine = await api("GET", `/orders/${orderNumber}`, { token: me.accessToken });
    expect(mine.body.refundRequests[0]).toMatchObject({ kind: "return", status: "received" });
    expect(mine.body.events.find((e: { type: string }) => e.type === "return_received")).toEqual({
      at: expect.any(String),
      type: "return_received",
    });
    expect(JSON.stringify(mine.body)).not.toContain(admin.id);

    const beyond = await api("POST", `/orders/${orderNumber}/refund`, {
      token: me.accessToken,
      body: { reason: "all of it", amount: 99_999 },
    });
    expect(beyond.status).toBe(409);
    expect(beyond.body.error.message).toMatch(/exceeds what is left to refund/);
    expect((await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/approve`, { token: me.accessToken })).status).toBe(403);
  });

  it("spends one budget per order however the requests come: 25 at once refund 5000 in all, and shipping needs an admin", async () => {
    const me = await newCustomer();
    const sku = await product(10, 10_000);
    await fill(me, sku, 10);
    const { orderNumber } = (await order(me, { shippingAddress: address })).body;
    await delivered(me, orderNumber);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api("POST", `/orders/${orderNumber}/refund`, { token: me.accessToken, body: { reason: `request ${i}`, amount: 5000 } }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    const after = (await show(me, orderNumber)).body;
    expect(after.amountRefunded).toBe(5000);
    expect(after.refundRequests).toEqual([expect.objectContaining({ kind: "refund", amount: 5000, status: "pending" })]);

    // A small order: the merchandise comes back without an admin, its shipping does not.
    const small = await newCustomer();
    const cheap = await product(10, 1500);
    await fill(small, cheap, 1);
    const placed = (await order(small, { shippingAddress: address })).body;
    expect(placed.shippingCost).toBeGreaterThan(0);
    await delivered(small, placed.orderNumber);
    const ask = (amount: number) =>
      api("POST", `/orders/${placed.orderNumber}/refund`, { token: small.accessToken, body: { reason: "partial", amount } });
    expect((await ask(1000)).status).toBe(200);
    expect((await ask(500)).status).toBe(200);
    expect((await ask(500)).status).toBe(202);
    expect((await show(small, placed.orderNumber)).body.amountRefunded).toBe(1500);
  });

  it("lets an admin reject a waiting request, refunding nothing", async () => {
    const me = await newCustomer();
    const admin = await signedInAdmin();
    const sku = await product(10, 9000);
    await fill(me, sku, 1);
    const { orderNumber } = (await order(me, { shippingAddress: address })).body;
    await delivered(me, orderNumber);
    const waiting = await api("POST", `/orders/${orderNumber}/refund`, {
      token: me.accessToken,
      body: { reason: "not as described", returnItems: true },
    });
    expect(waiting.status).toBe(202);
    const rejected = await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-1/reject`, { token: admin.accessToken });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "delivered", amountRefunded: 0, refundRequests: [{ id: "rr-1", status: "rejected" }] });
    expect((await api("POST", `/admin/orders/${orderNumber}/refund-requests/rr-9/approve`, { token: admin.accessToken })).status).toBe(404);
  });
});
