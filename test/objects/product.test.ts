import { describe, expect, it } from "vitest";
import { eventually, post, sql, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

/** An object's state as Restate stores it, key by key (the admin SQL endpoint). */
async function stateOf(service: string, key: string): Promise<Record<string, unknown>> {
  const rows = await sql<{ key: string; value_utf8: string }>(
    `SELECT key, value_utf8 FROM state WHERE service_name = '${service}' AND service_key = '${key}'`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_utf8)]));
}

/** The item's stock value without its projection bookkeeping (a flush may run between two reads). */
const stockValue = async (sku: string) => {
  const { projectionPending: _pending, projectedAt: _at, ...item } = (await stateOf("InventoryItem", sku)).item as Record<string, unknown>;
  return item;
};

const productIdOf = async (sku: string) => (await post(`/Product/${sku}/get`)).body.productId as string;

describe("Product/{sku} and InventoryItem/{sku}: the catalog and the stock, apart", () => {
  it("keeps the catalog data in Product and the stock in InventoryItem, each out of the other's state", async () => {
    const sku = await product(4, 1800, { lowStockThreshold: 1, description: "Hand-glazed" });
    const catalog = await stateOf("Product", sku);
    expect(catalog.product).toMatchObject({ sku, name: `Product ${sku}`, price: 1800, currency: "USD", description: "Hand-glazed" });
    const stock = await stockValue(sku);
    expect(stock).toMatchObject({ sku, onHand: 4, lowStockThreshold: 1 });
    for (const field of ["name", "price", "currency", "slug", "description", "status", "productId"])
      expect(stock).not.toHaveProperty(field);
    expect(catalog.product).not.toHaveProperty("onHand");
    // Replenishment settings and sales are neither's: they are SkuReplenishment/{sku}'s.
    expect(Object.keys(await stateOf("InventoryItem", sku))).not.toContain("replenishment");
  });

  it("an admin's catalog change leaves the stock as it was, and a restock leaves the catalog", async () => {
    const sku = await product(6, 1200);
    const stockBefore = await stockValue(sku);
    const changed = await post("/CatalogAdmin/updateProduct", { productId: await productIdOf(sku), price: 1400, description: "New" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: 1400, description: "New", onHand: 6, available: 6 });
    expect(await stockValue(sku)).toEqual(stockBefore);

    const catalogBefore = await stateOf("Product", sku);
    expect((await post(`/InventoryItem/${sku}/restock`, { quantity: 3 })).status).toBe(200);
    expect(await stateOf("Product", sku)).toEqual(catalogBefore);
    expect(await stockOf(sku)).toMatchObject({ onHand: 9 });
  });

  it("a refused catalog change (a taken slug) changes neither the product nor its stock settings", async () => {
    const taken = await product(0, 500, { slug: uniqueId("taken").toLowerCase() });
    const takenSlug = (await post(`/Product/${taken}/get`)).body.slug;
    const sku = await product(2, 700);
    const [catalogBefore, stockBefore] = [await stateOf("Product", sku), await stockValue(sku)];
    const answer = await post(`/InventoryItem/${sku}/upsert`, { name: "Thief", price: 700, slug: takenSlug, lowStockThreshold: 1 });
    expect(answer.status).toBe(409);
    expect(await stateOf("Product", sku)).toEqual(catalogBefore);
    expect(await stockValue(sku)).toEqual(stockBefore);
  });

  it("prices an order from Product, read at checkout beside the reservation: a new price counts at once", async () => {
    const sku = await product(5, 1000);
    expect((await post("/CatalogAdmin/updateProduct", { productId: await productIdOf(sku), price: 1300 })).status).toBe(200);
    const orderId = uniqueId("priced");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]]));
    expect(answer.status).toBe(200);
    expect((await orderOf(orderId)).items).toEqual([expect.objectContaining({ sku, unitPrice: 1300, quantity: 2, lineTotal: 2600 })]);
    // Both reads are the saga's calls; the catalog's is a shared read of Product, the stock's InventoryItem's reserve.
    const calls = await sql<{ target: string }>(
      `SELECT target FROM sys_invocation WHERE invoked_by_target = 'OrderOrchestrator/${orderId}/processOrder' AND target_service_key = '${sku}'`,
    );
    expect(calls.map((c) => c.target)).toEqual(
      expect.arrayContaining([`Product/${sku}/get`, `InventoryItem/${sku}/reserve`, `InventoryItem/${sku}/commit`]),
    );
  });

  it("refuses a product that is not for sale with 409 and holds none of its stock afterwards", async () => {
    const sku = await product(3, 900, { status: "draft" });
    const orderId = uniqueId("draft");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]]));
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe(`${sku} is not for sale (draft)`);
    await eventually(
      () => stockOf(sku),
      (s) => s.reserved === 0,
    );
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3, backordered: 0 });
  });
});
