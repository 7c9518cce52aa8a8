import { z } from "zod";
import { conflict, notFound } from "../../platform/domain/domain-errors.ts";
import { identifier, positiveQuantity } from "../../platform/domain/quantity.ts";

/** Days of recent sales a purchase order covers when a SKU has no fixed reorder quantity. */
export const DEFAULT_COVER_DAYS = 14;

/** Who supplies a SKU and how much to order from them. */
export const ReplenishmentSettings = z.strictObject({
  supplier: z.email("supplier must be the supplier's order email address").max(254),
  /** A fixed quantity per purchase order; without it the quantity follows recent sales (coverDays). */
  reorderQuantity: positiveQuantity.optional(),
  coverDays: z.number().int().min(1, "must be at least 1").max(365).optional().meta({ default: DEFAULT_COVER_DAYS }),
});
export type ReplenishmentSettings = z.infer<typeof ReplenishmentSettings>;

/** Sales are counted per day for the last SALES_WINDOW_DAYS days: the velocity suggestions use. */
export const SALES_WINDOW_DAYS = 30;
export const dayOf = (at: number) => Math.floor(at / 86_400_000);

/** Adds a sale to today's count and forgets days older than the window. */
export function recordSale(sales: Record<string, number>, at: number, units: number): Record<string, number> {
  const today = dayOf(at);
  const kept = Object.fromEntries(Object.entries(sales).filter(([day]) => Number(day) > today - SALES_WINDOW_DAYS));
  return { ...kept, [today]: (kept[today] ?? 0) + units };
}

export const unitsSold = (sales: Record<string, number>, at: number) =>
  Object.entries(sales)
    .filter(([day]) => Number(day) > dayOf(at) - SALES_WINDOW_DAYS)
    .reduce((sum, [, units]) => sum + units, 0);

/** What the scan needs to know about one SKU. */
export const ReplenishmentView = z.object({
  sku: z.string(),
  name: z.string(),
  available: z.number().int(),
  backordered: z.number().int(),
  threshold: z.number().int().nullable(),
  settings: ReplenishmentSettings.nullable(),
  soldInWindow: z.number().int().describe(`units sold in the last ${SALES_WINDOW_DAYS} days`),
});
export type ReplenishmentView = z.infer<typeof ReplenishmentView>;

/**
 * How many units to order: the SKU's fixed reorder quantity, or enough to cover `coverDays` of its
 * recent sales (units sold in the last 30 days ÷ 30 × coverDays, rounded up), and in any case
 * enough to lift availability above the threshold and serve every waiting backorder.
 */
export function suggestedQuantity(view: ReplenishmentView): number {
  const threshold = view.threshold ?? 0;
  const floor = threshold + 1 + view.backordered - view.available;
  const fixed = view.settings?.reorderQuantity;
  const coverDays = view.settings?.coverDays ?? DEFAULT_COVER_DAYS;
  const cover = Math.ceil((view.soldInWindow / SALES_WINDOW_DAYS) * coverDays) + view.backordered - view.available;
  return Math.max(1, floor, fixed ?? cover);
}

// ------------------------------------------------------------------ purchase orders

export const PO_STATUSES = ["draft", "approved", "ordered", "partially_received", "received", "cancelled"] as const;
export type PurchaseOrderStatus = (typeof PO_STATUSES)[number];

export const PurchaseOrderLine = z.object({ sku: z.string(), name: z.string(), ordered: z.number().int(), received: z.number().int() });

