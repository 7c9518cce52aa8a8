import { describe, expect, it } from "vitest";
import { rng } from "../../scripts/lib/rng.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { checkout, eventually, post, unfinishedInvocations, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

type Line = { sku: string; quantity: number };
type Outcome = { orderId: string; cartId?: string; lines: Line[]; status: number; message: string };

const checkoutBody = { customer, shippingAddress: address, paymentMethod: "pm_card_visa" };

/** Units each SKU sold, summed over the orders that succeeded. */
function soldBy(outcomes: Outcome[]): Map<string, number> {
  const sold = new Map<string, number>();
  for (const o of outcomes.filter((o) => o.status === 200)) {
    for (const l of o.lines) sold.set(l.sku, (sold.get(l.sku) ?? 0) + l.quantity);
  }
  return sold;
}

/** What must hold for every SKU after a race, whoever won it. */
async function expectNeverOversold(stock: Map<string, number>, outcomes: Outcome[], restocked = new Map<string, number>()) {
  const sold = soldBy(outcomes);
  for (const [sku, initial] of stock) {
    const supply = initial + (restocked.get(sku) ?? 0);
    const view = await stockOf(sku);
    expect(view, sku).toMatchObject({ reserved: 0, reservations: {}, totals: { sold: sold.get(sku) ?? 0, returned: 0 } });
    expect(view.onHand, sku).toBe(supply - (sold.get(sku) ?? 0));
    expect(view.onHand, sku).toBeGreaterThanOrEqual(0);
  }
  for (const o of outcomes) {
    if (o.status === 200) {
      expect(countOps(ledgerOf(o.orderId)), o.orderId).toMatchObject({
        "authorize:authorized": 1,
        capture: 1,
        "email:order_confirmation": 1,
      });
      continue;
    }
    // Losing the race is a clean 409 before any money moved, and the order released what it held.
    expect(o.status, o.orderId).toBe(409);
    expect(o.message, o.orderId).toMatch(/^insufficient stock for /);
    // Only the carrier's quote, asked beside the reservation: nothing was charged or bought.
    expect(countOps(ledgerOf(o.orderId)), o.orderId).toEqual({ quote: 1 });
    expect(await orderOf(o.orderId), o.orderId).toMatchObject({ status: "failed", failureCode: 409 });
  }
}

describe("many carts racing for the last units of several SKUs", () => {
  it("sells each unit at most once; a losing multi-line cart keeps nothing reserved", async () => {
    const dice = rng(7);
    const stock = new Map<string, number>();
    for (const units of [4, 3, 2, 5]) stock.set(await product(units, 900), units);
    const skus = [...stock.keys()];

    // 30 carts, each wanting 1-3 of the SKUs, so most carts hold a line that will run out.
    const carts = Array.from({ length: 30 }, () => ({
      id: uniqueId("race"),
      lines: dice.sample(skus, dice.int(1, 3)).map((sku) => ({ sku, quantity: dice.int(1, Math.min(2, stock.get(sku)!)) })),
    }));
    for (const c of carts) {
      for (const l of c.lines) expect((await post(`/Cart/${c.id}/addItem`, l)).status).toBe(200);
    }

    const outcomes: Outcome[] = await Promise.all(
      carts.map(async (c) => {
        const answer = await checkout(c.id, checkoutBody);
        const orderId = answer.submitted!.orderId;
        return { orderId, cartId: c.id, lines: c.lines, status: answer.status, message: answer.body?.message ?? "" };
      }),
    );

    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status === 409).length).toBeGreaterThan(0);
    await expectNeverOversold(stock, outcomes);
    for (const c of carts) {
      const won = outcomes.find((o) => o.cartId === c.id)!.status === 200;
      // A winner's cart is empty for the next order; a loser's got its lines back, with why.
      const view = await eventually(
        () => post(`/Cart/${c.id}/get`),
        (r) => won || r.body.items.length > 0,
      );
      expect(view.body, c.id).toMatchObject(won ? { items: [], lastFailure: null } : { items: c.lines, lastFailure: { code: 409 } });
    }
    // Orders are left out: the mock carrier's webhooks keep moving the winners along. An item's
    // scheduled projection flush runs shortly after its last change: nothing else may stay open.
    for (const target of ["Cart/race-", ...skus.map((s) => `InventoryItem/${s}/`)]) {
      expect(
        await eventually(
          () => unfinishedInvocations(target),
          (open) => open.length === 0,
        ),
        target,
      ).toEqual([]);
    }
  });

  it("counts two lines of one SKU together while orders and restocks race", async () => {
    const stock = new Map([[await product(5, 1200), 5]]);
    const [sku] = [...stock.keys()] as [string];
    const orders = Array.from({ length: 12 }, () => ({
      orderId: uniqueId("dup-lines"),
      lines: [
        { sku, quantity: 1 },
        { sku, quantity: 1 },
      ],
    }));
    const restocks = [2, 1].map((quantity, i) => ({ quantity, reference: `${sku}-race-restock-${i}` }));

    const [outcomes] = await Promise.all([
      Promise.all(
        orders.map(async (o) => {
          const answer = await processOrder(o.orderId, orderRequest(o.lines.map((l) => [l.sku, l.quantity])));
          return { ...o, status: answer.status, message: answer.body?.message ?? "" };
        }),
      ),
      // The same restock twice (a retried request) adds its units once.
      Promise.all(restocks.flatMap((r) => [r, r]).map((r) => post(`/InventoryItem/${sku}/restock`, r))),
    ]);

    const restocked = new Map([[sku, restocks.reduce((s, r) => s + r.quantity, 0)]]);
    await expectNeverOversold(stock, outcomes, restocked);
    // Each order needs 2 units and at most 8 ever existed: at most 4 orders can have won.
    expect(outcomes.filter((o) => o.status === 200).length).toBeLessThanOrEqual(4);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThanOrEqual(2);
  });
});
