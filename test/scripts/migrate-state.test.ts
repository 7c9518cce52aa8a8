import { describe, expect, it } from "vitest";
import { writeState } from "../../scripts/lib/admin.ts";
import { migrateOrderNumbers } from "../../scripts/lib/migrate-order-numbers.ts";
import { migrateProducts } from "../../scripts/lib/migrate-products.ts";
import { api, signedInAdmin } from "../support/api.ts";
import { adminUrl, eventually, post, sql, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const stateOf = (service: string, key: string) =>
  sql<{ key: string; value_utf8: string }>(
    `SELECT key, value_utf8 FROM state WHERE service_name = '${service}' AND service_key = '${key}' ORDER BY key`,
  );

/** Writes state as the old code left it, through the admin API (applied asynchronously). */
async function legacyYear(year: string, last: number): Promise<void> {
  const bytes = (v: unknown) => [...new TextEncoder().encode(JSON.stringify(v))];
  const res = await fetch(`${adminUrl()}/services/OrderNumbers/state`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ object_key: year, new_state: { last: bytes(last), recent: bytes([{ orderId: "old", n: last }]) } }),
  });
  expect(res.status).toBeLessThan(300);
  await eventually(
    () => stateOf("OrderNumbers", year),
    (rows) => rows.length === 2,
  );
}

describe("npm run migrate:state", () => {
  it("carries a year's last order number from the old OrderNumbers key to its sequence, once", async () => {
    await legacyYear("1999", 41);
    const moved = await migrateOrderNumbers(adminUrl());
    expect(moved).toContainEqual({ year: "1999", last: 41 });
    await eventually(
      () => stateOf("OrderNumberSequence", "1999"),
      (rows) => rows.length === 1 && rows[0]!.value_utf8 === "41",
    );
    await eventually(
      () => stateOf("OrderNumbers", "1999"),
      (rows) => rows.length === 0,
    );
    // Again: nothing is left to move, and the sequence keeps its place.
    expect((await migrateOrderNumbers(adminUrl())).map((m) => m.year)).not.toContain("1999");
    expect(await stateOf("OrderNumberSequence", "1999")).toEqual([{ key: "last", value_utf8: "41" }]);
  });

  it("never moves a sequence back: the larger last number wins", async () => {
    await legacyYear("1998", 7);
    await migrateOrderNumbers(adminUrl());
    await eventually(
      () => stateOf("OrderNumberSequence", "1998"),
      (rows) => rows[0]?.value_utf8 === "7",
    );
    await legacyYear("1998", 3);
    expect(await migrateOrderNumbers(adminUrl())).toContainEqual({ year: "1998", last: 7 });
    await eventually(
      () => stateOf("OrderNumbers", "1998"),
      (rows) => rows.length === 0,
    );
    expect(await stateOf("OrderNumberSequence", "1998")).toEqual([{ key: "last", value_utf8: "7" }]);
  });
});

/** An object's state as Restate stores it, key by key. */
const stateMap = async (service: string, key: string) =>
  Object.fromEntries((await stateOf(service, key)).map((r) => [r.key, JSON.parse(r.value_utf8)])) as Record<string, any>;

describe("npm run migrate:state: catalog data from InventoryItem to Product", () => {
  it("moves an item's catalog to Product and its supplier and sales to SkuReplenishment, keeps its stock, and runs twice harmlessly", async () => {
    // A SKU made by today's code, with stock sold, held and watched, a supplier, and sales counted.
    const sku = await product(10, 1500, { lowStockThreshold: 3, description: "Stoneware", images: ["/media/mug.png"] });
    expect((await post(`/SkuReplenishment/${sku}/set`, { supplier: "acme@suppliers.test", reorderQuantity: 12 })).status).toBe(200);
    expect((await processOrder(uniqueId("pre-split"), orderRequest([[sku, 2]]))).status).toBe(200);
    await eventually(
      () => stateMap("SkuReplenishment", sku),
      (s) => s.sales !== undefined,
    );
    await eventually(
      () => stateMap("InventoryItem", sku),
      (s) => !s.item.projectionPending,
    );
    const [item, catalog, replenishment] = [
      await stateMap("InventoryItem", sku),
      await stateMap("Product", sku),
      await stateMap("SkuReplenishment", sku),
    ];
    const stockBefore = await stockOf(sku);
    const productBefore = (await post(`/Product/${sku}/get`)).body;

    // The shape the versions before the split stored: one InventoryItem value with catalog and stock,
    // the replenishment settings and sales beside it, and no Product or SkuReplenishment at all.
    await writeState(adminUrl(), "InventoryItem", sku, {
      ...item,
      item: { ...item.item, ...catalog.product },
      projectionVersion: catalog.projectionVersion,
      replenishment: replenishment.settings,
      sales: replenishment.sales,
    });
    await writeState(adminUrl(), "Product", sku, {});
    await writeState(adminUrl(), "SkuReplenishment", sku, {});
    await eventually(
      () => Promise.all([stateMap("InventoryItem", sku), stateMap("Product", sku)]),
      ([legacy, gone]) => legacy.item.name === productBefore.name && Object.keys(gone).length === 0,
    );
    expect((await post(`/Product/${sku}/get`)).status).toBe(404);

    expect(await migrateProducts(adminUrl())).toContain(sku);
    await eventually(
      () => post(`/Product/${sku}/get`),
      (r) => r.status === 200,
    );
    expect((await post(`/Product/${sku}/get`)).body).toEqual(productBefore);
    expect(await stockOf(sku)).toEqual(stockBefore);
    const migrated = await stateMap("InventoryItem", sku);
    expect(migrated.item).toEqual(item.item);
    expect(Object.keys(migrated).sort()).toEqual(Object.keys(item).sort());
    expect(await stateMap("Product", sku)).toEqual({ product: catalog.product, projectionVersion: catalog.projectionVersion });
    await eventually(
      () => stateMap("SkuReplenishment", sku),
      (s) => s.settings !== undefined,
    );
    expect(await stateMap("SkuReplenishment", sku)).toEqual(replenishment);

    // Twice: nothing is left to move, and nothing changes.
    expect(await migrateProducts(adminUrl())).not.toContain(sku);
    expect(await stateMap("InventoryItem", sku)).toEqual(migrated);
    expect(await stateMap("Product", sku)).toEqual({ product: catalog.product, projectionVersion: catalog.projectionVersion });

    // Through the API: the admin's product page reads both halves, an edit reaches the catalog's
    // projection (its version follows the one the row had), and the product sells on.
    const admin = await signedInAdmin();
    const asAdmin = (method: string, path: string, body?: unknown) => api(method, path, { token: admin.accessToken, body });
    expect((await asAdmin("GET", `/admin/products/${productBefore.productId}`)).body).toMatchObject({
      sku,
      price: 1500,
      description: "Stoneware",
      onHand: stockBefore.onHand,
      lowStockThreshold: 3,
    });
    expect((await asAdmin("PUT", `/admin/products/${productBefore.productId}`, { price: 1700 })).status).toBe(200);
    expect(
      (
        await eventually(
          () => api("GET", `/products/${productBefore.slug}`),
          (r) => r.body?.price === 1700,
        )
      ).body,
    ).toMatchObject({ sku, price: 1700, available: stockBefore.available });
    expect(
      (await processOrder(uniqueId("post-split"), orderRequest([[sku, 1]], { items: [{ sku, quantity: 1, price: 1700 }] }))).status,
    ).toBe(200);
    expect(await stockOf(sku)).toMatchObject({ onHand: stockBefore.onHand - 1, totals: { sold: 3 } });
  });
});
