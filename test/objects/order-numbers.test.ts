import { describe, expect, it } from "vitest";
import { parseOrderNumber } from "../../src/domain/order-numbers.ts";
import { newCustomer } from "../support/api.ts";
import { eventually, post, sql, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, product, stockOf } from "../support/shop.ts";

const cart = (cartId: string, handler: string, body?: unknown) => post(`/Cart/${cartId}/${handler}`, body);
const checkoutBody = (extra: Record<string, unknown> = {}) => ({
  customer,
  shippingAddress: address,
  paymentMethod: "pm_card_visa",
  ...extra,
});
const year = () => new Date().getUTCFullYear();
const sequenceOf = (orderNumber: string) => parseOrderNumber(orderNumber)!.n;
const resolve = (orderNumber: string) => post(`/OrderNumbers/${encodeURIComponent(orderNumber)}/resolve`);

async function filledCart(sku: string, quantity = 1): Promise<string> {
  const id = uniqueId("cart");
  expect((await cart(id, "addItem", { sku, quantity })).status).toBe(200);
  return id;
}

describe("order numbers", () => {
  it("give each checkout the next number of the year, kept by the order, the cart and the year's index", async () => {
    const sku = await product(10, 800);
    const placed = [];
    for (let i = 0; i < 3; i++) {
      const id = await filledCart(sku);
      const answer = await cart(id, "checkout", checkoutBody());
      expect(answer.status).toBe(200);
      expect(answer.body.orderNumber).toMatch(new RegExp(`^ORD-${year()}-\\d{6}$`));
      placed.push({ cartId: id, ...answer.body });
    }
    const sequence = placed.map((p) => sequenceOf(p.orderNumber));
    expect(sequence[1]).toBeGreaterThan(sequence[0]!);
    expect(sequence[2]).toBeGreaterThan(sequence[1]!);
    for (const p of placed) {
      expect((await resolve(p.orderNumber)).body).toEqual({ orderNumber: p.orderNumber, orderId: p.orderId });
      expect(await orderOf(p.orderId)).toMatchObject({ orderNumber: p.orderNumber, paymentStatus: "captured" });
      expect((await cart(p.cartId, "get")).body).toMatchObject({
        status: "checked_out",
        orderId: p.orderId,
        orderNumber: p.orderNumber,
        checkingOut: null,
      });
      // Checking out again answers the same order under the same number; nothing new is handed out.
      expect((await cart(p.cartId, "checkout", checkoutBody())).body).toMatchObject({ orderId: p.orderId, orderNumber: p.orderNumber });
    }
  });

  it("keep a failed checkout's number: the failed order is there under it, the error names it, the next attempt gets a new one", async () => {
    const sku = await product(3, 900);
    const id = await filledCart(sku, 2);
    const declined = await cart(id, "checkout", checkoutBody({ paymentMethod: "pm_card_chargeDeclined" }));
    expect(declined.status).toBe(402);
    const failedNumber = declined.body.metadata.orderNumber;
    expect(failedNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    const { lastFailure } = (await cart(id, "get")).body;
    expect(lastFailure).toMatchObject({ orderNumber: failedNumber, code: 402 });
    expect((await resolve(failedNumber)).body.orderId).toBe(lastFailure.orderId);
    expect(await orderOf(lastFailure.orderId)).toMatchObject({ orderNumber: failedNumber, status: "failed", paymentStatus: "failed" });

    const retry = await cart(id, "checkout", checkoutBody());
    expect(retry.status).toBe(200);
    expect(sequenceOf(retry.body.orderNumber)).toBeGreaterThan(sequenceOf(failedNumber));
    expect(await stockOf(sku)).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it("keep the number of a checkout refused before its lines were priced, with the failed order under it", async () => {
    const dollars = await product(5, 1000);
    const euros = await product(5, 1000, { currency: "EUR" });
    const id = await filledCart(dollars);
    await cart(id, "addItem", { sku: euros, quantity: 1 });
    const refused = await cart(id, "checkout", checkoutBody());
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/currency mismatch/);
    const { orderId } = (await resolve(refused.body.metadata.orderNumber)).body;
    expect(await orderOf(orderId)).toMatchObject({
      orderNumber: refused.body.metadata.orderNumber,
      status: "failed",
      failureCode: 409,
      items: [],
      total: 0,
    });
    expect(await stockOf(dollars)).toMatchObject({ reserved: 0, available: 5 });
    expect(await stockOf(euros)).toMatchObject({ reserved: 0, available: 5 });
  });

  it("go to 30 racing checkouts one each, every number naming its own order", async () => {
    const sku = await product(30, 500);
    const ids = await Promise.all(Array.from({ length: 30 }, () => filledCart(sku)));
    const answers = await Promise.all(ids.map((id) => cart(id, "checkout", checkoutBody())));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const numbers = answers.map((a) => a.body.orderNumber as string);
    expect(new Set(numbers).size).toBe(30);
    for (const answer of answers) expect((await resolve(answer.body.orderNumber)).body.orderId).toBe(answer.body.orderId);
  });

  it("leave no gap: every number handed out this year names an order that exists", async () => {
    const sku = await product(1, 500);
    await cart(await filledCart(sku), "checkout", checkoutBody());
    const state = () =>
      sql<{ service_key: string; key: string; value_utf8: string }>(
        `SELECT service_key, key, value_utf8 FROM state WHERE service_name = 'OrderNumbers'`,
      );
    // Checkouts of other test files may be between their number and their order: wait for them.
    const seen = await eventually(
      async () => {
        const rows = await state();
        const last = Number(rows.find((r) => r.service_key === String(year()) && r.key === "last")!.value_utf8);
        const named = rows.filter((r) => r.service_key.startsWith(`ORD-${year()}-`) && r.key === "orderId");
        const orders = await Promise.all(named.map((r) => post(`/OrderOrchestrator/${JSON.parse(r.value_utf8)}/getOrder`)));
        const numbers = named.map((r) => parseOrderNumber(r.service_key)!.n).sort((a, b) => a - b);
        return { last, numbers, missing: orders.filter((o) => o.status !== 200).length };
      },
      (s) => s.missing === 0 && s.numbers.length === s.last,
    );
    expect(seen.numbers).toEqual(Array.from({ length: seen.last }, (_, i) => i + 1));
  });

  it("resolve only well-formed numbers that were handed out", async () => {
    const malformed = await resolve("ORD-26-1");
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe("order number (the key) must be an order number such as ORD-2026-000123");
    expect((await resolve(`ORD-${year()}-0000001`)).status).toBe(400);
    expect((await resolve(String(year()))).status).toBe(400);
    const unknown = await resolve(`ORD-${year()}-999999`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`order ORD-${year()}-999999 not found`);
    expect((await resolve(`ORD-${year() - 1}-000001`)).status).toBe(404);
  });
});

describe("a customer's checkouts", () => {
  it("are listed newest first, and move the customer on to a fresh cart; a retry with the same key finds the old cart", async () => {
    const account = await newCustomer();
    const current = async (idempotencyKey?: string) =>
      (await post(`/Customer/${account.id}/currentCart`, idempotencyKey ? { idempotencyKey } : {})).body.cartId;
    const first = await current();
    expect(first).toBe(`${account.id}-1`);
    const sku = await product(5, 600);
    const placed = [];
    for (const key of ["checkout-a", "checkout-b"]) {
      const cartId = await current();
      await cart(cartId, "addItem", { sku, quantity: 1 });
      const answer = await cart(cartId, "checkout", checkoutBody({ customerId: account.id, idempotencyKey: key }));
      expect(answer.status).toBe(200);
      placed.push({ cartId, key, ...answer.body });
      await eventually(current, (id) => id !== cartId);
    }
    expect(await current()).toBe(`${account.id}-3`);
    expect(await current("checkout-a")).toBe(placed[0]!.cartId);
    expect(await current("never-used")).toBe(`${account.id}-3`);
    const list = (await post(`/CustomerOrders/${account.id}/list`, {})).body;
    expect(list).toMatchObject({ page: 1, limit: 20, total: 2 });
    expect(list.items.map((i: { orderNumber: string }) => i.orderNumber)).toEqual([placed[1]!.orderNumber, placed[0]!.orderNumber]);
    expect(list.items[0]).toEqual({
      orderNumber: placed[1]!.orderNumber,
      orderId: placed[1]!.orderId,
      cartId: placed[1]!.cartId,
      createdAt: expect.any(Number),
    });
    // A cart already left behind moves nobody; reporting the current one again moves once.
    const moved = await post(`/Customer/${account.id}/cartCheckedOut`, { cartId: placed[0]!.cartId });
    expect(moved.body).toEqual({ cartId: `${account.id}-3` });
    expect((await post(`/CustomerOrders/${account.id}/list`, { page: 2, limit: 1 })).body.items).toEqual([list.items[1]]);
  });
});
