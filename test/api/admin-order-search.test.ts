import { beforeAll, describe, expect, it } from "vitest";
import { api, newCustomer, signedInAdmin } from "../support/api.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

describe("admin order search (GET /admin/orders, the API's own read of the orders projection)", () => {
  const email = `${uniqueId("searcher").toLowerCase()}@example.com`;
  const ids: string[] = [];
  let token: string;
  const search = (query: Record<string, string | number>) =>
    api("GET", `/admin/orders?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`, { token });

  beforeAll(async () => {
    token = (await signedInAdmin()).accessToken;
    const sku = await product(20, 1000);
    for (const [i, paymentMethod] of ["pm_card_visa", "pm_card_visa", "pm_card_chargeDeclined", "pm_card_visa"].entries()) {
      const orderId = uniqueId(`search-${i}`);
      ids.push(orderId);
      const answer = await processOrder(orderId, orderRequest([[sku, 1]], { customer: { email, name: "Searching Sam" }, paymentMethod }));
      expect(answer.status).toBe(paymentMethod === "pm_card_visa" ? 200 : 402);
    }
    await eventually(
      async () => (await search({ customer: email })).body,
      (found) => found.total === 4,
    );
  });

  it("finds a customer's orders by email in any case, newest first, with the total", async () => {
    const found = (await search({ customer: email.toUpperCase() })).body;
    expect(found.total).toBe(4);
    expect(found.items.map((o: any) => o.orderId)).toEqual([...ids].reverse());
    const times = found.items.map((o: any) => o.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(found.items[0]).toMatchObject({
      customerEmail: email,
      customerName: "Searching Sam",
      currency: "USD",
      subtotal: 1000,
      orderNumber: null,
    });
  });

  it("combines filters: status, order id, order number, creation time", async () => {
    const failed = (await search({ customer: email, status: "failed" })).body;
    expect(failed.items.map((o: any) => o.orderId)).toEqual([ids[2]]);
    expect(failed.total).toBe(1);

    const one = (await search({ q: ids[1]! })).body;
    expect(one.items.map((o: any) => o.orderId)).toEqual([ids[1]]);

    expect((await search({ q: "ORD-2000-999999" })).body).toMatchObject({ items: [], total: 0 });

    const all = (await search({ customer: email })).body.items;
    const oldest = all.at(-1);
    const second = all.at(-2);
    const recent = (await search({ customer: email, from: second.createdAt })).body;
    expect(recent.items.map((o: any) => o.orderId)).not.toContain(oldest.orderId);
    expect(recent.items.map((o: any) => o.orderId)).toContain(second.orderId);
    const before = (await search({ customer: email, to: second.createdAt })).body;
    expect(before.items.map((o: any) => o.orderId)).toEqual(
      all.filter((o: any) => o.createdAt < second.createdAt).map((o: any) => o.orderId),
    );
  });

  it("finds orders by a part of the customer's name or email, or of the order id, in any case; % and _ are only characters", async () => {
    const total = async (query: Record<string, string>) => (await search({ customer: email, ...query })).body.total;
    expect(await total({ q: "ching SAM" })).toBe(4);
    expect((await search({ q: email.slice(2, 20).toUpperCase() })).body.total).toBe(4);
    expect((await search({ q: ids[1]!.slice(-9).toUpperCase() })).body.items.map((o: any) => o.orderId)).toEqual([ids[1]]);
    expect(await total({ q: "%" })).toBe(0);
    expect(await total({ q: "_" })).toBe(0);
    expect(await total({ q: "no such words" })).toBe(0);
  });

  it("pages through the results, every order once", async () => {
    const first = (await search({ customer: email, limit: 3 })).body;
    const second = (await search({ customer: email, limit: 3, page: 2 })).body;
    const beyond = (await search({ customer: email, limit: 3, page: 3 })).body;
    expect(first).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    expect([...first.items, ...second.items].map((o: any) => o.orderId)).toEqual([...ids].reverse());
    expect(beyond).toMatchObject({ items: [], total: 4, page: 3 });
  });

  it("is for admins only: a shopper's token is a 403, none a 401", async () => {
    const shopper = await newCustomer();
    const refused = await api("GET", `/admin/orders?customer=${encodeURIComponent(email)}`, { token: shopper.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.items).toBeUndefined();
    expect((await api("GET", "/admin/orders")).status).toBe(401);
  });

  it.each([
    [{ status: "lost" }, "status"],
    [{ from: "yesterday" }, "from"],
    [{ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "to"],
    [{ limit: 500 }, "limit"],
    [{ page: 0 }, "page"],
    [{ customer: "x" }, "customer"],
    [{ customer: "cus_123" }, "customer"],
    [{ q: "  " }, "q"],
    [{ q: "x".repeat(101) }, "q"],
  ])("answers %j with 400 naming %s", async (query, field) => {
    const answer = await search(query);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_input", field });
    expect(answer.body.error.message).toContain(field);
  });
});
