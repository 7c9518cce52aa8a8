import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { sql as adminSql } from "../../scripts/lib/admin.ts";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const supplier = () => `${uniqueId("supplier")}@suppliers.test`;

describe("replenishment scan and purchase orders", () => {
  // A scan drafts for every low SKU of the shop: on the shared stack, another file's scan could draft
  // these tests' SKUs before their own does. On a stack of their own, the scans here are the only ones.
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let url: string;
  beforeAll(async () => {
    stack = await ownStack();
    url = stack.restate.ingressUrl;
  }, 60_000);
  afterAll(async () => {
    await stack?.dispose();
  });

  const call = (path: string, body?: unknown) => post(path, body, { url });
  const item = (stock: number, price: number, extra: Record<string, unknown>) => product(stock, price, extra, url);
  const po = (id: string, handler: string, body?: unknown) => call(`/PurchaseOrder/${id}/${handler}`, body);
  /** Sells `units` of a SKU through a real order, so the item's sales window counts them. */
  async function sell(sku: string, units: number) {
    const answer = await processOrder(uniqueId("sale"), orderRequest([[sku, units]]), url);
    expect(answer.status).toBe(200);
  }

  it("drafts one purchase order per supplier for low SKUs, with suggested quantities, and not twice", async () => {
    const acme = supplier();
    const fixed = await item(10, 500, { lowStockThreshold: 5 });
    const moving = await item(20, 800, { lowStockThreshold: 10 });
    const orphan = await item(3, 100, { lowStockThreshold: 5 });
    expect((await call(`/SkuReplenishment/${fixed}/set`, { supplier: acme, reorderQuantity: 25 })).status).toBe(200);
    expect((await call(`/SkuReplenishment/${moving}/set`, { supplier: acme, coverDays: 30 })).status).toBe(200);
    await sell(fixed, 6);
    await sell(moving, 15);

    const report = (await call("/Replenishment/shop/runNow")).body;
    expect(report.low).toEqual(expect.arrayContaining([fixed, moving, orphan]));
    const mine = report.drafted.filter((d: { supplier: string }) => d.supplier === acme);
    expect(mine).toHaveLength(1);
    // fixed: its reorder quantity. moving: 15 sold in 30 days cover 30 days → 15, less the 5 available = 10;
    // at least enough to lift it above its threshold (10 + 1 − 5 = 6).
    expect(mine[0].lines).toEqual(
      expect.arrayContaining([
        { sku: fixed, ordered: 25 },
        { sku: moving, ordered: 10 },
      ]),
    );
    expect(report.skipped).toEqual(expect.arrayContaining([{ sku: orphan, reason: expect.stringMatching(/no supplier/) }]));
    expect((await po(mine[0].id, "get")).body).toMatchObject({ status: "draft", supplier: acme });

    const again = (await call("/Replenishment/shop/runNow")).body;
    expect(again.drafted.filter((d: { supplier: string }) => d.supplier === acme)).toEqual([]);
    expect(again.skipped).toEqual(expect.arrayContaining([{ sku: fixed, reason: "a purchase order is already open" }]));
    const alerts = ((await call("/OperatorInbox/shop/list")).body as Array<{ kind: string; sku?: string; acknowledgedAt?: number }>).filter(
      (a) => a.kind === "low_stock" && a.sku === fixed && a.acknowledgedAt === undefined,
    );
    expect(alerts).toHaveLength(1);
  });

  it("is approved (the supplier is emailed), received in parts exactly once each, and serves waiting backorders", async () => {
    const acme = supplier();
    const sku = await item(2, 700, { lowStockThreshold: 4, allowBackorder: true });
    await call(`/SkuReplenishment/${sku}/set`, { supplier: acme, reorderQuantity: 10 });
    const waiting = processOrder(uniqueId("bo"), orderRequest([[sku, 5]]), url);
    await eventually(
      () => stockOf(sku, url),
      (s) => s.backordered === 5,
    );

    const report = (await call("/Replenishment/shop/runNow")).body;
    const id = report.drafted.find((d: { supplier: string }) => d.supplier === acme).id;
    expect((await po(id, "receive", { reference: "DN-1", lines: [{ sku, quantity: 1 }], by: "clerk" })).status).toBe(409);

    const approved = await po(id, "approve", { by: "admin-1" });
    expect(approved.body).toMatchObject({ status: "ordered" });
    expect(approved.body.events.map((e: { type: string }) => e.type)).toEqual(["drafted", "approved", "ordered"]);
    expect(
      fileLedger(stack.ledgerFile)
        .all()
        .filter((e) => e.op === "send" && e.kind === "purchase_order" && e.to === acme),
    ).toHaveLength(1);
    expect((await po(id, "approve", { by: "admin-1" })).status).toBe(409);

    const first = await po(id, "receive", { reference: "DN-1", lines: [{ sku, quantity: 4 }], by: "clerk" });
    expect(first.body).toMatchObject({ status: "partially_received", lines: [{ sku, ordered: expect.any(Number), received: 4 }] });
    await po(id, "receive", { reference: "DN-1", lines: [{ sku, quantity: 4 }], by: "clerk" });
    // 2 + 4 on hand; the waiting order took 5 of them.
    expect((await waiting).body).toMatchObject({ status: "processing", paymentStatus: "captured" });
    expect(await stockOf(sku, url)).toMatchObject({ onHand: 1, backordered: 0, totals: { restocked: 6 } });

    const ordered = first.body.lines[0].ordered;
    const tooMany = await po(id, "receive", { reference: "DN-2", lines: [{ sku, quantity: ordered }], by: "clerk" });
    expect(tooMany.status).toBe(409);
    const rest = await po(id, "receive", { reference: "DN-2", lines: [{ sku, quantity: ordered - 4 }], by: "clerk" });
    expect(rest.body.status).toBe("received");
    const book = await eventually(
      () => call("/PurchaseOrderBook/shop/list"),
      (a) => a.body.some((s: { id: string; status: string }) => s.id === id && s.status === "received"),
    );
    expect(book.body.find((s: { id: string }) => s.id === id)).toMatchObject({ supplier: acme, skus: [sku] });
  });

  it("cancels an order nothing has arrived for, and refuses one that got goods", async () => {
    const acme = supplier();
    const sku = await item(1, 700, { lowStockThreshold: 3 });
    await call(`/SkuReplenishment/${sku}/set`, { supplier: acme, reorderQuantity: 5 });
    const id = (await call("/Replenishment/shop/runNow")).body.drafted.find((d: { supplier: string }) => d.supplier === acme).id;
    expect((await po(id, "cancel", { by: "admin-1" })).body.status).toBe("cancelled");
    expect((await po(id, "approve", { by: "admin-1" })).status).toBe(409);
    expect((await call(`/PurchaseOrder/${uniqueId("PO-none")}/get`)).status).toBe(404);
  });

  // The scan reads the stock watch: an item is on it while at or below its threshold.
  it("follows items across their threshold on the stock watch", async () => {
    const sku = await item(10, 100, { lowStockThreshold: 3 });
    const onWatch = async (): Promise<boolean> => (await call("/Replenishment/shop/runNow")).body.low.includes(sku);
    expect(await onWatch()).toBe(false);
    await sell(sku, 8);
    expect(await eventually(onWatch, (low) => low)).toBe(true);
    await call(`/InventoryItem/${sku}/restock`, { quantity: 10 });
    expect(await eventually(onWatch, (low) => !low)).toBe(false);
  });
});

