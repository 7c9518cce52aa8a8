import { describe, expect, it } from "vitest";
import { journalOf, roundTrips } from "../../scripts/lib/bench/journal.ts";
import { newCustomer } from "../support/api.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { adminUrl, eventually, sql, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product } from "../support/shop.ts";

describe("a paid order's waits", () => {
  it("are four for a 1-line order with a card: admission, authorize, commit ‖ label, capture", async () => {
    const account = await newCustomer();
    const sku = await product(10, 1500);
    const orderId = uniqueId("trips");
    const answer = await processOrder(orderId, { ...orderRequest([[sku, 1]]), customerId: account.id, paymentMethod: "pm_card_visa" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    // Counted as the bench counts them (scripts/lib/bench/journal.ts): a batch of commands, then a wait.
    const { rows } = await journalOf(adminUrl(), { target: `OrderOrchestrator/${orderId}/processOrder` });
    expect(rows.filter((e) => e.entry_type === "Command: Run").map((e) => e.name)).toEqual(["quote", "authorize", "label", "capture"]);
    expect(roundTrips(rows)).toHaveLength(4);
    // The confirmation email is off that path: one way, after the answer, sent once.
    expect(
      await eventually(
        () => orderOf(orderId),
        (o) => o.notifications.length > 0,
      ),
    ).toMatchObject({ notifications: expect.arrayContaining([expect.objectContaining({ kind: "order_confirmation", status: "sent" })]) });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, "email:order_confirmation": 1 });
  });

  it("on a SKU's key, the one every order for it passes: a reservation journals no step unless it raises an alert", async () => {
    // Watched stock (a threshold of 2): the first reservation leaves 9, the second 1 and raises the alert.
    const sku = await product(11, 1500, { lowStockThreshold: 2 });
    const quiet = uniqueId("reserve");
    expect((await processOrder(quiet, orderRequest([[sku, 2]]))).status).toBe(200);
    const loud = uniqueId("reserve");
    expect((await processOrder(loud, orderRequest([[sku, 8]]))).status).toBe(200);
    const runsOf = async (orderId: string) => {
      const [reservation] = await sql<{ id: string }>(
        `SELECT id FROM sys_invocation WHERE target = 'InventoryItem/${sku}/reserve' AND invoked_by_target = 'OrderOrchestrator/${orderId}/processOrder'`,
      );
      const journal = await sql<{ entry_type: string }>(`SELECT entry_type FROM sys_journal WHERE id = '${reservation!.id}'`);
      return journal.filter((e) => e.entry_type === "Command: Run").length;
    };
    expect(await runsOf(quiet)).toBe(0);
    expect(await runsOf(loud)).toBe(1);
  });
});
