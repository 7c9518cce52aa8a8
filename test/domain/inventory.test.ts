import { describe, expect, it } from "vitest";
import {
  allocateBackorders,
  applyStockSettings,
  availableUnits,
  commit,
  type InventoryState,
  release,
  reserve,
  restock,
  returnUnits,
  view,
} from "../../src/inventory/domain/inventory.ts";
import { DomainError } from "../../src/platform/domain/domain-errors.ts";

const item = (onHand: number, lowStockThreshold?: number, allowBackorder?: boolean): InventoryState =>
  restock(applyStockSettings(null, "SKU-T", { lowStockThreshold, allowBackorder }), onHand, 0);

/** Reserves and keeps the new state, for tests about what comes after. */
const held = (s: InventoryState, orderId: string, quantity: number, now = 1) => reserve(s, { orderId, quantity }, false, now).state;

describe("inventory domain", () => {
  it("reserves, commits and releases while keeping available = onHand - reserved", () => {
    let s = item(5);
    s = held(s, "a", 2);
    s = held(s, "b", 3);
    expect(availableUnits(s)).toBe(0);
    const committed = commit(s, "a");
    expect(committed.sold).toBe(2);
    s = release(committed.state, "b", 2);
    expect(view(s)).toMatchObject({ onHand: 3, reserved: 0, available: 3, totals: { sold: 2, restocked: 5 } });
  });

  it("holds nothing when there is not enough", () => {
    const s = held(item(2), "a", 1);
    expect(reserve(s, { orderId: "b", quantity: 2 }, false, 1)).toEqual({ state: s, status: "insufficient" });
  });

  it("configures the stock settings without touching the stock: given ones replace theirs, a null threshold clears it", () => {
    const s = held(item(5, 2, true), "a", 1);
    expect(applyStockSettings(s, "SKU-T", {})).toEqual(s);
    const cleared = applyStockSettings(s, "SKU-T", { lowStockThreshold: null, allowBackorder: false });
    expect(view(cleared)).toMatchObject({ onHand: 5, reserved: 1, lowStockThreshold: null, allowBackorder: false });
    expect(view(applyStockSettings(cleared, "SKU-T", { lowStockThreshold: 7 }))).toMatchObject({ lowStockThreshold: 7, lowStock: true });
    expect(view(applyStockSettings(null, "SKU-N", { allowBackorder: true }))).toMatchObject({
      sku: "SKU-N",
      onHand: 0,
      allowBackorder: true,
    });
  });

  it("treats the same reservation twice as one and a different quantity as a conflict", () => {
    const s = held(item(5), "a", 2);
    expect(reserve(s, { orderId: "a", quantity: 2 }, false, 1)).toEqual({ state: s, status: "reserved" });
    expect(() => reserve(s, { orderId: "a", quantity: 3 }, false, 1)).toThrow(DomainError);
  });

  it("queues orders beyond stock for a backorderable item and serves them first come, first served, each in full", () => {
    let s = item(1, undefined, true);
    s = held(s, "a", 1);
    const b = reserve(s, { orderId: "b", quantity: 2 }, false, 1);
    expect(b.status).toBe("backordered");
    s = held(b.state, "c", 1);
    expect(view(s)).toMatchObject({ onHand: 1, reserved: 1, available: 0, backordered: 3 });

    s = restock(s, 1, 2);
    // One unit is not enough for b (2); c (1) does not jump the queue.
    expect(allocateBackorders(s, 2).served).toEqual([]);
    const served = allocateBackorders(restock(s, 2, 3), 3);
    expect(served.served).toEqual(["b", "c"]);
    expect(view(served.state)).toMatchObject({ onHand: 4, reserved: 4, available: 0, backordered: 0 });
    expect(view(release(s, "b", 4))).toMatchObject({ backordered: 1 });
  });

  it("does not reserve again for an order whose reservation was already sold", () => {
    expect(() => reserve(item(5), { orderId: "a", quantity: 1 }, true, 1)).toThrow(/already bought/);
  });

  it("makes release and commit of unknown orders no-ops", () => {
    const s = item(3);
    expect(release(s, "nobody", 1)).toBe(s);
    expect(commit(s, "nobody")).toEqual({ state: s, sold: 0 });
  });

  it("raises one low-stock alert per episode: released reservations do not end it, a restock above the threshold does", () => {
    let s = item(5, 2);
    s = held(s, "a", 3, 10);
    expect(s.lowStock.alerts).toHaveLength(1);
    expect(s.lowStock.alerts[0]).toMatchObject({ id: 1, available: 2, threshold: 2, raisedAt: 10 });
    s = held(s, "b", 1, 11);
    expect(s.lowStock.alerts).toHaveLength(1);
    s = release(release(s, "a", 11), "b", 11);
    s = held(s, "a2", 4, 11);
    expect(s.lowStock.alerts).toHaveLength(1);
    s = restock(s, 10, 12);
    s = held(s, "c", 10, 13);
    expect(s.lowStock.alerts.map((a) => a.id)).toEqual([1, 2]);
  });

  it("returns at most what an order bought", () => {
    const s = commit(held(item(5), "a", 2), "a").state;
    const back = returnUnits(s, { orderId: "a", quantity: 2, reference: "r1" }, { sold: 2, returned: 0 }, 2);
    expect(view(back)).toMatchObject({ onHand: 5, totals: { returned: 2 } });
    expect(() => returnUnits(s, { orderId: "a", quantity: 1, reference: "r2" }, { sold: 2, returned: 2 }, 3)).toThrow(
      /only 0 sold and not yet returned/,
    );
  });
});