describe("the replenishment schedule", () => {
  let server: Awaited<ReturnType<typeof ownRestateServer>>;
  let endpoint: EndpointServer;

  beforeAll(async () => {
    server = await ownRestateServer();
    endpoint = await startEndpointServer({
      port: 0,
      host: "127.0.0.1",
      env: { ...process.env, MOCK_MODE: "true", MOCK_WEBHOOKS: "false", MOCK_LEDGER_FILE: "", REPLENISHMENT_INTERVAL_MS: "1000" },
    });
    await server.register(endpoint.url);
  });

  afterAll(async () => {
    await endpoint?.close();
    await server?.dispose();
  });

  it("runs as one timer chain however often it is started, and keeps ticking", async () => {
    const url = server.ingressUrl;
    const starts = await Promise.all(Array.from({ length: 5 }, () => post("/Replenishment/shop/ensureScheduled", undefined, { url })));
    expect(starts.map((s) => s.status)).toEqual(Array(5).fill(200));
    expect(new Set(starts.map((s) => s.body.nextTickAt)).size).toBe(1);
    /** Ticks waiting for their time: one chain means exactly one. */
    const pending = async () =>
      (
        await adminSql<{ status: string }>(server.adminUrl, "SELECT status FROM sys_invocation WHERE target = 'Replenishment/shop/tick'")
      ).filter((r) => r.status === "scheduled").length;
    expect(await pending()).toBe(1);
    // While the chain ticks, never more than one tick waits (between a tick firing and scheduling the next, none does).
    const seen: number[] = [];
    const status = await eventually(
      async () => {
        seen.push(await pending());
        return post("/Replenishment/shop/status", undefined, { url });
      },
      (a) => a.body.scans >= 2,
      10_000,
    );
    expect(status.body.lastScan).toMatchObject({ low: [], drafted: [] });
    expect(Math.max(...seen)).toBe(1);
  });
});
