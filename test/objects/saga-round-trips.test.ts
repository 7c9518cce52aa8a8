import { describe, expect, it } from "vitest";
import { newCustomer } from "../support/api.ts";
import { awaitedRoundTrips, journalOf } from "../support/journal.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product } from "../support/shop.ts";

describe("a paid order's waits", () => {
  it("are four for a 1-line order with a card: admission, authorize, commit ‖ label, capture", async () => {
    const account = await newCustomer();
    const sku = await product(10, 1500);
    const orderId = uniqueId("trips");
    const answer = await processOrder(orderId, { ...orderRequest([[sku, 1]]), customerId: account.id, paymentMethod: "pm_card_visa" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    const journal = await journalOf(`OrderOrchestrator/${orderId}/processOrder`);
    const awaited = journal.filter((e) => e.entry_type === "Command: Run").map((e) => e.name);
    expect(awaited).toEqual(["quote", "authorize", "label", "capture"]);
    expect(awaitedRoundTrips(journal)).toBe(4);
    // The confirmation email is off that path: one way, after the answer, sent once.
    expect(
      await eventually(
        () => orderOf(orderId),
        (o) => o.notifications.length > 0,
      ),
    ).toMatchObject({ notifications: [{ kind: "order_confirmation", status: "sent" }] });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1, "email:order_confirmation": 1 });
  });
});
