import { describe, expect, it } from "vitest";
import { migrateOrderNumbers } from "../../scripts/lib/migrate-order-numbers.ts";
import { adminUrl, eventually, sql } from "../support/restate.ts";

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
