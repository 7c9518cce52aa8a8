import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../scripts/lib/admin.ts";
import { stockTable } from "../../src/inventory/stock-row.ts";
import { createPool } from "../../src/platform/database/pool.ts";
import { ownStack } from "../support/own-stack.ts";
import { projectedRow } from "../support/projections.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest } from "../support/shop.ts";

/** Long enough that the checks below happen well inside one interval, even on a busy machine. */
const INTERVAL_MS = 4_000;

/**
 * Stock moves are projected at most once per STOCK_PROJECTION_INTERVAL_MS per item, on a stack of its
 * own whose interval is long enough to see the coalescing; and a move pays no clock read for it.
 */
describe("stock projection: coalesced per item, and no clock read inside a reservation", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let pool: pg.Pool;
  const call = (p: string, body?: unknown) => post(p, body, { url: stack.restate.ingressUrl });
  const row = async (sku: string) => (await projectedRow(pool, stockTable, sku)) ?? null;

  beforeAll(async () => {
    stack = await ownStack({ endpointEnv: { STOCK_PROJECTION_INTERVAL_MS: String(INTERVAL_MS) } });
    pool = createPool({ url: stack.postgres.url, poolMax: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 2_000 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await stack?.dispose();
  });

  /** An item whose restock has been projected, so its next move finds no flush pending. */
  async function quietItem(stock: number): Promise<{ sku: string; version: number }> {
    const sku = uniqueId("FLUSH");
    expect((await call(`/InventoryItem/${sku}/upsert`, { name: `Flush ${sku}`, price: 900 })).status).toBe(200);
    expect((await call(`/InventoryItem/${sku}/restock`, { quantity: stock })).status).toBe(200);
    const projected = await eventually(
      () => row(sku),
      (r) => r?.row.onHand === stock,
    );
    return { sku, version: projected!.version };
  }

  const order = (sku: string) => call(`/OrderOrchestrator/${uniqueId("flush-order")}/processOrder`, orderRequest([[sku, 1]]));

  it("moves soon after a projection ride on one flush, an interval after it", async () => {
    const { sku, version } = await quietItem(5);
    const projectedAt = Date.now();
    expect((await order(sku)).status).toBe(200);
    expect((await order(sku)).status).toBe(200);
    // Both orders have sold their unit; the item's first flush came and found the interval not over.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(Date.now() - projectedAt).toBeLessThan(INTERVAL_MS);
    expect((await call(`/InventoryItem/${sku}/get`)).body).toMatchObject({ onHand: 3 });
    expect(await row(sku)).toMatchObject({ version, row: { onHand: 5 } });

    const caughtUp = await eventually(
      () => row(sku),
      (r) => r?.row.onHand === 3,
      INTERVAL_MS + 10_000,
    );
    // One projection for both orders' four moves.
    expect(caughtUp!.version).toBe(version + 1);
  });

  it("an order calls each line's item twice, and neither call reads the clock for an item without a threshold", async () => {
    const items = [await quietItem(2), await quietItem(2)];
    const orderId = uniqueId("floor");
    expect((await call(`/OrderOrchestrator/${orderId}/processOrder`, orderRequest(items.map(({ sku }) => [sku, 1])))).status).toBe(200);
    const calls = await sql<{ id: string; target: string }>(
      stack.restate.adminUrl,
      `SELECT id, target FROM sys_invocation WHERE invoked_by_target = 'OrderOrchestrator/${orderId}/processOrder' AND target_service_name = 'InventoryItem'`,
    );
    expect(calls.map((c) => c.target).sort()).toEqual(
      items.flatMap(({ sku }) => [`InventoryItem/${sku}/commit`, `InventoryItem/${sku}/reserve`]).sort(),
    );
    const entries = await sql<{ entry_type: string }>(
      stack.restate.adminUrl,
      `SELECT entry_type FROM sys_journal WHERE id IN (${calls.map((c) => `'${c.id}'`).join(", ")})`,
    );
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.entry_type.includes("Run"))).toEqual([]);
  });
});
