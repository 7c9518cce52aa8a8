import { describe, expect, inject, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { type Account, api, newCustomer } from "../support/api.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

const wishlist = (who: Account) => api("GET", "/me/wishlist", { token: who.accessToken });
const save = (who: Account, sku: string) => api("PUT", `/me/wishlist/${sku}`, { token: who.accessToken });
const unsave = (who: Account, sku: string) => api("DELETE", `/me/wishlist/${sku}`, { token: who.accessToken });
const backInStockMails = (sku: string, who: Account) =>
  fileLedger(inject("ledgerFile"))
    .find({ op: "send" })
    .filter((e) => e.kind === "back_in_stock" && e.to === who.email && String(e.key).startsWith(`${sku}:`));
const restock = (sku: string, quantity: number) => post(`/InventoryItem/${sku}/restock`, { quantity, reference: uniqueId("rs") });

describe("the wishlist", () => {
  it("saves products once each, shows them as they are now, and is the customer's own", async () => {
    const me = await newCustomer();
    const other = await newCustomer();
    const mug = await product(3, 1800);
    const pot = await product(0, 4900);
    expect((await save(me, mug)).status).toBe(200);
    const saved = await save(me, pot);
    expect(saved.status).toBe(200);
    expect(saved.body.items.map((i: { sku: string }) => i.sku)).toEqual([pot, mug]);
    expect(saved.body.items[1]).toMatchObject({ sku: mug, name: `Product ${mug}`, price: 1800, currency: "USD", available: 3 });
    expect((await save(me, mug)).body.items).toHaveLength(2);

    const unknown = await save(me, "NO-SUCH-SKU-1");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("unknown sku NO-SUCH-SKU-1");
    expect((await wishlist(other)).body.items).toEqual([]);

    expect((await unsave(me, pot)).body.items.map((i: { sku: string }) => i.sku)).toEqual([mug]);
    expect((await wishlist(me)).body.items.map((i: { sku: string }) => i.sku)).toEqual([mug]);
    expect((await api("GET", "/me/wishlist")).status).toBe(401);
  });

  it("tells each customer who saved a product, once per restock, when it comes back in stock", async () => {
    const ada = await newCustomer();
    const bob = await newCustomer();
    const cy = await newCustomer();
    const sku = await product(0, 2500);
    for (const who of [ada, bob, cy]) expect((await save(who, sku)).status).toBe(200);
    expect((await unsave(cy, sku)).status).toBe(200);

    expect((await restock(sku, 2)).status).toBe(200);
    await eventually(
      async () => [backInStockMails(sku, ada).length, backInStockMails(sku, bob).length],
      (counts) => counts.every((n) => n >= 1),
    );
    // More units while it is in stock: no news for anyone.
    expect((await restock(sku, 3)).status).toBe(200);

    // Sold out, then back: one more email each.
    const sold = await processOrder(uniqueId("wish"), orderRequest([[sku, 5]]));
    expect(sold.status).toBe(200);
    expect((await post(`/InventoryItem/${sku}/get`)).body.available).toBe(0);
    expect((await restock(sku, 1)).status).toBe(200);
    await eventually(
      async () => [backInStockMails(sku, ada).length, backInStockMails(sku, bob).length],
      (counts) => counts.every((n) => n >= 2),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(backInStockMails(sku, ada)).toHaveLength(2);
    expect(backInStockMails(sku, bob)).toHaveLength(2);
    expect(backInStockMails(sku, cy)).toHaveLength(0);
    expect(backInStockMails(sku, ada)[0]).toMatchObject({ kind: "back_in_stock", to: ada.email });
  });
});
