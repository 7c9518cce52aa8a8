import type { Context, ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { PO_STATUSES, type PurchaseOrder } from "./domain/replenishment.ts";

const SUMMARIES = "summaries";
export const BOOK_KEY = "shop";
/** Received and cancelled orders are history; the book keeps the latest this many. */
const MAX_CLOSED = 500;

export const PurchaseOrderSummary = z.object({
  id: z.string(),
  supplier: z.string(),
  status: z.enum(PO_STATUSES),
  createdAt: z.number().int(),
  skus: z.array(z.string()),
  units: z.number().int().describe("units ordered over all lines"),
});
export type PurchaseOrderSummary = z.infer<typeof PurchaseOrderSummary>;

const closed = (summary: PurchaseOrderSummary) => summary.status === "received" || summary.status === "cancelled";
const newestFirst = (a: PurchaseOrderSummary, b: PurchaseOrderSummary) => b.createdAt - a.createdAt || b.id.localeCompare(a.id);

const summarize = (po: PurchaseOrder): PurchaseOrderSummary => ({
  id: po.id,
  supplier: po.supplier,
  status: po.status,
  createdAt: po.createdAt,
  skus: po.lines.map((l) => l.sku),
  units: po.lines.reduce((sum, l) => sum + l.ordered, 0),
});

/**
 * Every purchase order of the shop at a glance, newest first, and which SKUs already have one open
 * (so the scan does not order the same thing twice). Kept by the orders themselves, one-way.
 */
export const PurchaseOrderBook = restate.object({
  name: "PurchaseOrderBook",
  metadata: { key: "shop" },
  description: "The shop's purchase orders, newest first, and the SKUs with one open.",
  handlers: {
    record: restate.handlers.object.exclusive(
      { input: restate.serde.schema(PurchaseOrderSummary), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, summary: PurchaseOrderSummary) => {
        const all = [summary, ...((await ctx.get<PurchaseOrderSummary[]>(SUMMARIES)) ?? []).filter((s) => s.id !== summary.id)].sort(
          newestFirst,
        );
        const history = new Set(
          all
            .filter(closed)
            .slice(MAX_CLOSED)
            .map((s) => s.id),
        );
        ctx.set(
          SUMMARIES,
          all.filter((s) => !history.has(s.id)),
        );
      },
    ),
    list: restate.handlers.object.shared(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(z.array(PurchaseOrderSummary)),
        description: "Purchase orders, newest first.",
      },
      async (ctx: ObjectSharedContext) => (await ctx.get<PurchaseOrderSummary[]>(SUMMARIES)) ?? [],
    ),
    openSkus: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(z.array(z.string())), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => {
        const summaries = (await ctx.get<PurchaseOrderSummary[]>(SUMMARIES)) ?? [];
        return [...new Set(summaries.filter((s) => !closed(s)).flatMap((s) => s.skus))];
      },
    ),
  },
});

export function recordPurchaseOrder(ctx: Context, po: PurchaseOrder): void {
  ctx.objectSendClient(PurchaseOrderBook, BOOK_KEY).record(summarize(po));
}
