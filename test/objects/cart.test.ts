import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { checkout, eventually, post, uniqueId } from "../support/restate.ts";
import { address, customer, product, stockOf } from "../support/shop.ts";

const cart = (cartId: string, handler: string, body?: unknown) => post(`/Cart/${cartId}/${handler}`, body);
const checkoutBody = (paymentMethod = "pm_card_visa") => ({ customer, shippingAddress: address, paymentMethod });

describe("Cart", () => {
  it("adds, updates and removes lines and prices them from the catalog", async () => {
    const mug = await product(10, 1299);
    const tea = await product(10, 450);
    const id = uniqueId("cart");
    expect((await cart(id, "addItem", { sku: mug, quantity: 1 })).status).toBe(200);
    await cart(id, "addItem", { sku: mug, quantity: 2 });
    await cart(id, "addItem", { sku: tea, quantity: 4 });
    await cart(id, "updateItem", { sku: tea, quantity: 2 });
    let view = (await cart(id, "get")).body;
    expect(view).toMatchObject({
      items: [
        { sku: mug, quantity: 3, unitPrice: 1299, lineTotal: 3897 },
        { sku: tea, quantity: 2, unitPrice: 450, lineTotal: 900 },
      ],
      subtotal: 4797,
      currency: "USD",
    });
    await cart(id, "updateItem", { sku: tea, quantity: 0 });
    await cart(id, "removeItem", { sku: mug });
    view = (await cart(id, "get")).body;
    expect(view.items).toEqual([]);
  });

  it("rejects unknown SKUs, quantities above what exists and empty checkouts with clear 4xx errors", async () => {
    const sku = await product(3);
    const id = uniqueId("cart");
    const unknown = await cart(id, "addItem", { sku: "SKU-does-not-exist", quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("unknown sku SKU-does-not-exist");
    const tooMany = await cart(id, "addItem", { sku, quantity: 4 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.message).toBe(`only 3 of ${sku} exist; the cart asks for 4`);
    const bad = await cart(id, "addItem", { sku, quantity: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("/quantity");
    const empty = await cart(id, "checkout", checkoutBody());
    expect(empty.status).toBe(409);
    expect(empty.body.message).toBe(`cart ${id} is empty; add items before checkout`);
    expect((await cart(id, "get")).body.items).toEqual([]);
  });

  it("submits the checkout and is free at once: the order runs on, the cart takes the next one", async () => {
    const sku = await product(5, 700);
    const id = uniqueId("cart");
    await cart(id, "addItem", { sku, quantity: 2 });
    const first = await checkout(id, checkoutBody());
    expect(first.submitted).toMatchObject({ orderNumber: expect.stringMatching(/^ORD-\d{4}-\d{6}$/) });
    expect(first.submitted!.orderId).toMatch(new RegExp(`^${id}\\.1-[0-9a-f]{12}$`));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ orderId: first.submitted!.orderId, status: "processing", subtotal: 1400, total: 1400 + 695 });
    // The result carries the whole order, as stored.
    const stored = (await post(`/OrderOrchestrator/${first.body.orderId}/getOrder`)).body;
    expect(first.body.order).toMatchObject({
      orderId: first.body.orderId,
      orderNumber: first.submitted!.orderNumber,
      items: stored.items,
      events: stored.events.slice(0, first.body.order.events.length),
    });
    // The cart was emptied when the checkout was submitted; it names that order and takes the next.
    expect((await cart(id, "get")).body).toMatchObject({
      items: [],
      lastCheckout: { orderId: first.submitted!.orderId, orderNumber: first.submitted!.orderNumber },
    });
    const empty = await cart(id, "checkout", checkoutBody());
    expect(empty.status).toBe(409);
    expect((await cart(id, "addItem", { sku, quantity: 1 })).status).toBe(200);
    const next = await checkout(id, checkoutBody());
    expect(next.body).toMatchObject({ status: "processing", subtotal: 700 });
    expect(next.body.orderId).toMatch(new RegExp(`^${id}\\.2-`));
    expect(countOps(ledgerOf(first.body.orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, "email:order_confirmation": 1 });
  });

  it("is not held by a checkout that waits: the customer shops on in the same cart meanwhile", async () => {
    const sku = await product(5, 700);
    const id = uniqueId("cart");
    await cart(id, "addItem", { sku, quantity: 1 });
    // A payment that never settles: the order waits for its webhook (for an hour by default).
    const submitted = await cart(id, "checkout", checkoutBody("pm_card_async_never"));
    expect(submitted.status).toBe(200);
    await eventually(
      () => post(`/OrderOrchestrator/${submitted.body.orderId}/getOrder`),
      (r) => r.body?.paymentStatus === "pending",
    );
    expect((await cart(id, "addItem", { sku, quantity: 2 })).status).toBe(200);
    expect((await cart(id, "get")).body.items).toMatchObject([{ sku, quantity: 2 }]);
    const cancelled = await post(`/OrderOrchestrator/${submitted.body.orderId}/cancel`, { reason: "changed my mind" });
    expect(cancelled.status).toBe(200);
  });

  it("gets a failed order's lines back, with why, and checks out again with a fresh order", async () => {
    const sku = await product(2);
    const id = uniqueId("cart");
    await cart(id, "addItem", { sku, quantity: 2 });
    const declined = await checkout(id, checkoutBody("pm_card_insufficientFunds"));
    expect(declined.status).toBe(402);
    expect(declined.body.message).toMatch(/insufficient_funds/);
    expect(declined.body.metadata).toEqual({ orderNumber: declined.submitted!.orderNumber, ending: "failed" });
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 2 });
    const failed = (
      await eventually(
        () => cart(id, "get"),
        (r) => r.body.items.length > 0,
      )
    ).body;
    expect(failed).toMatchObject({
      items: [{ sku, quantity: 2 }],
      lastCheckout: null,
      lastFailure: { orderId: declined.submitted!.orderId, orderNumber: declined.submitted!.orderNumber, code: 402 },
    });

    const retry = await checkout(id, checkoutBody("pm_card_visa"));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: "processing" });
    expect(retry.body.orderId).toMatch(new RegExp(`^${id}\\.2-`));
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0 });
    expect((await cart(id, "get")).body.lastFailure).toBeNull();
  });

  it("never oversells: 20 carts race for 5 units and exactly 5 orders succeed", async () => {
    const sku = await product(5);
    const ids = Array.from({ length: 20 }, () => uniqueId("race"));
    for (const id of ids) await cart(id, "addItem", { sku, quantity: 1 });
    const answers = await Promise.all(ids.map((id) => checkout(id, checkoutBody())));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(15);
    for (const a of refused) {
      expect(a.status).toBe(409);
      expect(a.body.message).toMatch(new RegExp(`^insufficient stock for ${sku}: requested 1, available 0$`));
    }
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0, totals: { sold: 5 } });
  });
});
