import { beforeAll, describe, expect, it } from "vitest";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

const search = (input: Record<string, unknown>) => post("/AdminQueries/searchOrders", input);

describe("admin order search (AdminQueries/searchOrders, from the orders projection)", () => {
  const email = `${uniqueId("searcher").toLowerCase()}@example.com`;
  const ids: string[] = [];

  beforeAll(async () => {
    const sku = await product(20, 1000);
    for (const [i, paymentMethod] of ["pm_card_visa", "pm_card_visa", "pm_card_chargeDeclined", "pm_card_visa"].entries()) {
      const orderId = uniqueId(`search-${i}`);
      ids.push(orderId);
      const answer = await processOrder(orderId, orderRequest([[sku, 1]], { customer: { email, name: "Searching Sam" }, paymentMethod }));
      expect(answer.status).toBe(paymentMethod === "pm_card_visa" ? 200 : 402);
    }
    await eventually(
      async () => (await search({ email })).body,
      (found) => found.total === 4,
    );
  });

  it("finds a customer's orders by email in any case, newest first, with the total", async () => {
    const found = (await search({ email: email.toUpperCase() })).body;
    expect(found.total).toBe(4);
    expect(found.orders.map((o: any) => o.orderId)).toEqual([...ids].reverse());
    const times = found.orders.map((o: any) => o.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(found.orders[0]).toMatchObject({
      customerEmail: email,
      customerName: "Searching Sam",
      currency: "USD",
      subtotal: 1000,
      orderNumber: null,
    });
  });

  it("combines filters: status, order id, order number, creation time", async () => {
    const failed = (await search({ email, status: "failed" })).body;
    expect(failed.orders.map((o: any) => o.orderId)).toEqual([ids[2]]);
    expect(failed.total).toBe(1);

    const one = (await search({ orderId: ids[1] })).body;
    expect(one.orders.map((o: any) => o.orderId)).toEqual([ids[1]]);

    expect((await search({ orderNumber: "NO-SUCH-NUMBER" })).body).toMatchObject({ orders: [], total: 0 });

    const all = (await search({ email })).body.orders;
    const oldest = all.at(-1);
    const second = all.at(-2);
    const since = new Date(second.createdAt).toISOString();
    const recent = (await search({ email, from: since })).body;
    expect(recent.orders.map((o: any) => o.orderId)).not.toContain(oldest.orderId);
    expect(recent.orders.map((o: any) => o.orderId)).toContain(second.orderId);
    const before = (await search({ email, to: since })).body;
    expect(before.orders.map((o: any) => o.orderId)).toEqual(
      all.filter((o: any) => o.createdAt < second.createdAt).map((o: any) => o.orderId),
    );
  });

  it("finds orders by a part of the customer's name or email, or of the order id, in any case; % and _ are only characters", async () => {
    const total = async (input: Record<string, unknown>) => (await search({ email, ...input })).body.total;
    expect(await total({ text: "ching SAM" })).toBe(4);
    expect((await search({ text: email.slice(2, 20).toUpperCase() })).body.total).toBe(4);
    expect((await search({ text: ids[1]!.slice(-9).toUpperCase() })).body.orders.map((o: any) => o.orderId)).toEqual([ids[1]]);
    expect(await total({ text: "%" })).toBe(0);
    expect(await total({ text: "_" })).toBe(0);
    expect(await total({ text: "no such words" })).toBe(0);
  });

  it("pages through the results, every order once", async () => {
    const first = (await search({ email, pageSize: 3 })).body;
    const second = (await search({ email, pageSize: 3, page: 2 })).body;
    const beyond = (await search({ email, pageSize: 3, page: 3 })).body;
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.orders).toHaveLength(3);
    expect(second.orders).toHaveLength(1);
    expect([...first.orders, ...second.orders].map((o: any) => o.orderId)).toEqual([...ids].reverse());
    expect(beyond).toMatchObject({ orders: [], total: 4, page: 3 });
  });

  it.each([
    [{ status: "lost" }, "status"],
    [{ from: "yesterday" }, "from"],
    [{ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "to"],
    [{ pageSize: 500 }, "pageSize"],
    [{ page: 0 }, "page"],
    [{ email: "x" }, "email"],
    [{ orderId: "a b" }, "orderId"],
    [{ sort: "oldest" }, "sort"],
    [{ text: "  " }, "text"],
    [{ text: "x".repeat(101) }, "text"],
    [{ customerId: "cus_123" }, "customerId"],
  ])("answers %j with 400 naming %s", async (input, field) => {
    const answer = await search(input);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
  });
});
