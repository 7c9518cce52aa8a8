import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise } from "@restatedev/restate-sdk";
import { z } from "zod";
import { raiseOperatorAlert } from "../alerts/operator-inbox.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";
import { type ReplenishmentView, suggestedQuantity } from "./domain/replenishment.ts";
import type { InventorySettings } from "./inventory-settings.ts";
import { PurchaseOrder } from "./purchase-order.ts";
import { BOOK_KEY, PurchaseOrderBook } from "./purchase-order-book.ts";
import { SkuReplenishment } from "./sku-replenishment.ts";
import { STOCK_WATCH_KEY, StockWatch } from "./stock-watch.ts";

const SCHEDULE = "schedule";
const SCANS = "scans";
const LAST_SCAN = "lastScan";
export const REPLENISHMENT_KEY = "shop";

interface Schedule {
  /** The live timer chain: a tick carrying any other chain id is a leftover and does nothing. */
  chain: string;
  intervalMs: number;
  nextTickAt: number;
}

const ScanReport = z.object({
  scan: z.number().int(),
  at: z.number().int(),
  low: z.array(z.string()).describe("SKUs at or below their threshold"),
  drafted: z.array(
    z.object({ id: z.string(), supplier: z.string(), lines: z.array(z.object({ sku: z.string(), ordered: z.number().int() })) }),
  ),
  skipped: z.array(z.object({ sku: z.string(), reason: z.string() })),
});
type ScanReport = z.infer<typeof ScanReport>;

const Status = z.object({
  intervalMs: z.number().int().nullable(),
  nextTickAt: z.number().int().nullable(),
  scans: z.number().int(),
  lastScan: ScanReport.nullable(),
});

/**
 * The scan: SKUs at or below their threshold get a low-stock alert (one open per SKU), and those with
 * a supplier and no purchase order open yet are drafted into one purchase order per supplier with a
 * suggested quantity (see suggestedQuantity in src/inventory/domain/replenishment.ts). Each SKU's supplier and
 * sales are its own SkuReplenishment/{sku}'s.
 */
async function scan(ctx: ObjectContext, number: number): Promise<ScanReport> {
  const at = await ctx.date.now();
  const low = await ctx.objectClient(StockWatch, STOCK_WATCH_KEY).list();
  const covered = new Set(await ctx.objectClient(PurchaseOrderBook, BOOK_KEY).openSkus());
  const views: ReplenishmentView[] = await RestatePromise.all(low.map((sku) => ctx.objectClient(SkuReplenishment, sku).view()));
  const skipped: ScanReport["skipped"] = [];
  const bySupplier = new Map<string, Array<{ sku: string; name: string; ordered: number }>>();
  for (const view of views) {
    raiseOperatorAlert(ctx, {
      id: `${view.sku}:low-stock:scan-${number}`,
      kind: "low_stock",
      sku: view.sku,
      message: `${view.sku} (${view.name}) is low on stock: ${view.available} available, threshold ${view.threshold}${view.backordered ? `, ${view.backordered} backordered` : ""}`,
    });
    if (covered.has(view.sku)) skipped.push({ sku: view.sku, reason: "a purchase order is already open" });
    else if (!view.settings) skipped.push({ sku: view.sku, reason: "no supplier configured (PUT /admin/inventory/{sku}/replenishment)" });
    else {
      const lines = bySupplier.get(view.settings.supplier) ?? [];
      lines.push({ sku: view.sku, name: view.name, ordered: suggestedQuantity(view) });
      bySupplier.set(view.settings.supplier, lines);
    }
  }
  const drafted = [...bySupplier].map(([supplier, lines], i) => ({ id: `PO-${number}-${i + 1}`, supplier, lines }));
  await RestatePromise.all(
    drafted.map((po) => ctx.objectClient(PurchaseOrder, po.id).createDraft({ supplier: po.supplier, lines: po.lines })),
  );
  const report = {
    scan: number,
    at,
    low,
    drafted: drafted.map(({ id, supplier, lines }) => ({ id, supplier, lines: lines.map(({ sku, ordered }) => ({ sku, ordered })) })),
    skipped,
  };
  ctx.set(LAST_SCAN, report);
  return report;
}

async function nextScanNumber(ctx: ObjectContext): Promise<number> {
  const number = ((await ctx.get<number>(SCANS)) ?? 0) + 1;
  ctx.set(SCANS, number);
  return number;
}

async function status(ctx: ObjectSharedContext) {
  const schedule = await ctx.get<Schedule>(SCHEDULE);
  return {
    intervalMs: schedule?.intervalMs ?? null,
    nextTickAt: schedule?.nextTickAt ?? null,
    scans: (await ctx.get<number>(SCANS)) ?? 0,
    lastScan: await ctx.get<ScanReport>(LAST_SCAN),
  };
}

/**
 * The stock replenishment schedule of the shop: a durable timer chain in Restate (no OS cron), one
 * however many endpoints and API servers run — `ensureScheduled` is idempotent, and a tick from a
 * replaced chain does nothing. An admin can run a scan at any time.
 */
export const replenishmentObject = (rt: Runtime<InventorySettings>) =>
  restate.object({
    name: "Replenishment",
    metadata: { key: "shop" },
    description: "The scheduled low-stock scan that raises alerts and drafts purchase orders.",
    handlers: {
      ensureScheduled: restate.handlers.object.exclusive(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(Status),
          description: "Start the schedule (REPLENISHMENT_INTERVAL_MS) unless it runs already at that interval; idempotent.",
        },
        async (ctx: ObjectContext) => {
          const intervalMs = rt.settings.replenishmentIntervalMs;
          const schedule = await ctx.get<Schedule>(SCHEDULE);
          // A new interval starts a new chain; the old chain's pending tick finds itself replaced.
          if (schedule?.intervalMs !== intervalMs) {
            const chain = ctx.rand.uuidv4();
            ctx.set(SCHEDULE, { chain, intervalMs, nextTickAt: (await ctx.date.now()) + intervalMs });
            ctx.objectSendClient(Replenishment, ctx.key).tick({ chain }, restate.rpc.sendOpts({ delay: intervalMs }));
          }
          return status(ctx);
        },
      ),

      tick: restate.handlers.object.exclusive(
        { input: restate.serde.schema(z.strictObject({ chain: z.string() })), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: { chain: string }) => {
          const schedule = await ctx.get<Schedule>(SCHEDULE);
          if (!schedule || schedule.chain !== input.chain) return;
          await scan(ctx, await nextScanNumber(ctx));
          const nextTickAt = (await ctx.date.now()) + schedule.intervalMs;
          ctx.set(SCHEDULE, { ...schedule, nextTickAt });
          ctx.objectSendClient(Replenishment, ctx.key).tick({ chain: input.chain }, restate.rpc.sendOpts({ delay: schedule.intervalMs }));
        },
      ),

      runNow: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.empty,
          output: restate.serde.schema(ScanReport),
          description: "Scan now (the schedule goes on as planned).",
        },
        async (ctx: ObjectContext) => scan(ctx, await nextScanNumber(ctx)),
      ),

      status: restate.handlers.object.shared(
        { input: restate.serde.empty, output: restate.serde.schema(Status), description: "The schedule and the last scan." },
        status,
      ),
    },
  });

/** The typed handle other handlers call Replenishment by (its name); the endpoint binds {@link replenishmentObject} with its runtime. */
export type Replenishment = ReturnType<typeof replenishmentObject>;
export const Replenishment: Replenishment = { name: "Replenishment" };