export const PurchaseOrder = z.object({
  id: z.string(),
  supplier: z.string(),
  status: z.enum(PO_STATUSES),
  lines: z.array(PurchaseOrderLine),
  createdAt: z.number().int(),
  events: z.array(z.object({ at: z.number().int(), type: z.string(), detail: z.string().optional() })),
  /** Receipt references already booked: each restocks exactly once. */
  receipts: z.array(z.string()),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;

export const DraftInput = z.strictObject({
  supplier: z.string(),
  lines: z.array(z.strictObject({ sku: identifier("sku"), name: z.string(), ordered: positiveQuantity })).min(1),
});
export type DraftInput = z.infer<typeof DraftInput>;

export const ActorInput = z.strictObject({ by: identifier("by").describe("who acts (an admin's id), for the purchase order's log") });

export const ReceiveInput = z.strictObject({
  reference: identifier("reference").describe("the delivery note or receipt number: a receipt booked twice restocks once"),
  lines: z
    .array(z.strictObject({ sku: identifier("sku"), quantity: positiveQuantity }))
    .min(1, "lines must name at least one SKU")
    .max(500),
  by: identifier("by"),
});
export type ReceiveInput = z.infer<typeof ReceiveInput>;

export function requirePurchaseOrder(po: PurchaseOrder | null, id: string): PurchaseOrder {
  if (!po) throw notFound(`purchase order ${id} not found`);
  return po;
}

const log = (po: PurchaseOrder, at: number, type: string, detail?: string): PurchaseOrder => ({
  ...po,
  events: [...po.events, detail === undefined ? { at, type } : { at, type, detail }],
});

export function newPurchaseOrder(id: string, input: DraftInput, at: number): PurchaseOrder {
  return log(
    {
      id,
      supplier: input.supplier,
      status: "draft",
      lines: input.lines.map((l) => ({ ...l, received: 0 })),
      createdAt: at,
      events: [],
      receipts: [],
    },
    at,
    "drafted",
    input.lines.map((l) => `${l.ordered} × ${l.sku}`).join(", "),
  );
}

/** draft → approved → ordered (the supplier has been emailed). */
export function approve(po: PurchaseOrder, by: string, at: number): PurchaseOrder {
  if (po.status !== "draft") throw conflict(`purchase order ${po.id} is ${po.status}; only a draft can be approved`);
  return log({ ...po, status: "approved" }, at, "approved", `by ${by}`);
}

export function markOrdered(po: PurchaseOrder, at: number, detail: string): PurchaseOrder {
  if (po.status !== "approved") return po;
  return log({ ...po, status: "ordered" }, at, "ordered", detail);
}

/** Units arrive: never more than was ordered per line; partial receipts move to partially_received. */
export function receive(po: PurchaseOrder, input: ReceiveInput, at: number): PurchaseOrder {
  if (po.status !== "ordered" && po.status !== "partially_received") {
    throw conflict(`purchase order ${po.id} is ${po.status}; goods can be received once it was ordered`);
  }
  const lines = po.lines.map((line) => ({ ...line }));
  for (const got of input.lines) {
    const line = lines.find((l) => l.sku === got.sku);
    if (!line) throw conflict(`lines: purchase order ${po.id} has no line for ${got.sku}`);
    if (line.received + got.quantity > line.ordered) {
      throw conflict(`lines: ${got.sku} was ordered ${line.ordered}, ${line.received} already received; ${got.quantity} more is too many`);
    }
    line.received += got.quantity;
  }
  const complete = lines.every((l) => l.received === l.ordered);
  const detail = `${input.reference} by ${input.by}: ${input.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ")}`;
  return log(
    { ...po, lines, status: complete ? "received" : "partially_received", receipts: [...po.receipts, input.reference] },
    at,
    "received",
    detail,
  );
}

export function cancel(po: PurchaseOrder, by: string, at: number): PurchaseOrder {
  if (po.status === "cancelled") return po;
  if (po.status === "partially_received" || po.status === "received") {
    throw conflict(`purchase order ${po.id} is ${po.status}; goods already arrived, it can no longer be cancelled`);
  }
  return log({ ...po, status: "cancelled" }, at, "cancelled", `by ${by}`);
}

/** Units of one SKU sold by one commit, as the item tells its replenishment (one way). */
export const SaleInput = z.strictObject({ units: positiveQuantity });
export type SaleInput = z.infer<typeof SaleInput>;
