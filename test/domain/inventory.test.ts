import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.ts";
import {
  availableUnits,
  commit,
  release,
  reserve,
  restock,
  returnUnits,
  upsertItem,
  view,
  type InventoryState,
} from "../../src/domain/inventory.ts";

const item = (onHand: number, lowStockThreshold?: number): InventoryState =>
  restock(upsertItem(null, "SKU-T", { name: "T", price: 100, currency: "USD", lowStockThreshold }), onHand, 0);

describe("inventory domain", () => {
  it("reserves, commits and releases while keeping available = onHand - reserved", () => {
    let s = item(5);
    s = reserve(s, { orderId: "a", quantity: 2 }, false, 1);
    s = reserve(s, { orderId: "b", quantity: 3 }, false, 1);
    expect(availableUnits(s)).toBe(0);
    const committed = commit(s, "a");
    expect(committed.sold).toBe(2);
    s = release(committed.state, "b", 2);
    expect(view(s)).toMatchObject({ onHand: 3, reserved: 0, available: 3, totals: { sold: 2, restocked: 5 } });
  });

  it("refuses to reserve more than is available, naming the SKU and the numbers", () => {
    const s = reserve(item(2), { orderId: "a", quantity: 1 }, false, 1);
    expect(() => reserve(s, { orderId: "b", quantity: 2 }, false, 1)).toThrow(
      "insufficient stock for SKU-T: requested 2, available 1",
    );
  });

  it("treats the same reservation twice as one and a different quantity as a conflict", () => {
    const s = reserve(item(5), { orderId: "a", quantity: 2 }, false, 1);
    expect(reserve(s, { orderId: "a", quantity: 2 }, false, 1)).toBe(s);
    expect(() => reserve(s, { orderId: "a", quantity: 3 }, false, 1)).toThrow(DomainError);
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
    s = reserve(s, { orderId: "a", quantity: 3 }, false, 10);
    expect(s.lowStock.alerts).toHaveLength(1);
    expect(s.lowStock.alerts[0]).toMatchObject({ id: 1, available: 2, threshold: 2, raisedAt: 10 });
    s = reserve(s, { orderId: "b", quantity: 1 }, false, 11);
    expect(s.lowStock.alerts).toHaveLength(1);
    s = release(release(s, "a", 11), "b", 11);
    s = reserve(s, { orderId: "a2", quantity: 4 }, false, 11);
    expect(s.lowStock.alerts).toHaveLength(1);
    s = restock(s, 10, 12);
    s = reserve(s, { orderId: "c", quantity: 10 }, false, 13);
    expect(s.lowStock.alerts.map((a) => a.id)).toEqual([1, 2]);
  });

  it("returns at most what an order bought", () => {
    const s = commit(reserve(item(5), { orderId: "a", quantity: 2 }, false, 1), "a").state;
    const back = returnUnits(s, { orderId: "a", quantity: 2, reference: "r1" }, { sold: 2, returned: 0 }, 2);
    expect(view(back)).toMatchObject({ onHand: 5, totals: { returned: 2 } });
    expect(() => returnUnits(s, { orderId: "a", quantity: 1, reference: "r2" }, { sold: 2, returned: 2 }, 3)).toThrow(
      /only 0 sold and not yet returned/,
    );
  });
});
