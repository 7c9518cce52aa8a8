import { describe, expect, it } from "vitest";
import { BLOCK_SIZE, NUMBER_SHARDS, numberShardOf, parseOrderNumber } from "../../src/orders/domain/order-numbers.ts";
import { newCustomer } from "../support/api.ts";
import { checkout, eventually, post, sql, uniqueId } from "../support/restate.ts";
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
  it("give each checkout a number of the year, kept by the order, the cart and the number's index; a cart's next one is higher", async () => {
    const sku = await product(10, 800);
    const placed = [];
    const id = uniqueId("cart");
    for (let i = 0; i < 3; i++) {
      expect((await cart(id, "addItem", { sku, quantity: 1 })).status).toBe(200);
      const answer = await checkout(id, checkoutBody());
      expect(answer.status).toBe(200);
      expect(answer.body.orderNumber).toMatch(new RegExp(`^ORD-${year()}-\\d{6}$`));
      expect(answer.submitted).toMatchObject({ orderId: answer.body.orderId, orderNumber: answer.body.orderNumber });
      placed.push({ cartId: id, ...answer.body });
    }
    const sequence = placed.map((p) => sequenceOf(p.orderNumber));
    expect(sequence[1]).toBeGreaterThan(sequence[0]!);
    expect(sequence[2]).toBeGreaterThan(sequence[1]!);
    for (const p of placed) {
      expect((await resolve(p.orderNumber)).body).toEqual({ orderNumber: p.orderNumber, orderId: p.orderId });
      expect(await orderOf(p.orderId)).toMatchObject({ orderNumber: p.orderNumber, paymentStatus: "captured" });
    }
    expect((await cart(id, "get")).body).toMatchObject({
      items: [],
      lastCheckout: { orderId: placed[2]!.orderId, orderNumber: placed[2]!.orderNumber },
    });
  });

  it("keep a failed checkout's number: the failed order is there under it, the error names it, the next attempt gets a new one", async () => {
    const sku = await product(3, 900);
    const id = await filledCart(sku, 2);
    const declined = await checkout(id, checkoutBody({ paymentMethod: "pm_card_chargeDeclined" }));
    expect(declined.status).toBe(402);
    const failedNumber = declined.body.metadata.orderNumber;
    expect(failedNumber).toBe(declined.submitted!.orderNumber);
    const { lastFailure } = (
      await eventually(
        () => cart(id, "get"),
        (r) => r.body.lastFailure !== null,
      )
    ).body;
    expect(lastFailure).toMatchObject({ orderNumber: failedNumber, code: 402 });
    expect((await resolve(failedNumber)).body.orderId).toBe(lastFailure.orderId);
    expect(await orderOf(lastFailure.orderId)).toMatchObject({ orderNumber: failedNumber, status: "failed", paymentStatus: "failed" });

    const retry = await checkout(id, checkoutBody());
    expect(retry.status).toBe(200);
    expect(sequenceOf(retry.body.orderNumber)).toBeGreaterThan(sequenceOf(failedNumber));
    expect(await stockOf(sku)).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it("keep the number of a checkout refused before its lines were priced, with the failed order under it", async () => {
    const dollars = await product(5, 1000);
    const euros = await product(5, 1000, { currency: "EUR" });
    const id = await filledCart(dollars);
    await cart(id, "addItem", { sku: euros, quantity: 1 });
    const refused = await checkout(id, checkoutBody());
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
    const answers = await Promise.all(ids.map((id) => checkout(id, checkoutBody())));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const numbers = answers.map((a) => a.body.orderNumber as string);
    expect(new Set(numbers).size).toBe(30);
    for (const answer of answers) expect((await resolve(answer.body.orderNumber)).body.orderId).toBe(answer.body.orderId);
  });

  it("come from several allocators, each asking the year's sequence once per block, and every number names an order", async () => {
    const sku = await product(40, 500);
    const ids = await Promise.all(Array.from({ length: 40 }, () => filledCart(sku)));
    // Each its own buyer: one email's 40 orders at once would be held by the risk screening's velocity rule.
    const answers = await Promise.all(
      ids.map((id) => checkout(id, checkoutBody({ customer: { ...customer, email: `${id}@example.com` } }))),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const shards = new Set(ids.map(numberShardOf));
    expect(shards.size).toBeGreaterThan(1);
    const count = async (target: string) =>
      Number((await sql<{ n: number }>(`SELECT count(*) AS n FROM sys_invocation WHERE target LIKE '${target}'`))[0]!.n);
    // The year's key is on one checkout's path in a block, not on every one.
    const allocations = await count("OrderNumberAllocator/%/allocate");
    const blocks = await count(`OrderNumberSequence/${year()}/takeBlock`);
    expect(blocks).toBeLessThanOrEqual(Math.ceil(allocations / BLOCK_SIZE) + NUMBER_SHARDS);
    expect(blocks).toBeLessThan(allocations);
    // Every number handed out (the allocators' recent ones included) names its own order, which exists.
    const named = await eventually(
      () =>
        sql<{ service_key: string; value_utf8: string }>(
          `SELECT service_key, value_utf8 FROM state WHERE service_name = 'OrderNumbers' AND key = 'orderId' AND service_key LIKE 'ORD-${year()}-%'`,
        ),
      (rows) => answers.every((a) => rows.some((r) => r.service_key === a.body.orderNumber)),
    );
    for (const answer of answers) {
      expect(named.find((r) => r.service_key === answer.body.orderNumber)!.value_utf8).toBe(JSON.stringify(answer.body.orderId));
    }
    const orders = await Promise.all(answers.map((a) => orderOf(a.body.orderId)));
    expect(orders.map((o) => o.orderNumber)).toEqual(answers.map((a) => a.body.orderNumber));
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
  it("are listed newest first, from the one cart the customer keeps", async () => {
    const account = await newCustomer();
    const current = async () => (await post(`/Customer/${account.id}/currentCart`)).body.cartId;
    const cartId = await current();
    expect(cartId).toBe(`${account.id}-1`);
    const sku = await product(5, 600);
    const placed = [];
    for (let i = 0; i < 2; i++) {
      await cart(cartId, "addItem", { sku, quantity: 1 });
      const answer = await checkout(cartId, checkoutBody({ customerId: account.id }));
      expect(answer.status).toBe(200);
      placed.push(answer.body);
    }
    expect(await current()).toBe(cartId);
    const list = (await post(`/CustomerOrders/${account.id}/list`, {})).body;
    expect(list).toMatchObject({ page: 1, limit: 20, total: 2 });
    expect(list.items.map((i: { orderNumber: string }) => i.orderNumber)).toEqual([placed[1]!.orderNumber, placed[0]!.orderNumber]);
    expect(list.items[0]).toEqual({
      orderNumber: placed[1]!.orderNumber,
      orderId: placed[1]!.orderId,
      cartId,
      createdAt: expect.any(Number),
    });
    expect((await post(`/CustomerOrders/${account.id}/list`, { page: 2, limit: 1 })).body.items).toEqual([list.items[1]]);
  });
});
