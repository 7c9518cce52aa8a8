import { describe, expect, inject, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { inventoryOp } from "../support/inventory-driver.ts";
import { eventually, post } from "../support/restate.ts";
import { product, stockOf } from "../support/shop.ts";

const inbox = (handler: string, body?: unknown) => post(`/OperatorInbox/shop/${handler}`, body);

async function alertFor(sku: string) {
  const id = `${sku}:low-stock:1`;
  // The item raises its alert with a one-way send: wait until the inbox has taken it in.
  for (;;) {
    const alert = ((await inbox("list")).body as Array<{ id: string; acknowledgedAt?: number }>).find((a) => a.id === id);
    if (alert) return alert;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("OperatorInbox.acknowledge", () => {
  it("marks a known alert once and refuses an id the inbox never held", async () => {
    const sku = await product(3, 1000, { lowStockThreshold: 5 });
    const { id } = await alertFor(sku);

    expect((await inbox("acknowledge", { id })).status).toBe(200);
    const acknowledged = await alertFor(sku);
    expect(acknowledged.acknowledgedAt).toEqual(expect.any(Number));

    expect((await inbox("acknowledge", { id })).status).toBe(200);
    expect((await alertFor(sku)).acknowledgedAt).toBe(acknowledged.acknowledgedAt);

    const unknown = await inbox("acknowledge", { id: `${sku}:no-such-alert` });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`no alert ${sku}:no-such-alert in this inbox`);
  });
});

describe("low-stock alerts", () => {
  const lowStockOf = async (sku: string) =>
    ((await inbox("list")).body as Array<{ id: string; kind: string; sku?: string; acknowledgedAt?: number }>).filter(
      (a) => a.kind === "low_stock" && a.sku === sku,
    );
  const operatorEmails = (sku: string) =>
    fileLedger(inject("ledgerFile"))
      .all()
      .filter((e) => e.op === "send" && e.key.startsWith(`alert:${sku}:`));

  it("keeps one open alert per item however often reservations flap around the threshold, until goods arrive", async () => {
    const sku = await product(6, 1000, { lowStockThreshold: 3 });
    for (let cycle = 0; cycle < 40; cycle++) {
      expect((await inventoryOp("reserve", sku, { orderId: `flap-${cycle}`, quantity: 3 })).status).toBe(200);
      expect((await inventoryOp("release", sku, { orderId: `flap-${cycle}` })).status).toBe(200);
    }
    const [first, ...others] = await eventually(
      () => lowStockOf(sku),
      (a) => a.length > 0,
    );
    expect(others).toEqual([]);
    // Every one-way raise has landed once the item's own history shows a single episode.
    expect((await stockOf(sku)).alerts).toHaveLength(1);
    expect(await lowStockOf(sku)).toHaveLength(1);
    expect(operatorEmails(sku)).toHaveLength(1);

    // Acknowledged, but nothing arrived: still one episode, no new alert.
    expect((await inbox("acknowledge", { id: first!.id })).status).toBe(200);
    await inventoryOp("reserve", sku, { orderId: "after-ack", quantity: 4 });
    await inventoryOp("release", sku, { orderId: "after-ack" });
    expect((await stockOf(sku)).alerts).toHaveLength(1);

    // Goods arrive, then the stock falls again: a second episode, a second alert and email.
    await post(`/InventoryItem/${sku}/restock`, { quantity: 10 });
    await inventoryOp("reserve", sku, { orderId: "second-episode", quantity: 14 });
    const alerts = await eventually(
      () => lowStockOf(sku),
      (a) => a.length === 2,
    );
    expect(alerts.map((a) => a.id)).toEqual([`${sku}:low-stock:1`, `${sku}:low-stock:2`]);
    expect(operatorEmails(sku)).toHaveLength(2);
  });
});
