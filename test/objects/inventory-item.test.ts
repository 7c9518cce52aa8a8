import { describe, expect, it } from "vitest";
import { InventoryItem } from "../../src/inventory/inventory-item.ts";
import { inventoryOp } from "../support/inventory-driver.ts";
import { eventually, ingress, post, unfinishedInvocations, uniqueId } from "../support/restate.ts";

const item = (sku: string) => ingress().objectClient(InventoryItem, sku);
const get = (sku: string) => post(`/InventoryItem/${sku}/get`);

async function stocked(quantity: number, extra: Record<string, unknown> = {}) {
  const sku = uniqueId("SKU");
  await item(sku).upsert({ name: "Espresso cup", price: 1250, currency: "EUR", ...extra } as never);
  if (quantity > 0) await item(sku).restock({ quantity });
  return sku;
}

describe("InventoryItem through the ingress", () => {
  it("round-trips upsert and get, defaulting the currency to USD", async () => {
    const sku = uniqueId("SKU");
    expect((await get(sku)).status).toBe(404);
    // One call for the whole SKU: it answers both halves, the catalog's (Product) and the stock's.
    expect(await item(sku).upsert({ name: "Mug", price: 1299 } as never)).toMatchObject({
      sku,
      name: "Mug",
      price: 1299,
      currency: "USD",
      onHand: 0,
      available: 0,
    });
    const answer = await get(sku);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sku, onHand: 0, reserved: 0, available: 0 });
    expect(answer.body).not.toHaveProperty("price");
    expect((await post(`/Product/${sku}/get`)).body).toMatchObject({ sku, name: "Mug", price: 1299, currency: "USD", status: "active" });
  });

  it("holds nothing for a reservation beyond stock, answering why", async () => {
    const sku = await stocked(2);
    const before = (await get(sku)).body;
    const answer = await inventoryOp("reserve", sku, { orderId: "o-1", quantity: 3 });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sku,
      orderId: "o-1",
      quantity: 3,
      status: "insufficient",
      available: 2,
    });
    expect((await get(sku)).body).toEqual(before);
  });

  it("lets exactly 10 of 50 concurrent single-unit reservations through for 10 in stock", async () => {
    const sku = await stocked(10);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => inventoryOp("reserve", sku, { orderId: `order-${i}`, quantity: 1 })),
    );
    expect(answers.filter((a) => a.body.status === "reserved")).toHaveLength(10);
    expect(answers.filter((a) => a.body.status === "insufficient")).toHaveLength(40);
    expect((await get(sku)).body).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
  });

  it("makes reserve, release, commit and restock-by-reference idempotent", async () => {
    const sku = await stocked(5);
    await inventoryOp("reserve", sku, { orderId: "a", quantity: 2 });
    await inventoryOp("reserve", sku, { orderId: "a", quantity: 2 });
    expect((await get(sku)).body).toMatchObject({ reserved: 2, available: 3 });

    await inventoryOp("commit", sku, { orderId: "a" });
    await inventoryOp("commit", sku, { orderId: "a" });
    expect((await get(sku)).body).toMatchObject({ onHand: 3, reserved: 0, available: 3, totals: { sold: 2 } });

    await inventoryOp("reserve", sku, { orderId: "b", quantity: 1 });
    await inventoryOp("release", sku, { orderId: "b" });
    await inventoryOp("release", sku, { orderId: "b" });
    await inventoryOp("release", sku, { orderId: "never-seen" });
    expect((await get(sku)).body).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    await item(sku).restock({ quantity: 4, reference: "po-77" });
    await item(sku).restock({ quantity: 4, reference: "po-77" });
    expect((await get(sku)).body).toMatchObject({ onHand: 7, totals: { restocked: 9 } });
  });

  it("keeps available = onHand - reserved >= 0 through a random sequence of operations", async () => {
    const sku = await stocked(20);
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const orders = Array.from({ length: 8 }, (_, i) => `order-${i}`);
    let expectedSold = 0;
    const held = new Map<string, number>();
    for (let step = 0; step < 60; step++) {
      const orderId = orders[rand(orders.length)]!;
      const op = rand(4);
      if (op === 0) {
        const quantity = 1 + rand(4);
        const answer = await inventoryOp("reserve", sku, { orderId, quantity });
        expect([200, 409]).toContain(answer.status);
        if (answer.body.status === "reserved" && !held.has(orderId)) held.set(orderId, quantity);
      } else if (op === 1) {
        await inventoryOp("release", sku, { orderId });
        held.delete(orderId);
      } else if (op === 2) {
        const answer = await inventoryOp("commit", sku, { orderId });
        expect(answer.status).toBe(200);
        expectedSold += held.get(orderId) ?? 0;
        held.delete(orderId);
      } else {
        await item(sku).restock({ quantity: 1 + rand(3) });
      }
      const state = (await get(sku)).body;
      expect(state.available).toBe(state.onHand - state.reserved);
      expect(state.available).toBeGreaterThanOrEqual(0);
      expect(state.reserved).toBe([...held.values()].reduce((a, b) => a + b, 0));
      expect(state.totals.sold).toBe(expectedSold);
    }
  });

  it("records one low-stock alert when available falls to the threshold", async () => {
    const sku = await stocked(5, { lowStockThreshold: 2 });
    await inventoryOp("reserve", sku, { orderId: "a", quantity: 3 });
    await inventoryOp("reserve", sku, { orderId: "b", quantity: 1 });
    const state = (await get(sku)).body;
    expect(state.lowStock).toBe(true);
    expect(state.alerts).toHaveLength(1);
    expect(state.alerts[0]).toMatchObject({ id: 1, available: 2, threshold: 2 });
    expect(state.alerts[0].raisedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each([
    ["restock", { quantity: 0 }, "/quantity"],
    ["restock", { quantity: -3 }, "/quantity"],
    ["restock", { quantity: 1.5 }, "/quantity"],
    ["restock", {}, "/quantity"],
    ["upsert", { name: "X", price: 100, currency: "XYZ" }, "/currency"],
    ["upsert", { name: "X", price: 12.5 }, "/price"],
    ["upsert", { price: 100 }, "/name"],
  ])("answers %s %j with 400 naming %s, changing nothing", async (handler, body, field) => {
    const sku = await stocked(3);
    const before = (await get(sku)).body;
    const answer = await post(`/InventoryItem/${sku}/${handler}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
    expect((await get(sku)).body).toEqual(before);
  });

  it.each([
    ["reserve", { quantity: 1 }, "/orderId"],
    ["reserve", { orderId: "x", quantity: "2" }, "/quantity"],
    ["release", { orderId: "" }, "/orderId"],
  ] as const)("refuses a saga call %s %j with 400 naming %s, changing nothing", async (operation, body, field) => {
    const sku = await stocked(3);
    const before = (await get(sku)).body;
    const answer = await inventoryOp(operation, sku, body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
    expect((await get(sku)).body).toEqual(before);
  });

  it("answers malformed JSON with 400 and leaves nothing retrying", async () => {
    const sku = await stocked(3);
    const answer = await post(`/InventoryItem/${sku}/restock`, undefined, {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/JSON/);
    // Only the item's scheduled projection flush may be open, and only until it has run.
    expect(
      await eventually(
        () => unfinishedInvocations(`InventoryItem/${sku}`),
        (open) => open.length === 0,
      ),
    ).toEqual([]);
  });
});
