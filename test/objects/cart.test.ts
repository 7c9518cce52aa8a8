import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { post, uniqueId } from "../support/restate.ts";
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
      status: "open",
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

  it("checks out once: a second checkout returns the same order and the cart is frozen", async () => {
    const sku = await product(5, 700);
    const id = uniqueId("cart");
    await cart(id, "addItem", { sku, quantity: 2 });
    const first = await cart(id, "checkout", checkoutBody());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "processing", subtotal: 1400, total: 1400 + 695 });
    expect(first.body.orderId).toMatch(new RegExp(`^${id}\\.1-[0-9a-f]{12}$`));
    // The answer carries the whole order, as stored.
    const stored = (await post(`/OrderOrchestrator/${first.body.orderId}/getOrder`)).body;
    expect(first.body.order).toMatchObject({
      orderId: first.body.orderId,
      orderNumber: first.body.orderNumber,
      items: stored.items,
      events: stored.events.slice(0, first.body.order.events.length),
    });
    const second = await cart(id, "checkout", checkoutBody());
    expect(second.body.orderId).toBe(first.body.orderId);
    expect(second.body.order.orderId).toBe(first.body.orderId);
    const frozen = await cart(id, "addItem", { sku, quantity: 1 });
    expect(frozen.status).toBe(409);
    expect(frozen.body.message).toMatch(/checked out/);
    expect(countOps(ledgerOf(first.body.orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, "email:order_confirmation": 1 });
  });

  it("lets a cart whose checkout failed check out again, with a fresh order", async () => {
    const sku = await product(2);
    const id = uniqueId("cart");
    await cart(id, "addItem", { sku, quantity: 2 });
    const declined = await cart(id, "checkout", checkoutBody("pm_card_insufficientFunds"));
    expect(declined.status).toBe(402);
    expect(declined.body.message).toMatch(/insufficient_funds/);
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 2 });
    const failed = (await cart(id, "get")).body;
    expect(failed).toMatchObject({ status: "open", lastFailure: { code: 402 } });
    expect(failed.lastFailure.orderId).toMatch(new RegExp(`^${id}\\.1-`));

    const retry = await cart(id, "checkout", checkoutBody("pm_card_visa"));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: "processing" });
    expect(retry.body.orderId).toMatch(new RegExp(`^${id}\\.2-`));
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0 });
  });

  it("never oversells: 20 carts race for 5 units and exactly 5 orders succeed", async () => {
    const sku = await product(5);
    const ids = Array.from({ length: 20 }, () => uniqueId("race"));
    for (const id of ids) await cart(id, "addItem", { sku, quantity: 1 });
    const answers = await Promise.all(ids.map((id) => cart(id, "checkout", checkoutBody())));
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
