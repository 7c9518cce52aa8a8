import { z } from "zod";
import { ProductView, UpsertProductInput } from "../../catalog/domain/product.ts";
import { conflict, notFound } from "../../platform/domain/domain-errors.ts";
import { identifier, positiveQuantity } from "../../platform/domain/quantity.ts";

const threshold = z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000);

/** How the stock of a SKU is kept: when it counts as low, and whether orders beyond it wait for a restock. */
export const StockSettings = z.strictObject({
  lowStockThreshold: threshold.nullable().optional().describe("null: no threshold"),
  /** Accept orders beyond the stock on hand; they wait, first come first served, for a restock. */
  allowBackorder: z.boolean().optional(),
});
export type StockSettings = z.infer<typeof StockSettings>;

/**
 * The seed and trusted clients' one call for a SKU (InventoryItem/{sku}/upsert): its catalog data,
 * which the item hands to Product/{sku}, and its stock settings, which it keeps.
 */
export const UpsertItemInput = UpsertProductInput.extend({
  lowStockThreshold: threshold.optional(),
  allowBackorder: z.boolean().optional().meta({ default: false }),
});
export type UpsertItemInput = z.infer<typeof UpsertItemInput>;

export const RestockInput = z.strictObject({
  quantity: positiveQuantity,
  reference: identifier("reference").optional(),
});
export type RestockInput = z.infer<typeof RestockInput>;

export const ReserveInput = z.strictObject({
  orderId: identifier("orderId"),
  quantity: positiveQuantity,
});
export type ReserveInput = z.infer<typeof ReserveInput>;

export const OrderRefInput = z.strictObject({ orderId: identifier("orderId") });
export type OrderRefInput = z.infer<typeof OrderRefInput>;

export const AwaitAllocationInput = z.strictObject({ orderId: identifier("orderId"), awakeableId: z.string().min(1).max(200) });
export type AwaitAllocationInput = z.infer<typeof AwaitAllocationInput>;

export const ReturnInput = z.strictObject({
  orderId: identifier("orderId"),
  quantity: positiveQuantity,
  reference: identifier("reference"),
});
export type ReturnInput = z.infer<typeof ReturnInput>;

export const LowStockAlert = z.object({
  id: z.number().int(),
  raisedAt: z.number().int(),
  available: z.number().int(),
  threshold: z.number().int(),
});
export type LowStockAlert = z.infer<typeof LowStockAlert>;

/** The stock of one SKU (its catalog data is Product/{sku}'s). */
export interface InventoryState {
  sku: string;
  onHand: number;
  lowStockThreshold?: number;
  /**
   * orderId → units held for that order. Only open reservations live here, so the value stays
   * small; per-order history (sold, returned, restock references) is kept under its own state keys.
   */
  reservations: Record<string, number>;
  allowBackorder?: boolean;
  /** Orders waiting for units that are not there yet, oldest first; restocks serve them in this order. */
  backorders?: Array<{ orderId: string; quantity: number }>;
  totals: { restocked: number; sold: number; returned: number };
  lowStock: { armed: boolean; alerts: LowStockAlert[] };
  /** A flush of the item's projection is scheduled, and when the last one ran (src/inventory/inventory-item.ts). */
  projectionPending?: true;
  projectedAt?: number;
}

const StockTotals = z.object({ restocked: z.number().int(), sold: z.number().int(), returned: z.number().int() });

/** What the item's handlers answer: its stock levels. */
export const StockView = z.object({
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int().describe("onHand - reserved"),
  lowStockThreshold: z.number().int().nullable(),
  lowStock: z.boolean(),
  reservations: z.record(z.string(), z.number().int()).describe("orderId → units held"),
  allowBackorder: z.boolean(),
  backordered: z.number().int().describe("units ordered beyond stock, waiting for a restock"),
  totals: StockTotals,
  alerts: z.array(LowStockAlert),
});
export type StockView = z.infer<typeof StockView>;

/** A whole SKU, its catalog data (Product/{sku}) and its stock (InventoryItem/{sku}), for the answers that show both. */
export const ItemView = ProductView.extend(StockView.shape);
export type ItemView = z.infer<typeof ItemView>;

export const itemView = (product: ProductView, stock: StockView): ItemView => ({ ...product, ...stock });

/**
 * How a reservation went: reserved; backordered (queued for the next restock); insufficient
 * (nothing held). The price and whether the product is for sale are Product/{sku}'s to say.
 */
export const ReserveResult = z.object({
  sku: z.string(),
  orderId: z.string(),
  quantity: z.number().int(),
  status: z.enum(["reserved", "backordered", "insufficient"]),
  available: z.number().int(),
});
export type ReserveResult = z.infer<typeof ReserveResult>;

export const CommitResult = z.object({ sku: z.string(), orderId: z.string(), sold: z.number().int() });
export type CommitResult = z.infer<typeof CommitResult>;

/** Old alerts are history; the item only needs enough of them for an operator to see a trend. */
const MAX_ALERTS = 20;

export function reservedUnits(state: InventoryState): number {
  return Object.values(state.reservations).reduce((sum, q) => sum + q, 0);
}

export function availableUnits(state: InventoryState): number {
  return state.onHand - reservedUnits(state);
}

export function requireItem(state: InventoryState | null, sku: string): InventoryState {
  if (!state) throw notFound(`unknown SKU ${sku}: it has never been configured (call upsert first)`);
  return state;
}

/**
 * Sets how the stock is kept: the settings given replace theirs (a null threshold clears it); a SKU
 * without stock yet starts with none on hand.
 */
export function applyStockSettings(state: InventoryState | null, sku: string, settings: StockSettings): InventoryState {
  const next: InventoryState = state
    ? { ...state }
    : { sku, onHand: 0, reservations: {}, totals: { restocked: 0, sold: 0, returned: 0 }, lowStock: { armed: true, alerts: [] } };
  if (settings.allowBackorder === true) next.allowBackorder = true;
  else if (settings.allowBackorder === false) delete next.allowBackorder;
  if (settings.lowStockThreshold === null) delete next.lowStockThreshold;
  else if (settings.lowStockThreshold !== undefined) next.lowStockThreshold = settings.lowStockThreshold;
  return next;
}

export function restock(state: InventoryState, quantity: number, now: number): InventoryState {
  return watchLowStock(
    rearmIfRecovered({
      ...state,
      onHand: state.onHand + quantity,
      totals: { ...state.totals, restocked: state.totals.restocked + quantity },
    }),
    now,
  );
}

/** Units a customer sent back for an order become sellable again; never more than the order bought. */
export function returnUnits(
  state: InventoryState,
  input: ReturnInput,
  history: { sold: number; returned: number },
  now: number,
): InventoryState {
  const returnable = history.sold - history.returned;
  if (input.quantity > returnable) {
    throw conflict(
      `cannot return ${input.quantity} of ${state.sku} for order ${input.orderId}: only ${returnable} sold and not yet returned`,
    );
  }
  return watchLowStock(
    rearmIfRecovered({
      ...state,
      onHand: state.onHand + input.quantity,
      totals: { ...state.totals, returned: state.totals.returned + input.quantity },
    }),
    now,
  );
}

export type ReserveStatus = ReserveResult["status"];

/**
 * Holds stock for an order, or says why not. An order asking again for what it already holds (or
 * already queued) gets the same answer; asking for a different quantity is a caller's bug (409).
 */
export function reserve(
  state: InventoryState,
  input: ReserveInput,
  alreadySold: boolean,
  now: number,
): { state: InventoryState; status: ReserveStatus } {
  const held = state.reservations[input.orderId] ?? state.backorders?.find((b) => b.orderId === input.orderId)?.quantity;
  if (held !== undefined) {
    if (held !== input.quantity) {
      throw conflict(`order ${input.orderId} already holds ${held} of ${state.sku}; release it before reserving ${input.quantity}`);
    }
    return { state, status: input.orderId in state.reservations ? "reserved" : "backordered" };
  }
  if (alreadySold) {
    throw conflict(`order ${input.orderId} has already bought ${state.sku}; its reservation was committed`);
  }
  if (input.quantity <= availableUnits(state)) {
    return {
      state: watchLowStock({ ...state, reservations: { ...state.reservations, [input.orderId]: input.quantity } }, now),
      status: "reserved",
    };
  }
  if (!state.allowBackorder) return { state, status: "insufficient" };
  return {
    state: { ...state, backorders: [...(state.backorders ?? []), { orderId: input.orderId, quantity: input.quantity }] },
    status: "backordered",
  };
}

/**
 * Units that arrived go to waiting backorders, oldest first, each in full: an order is served only
 * once all of its units are there, and no later order jumps the queue. Returns who was served.
 */
export function allocateBackorders(state: InventoryState, now: number): { state: InventoryState; served: string[] } {
  const queue = [...(state.backorders ?? [])];
  const served: string[] = [];
  let next = state;
  while (queue.length > 0 && queue[0]!.quantity <= availableUnits(next)) {
    const head = queue.shift()!;
    next = { ...next, reservations: { ...next.reservations, [head.orderId]: head.quantity } };
    served.push(head.orderId);
  }
  if (served.length === 0) return { state, served };
  return { state: watchLowStock({ ...next, backorders: queue }, now), served };
}

/** At or below its low-stock threshold: what the replenishment scan looks for. */
export const isLow = (state: InventoryState) => state.lowStockThreshold !== undefined && availableUnits(state) <= state.lowStockThreshold;

export const backorderedUnits = (state: InventoryState) => (state.backorders ?? []).reduce((sum, b) => sum + b.quantity, 0);

/** Drops an order's reservation or its place in the backorder queue; unknown orders change nothing. */
export function release(state: InventoryState, orderId: string, now: number): InventoryState {
  const queued = state.backorders?.some((b) => b.orderId === orderId) ?? false;
  if (!(orderId in state.reservations) && !queued) return state;
  const { [orderId]: _released, ...rest } = state.reservations;
  const next: InventoryState = { ...state, reservations: rest };
  if (queued) next.backorders = state.backorders!.filter((b) => b.orderId !== orderId);
  return watchLowStock(next, now);
}

/** The reservation becomes a sale: on-hand drops. Returns how many units were sold, 0 if nothing was held. */
export function commit(state: InventoryState, orderId: string): { state: InventoryState; sold: number } {
  const held = state.reservations[orderId];
  if (held === undefined) return { state, sold: 0 };
  const { [orderId]: _committed, ...rest } = state.reservations;
  return {
    state: {
      ...state,
      onHand: state.onHand - held,
      reservations: rest,
      totals: { ...state.totals, sold: state.totals.sold + held },
    },
    sold: held,
  };
}

/**
 * Raises one alert when available stock falls to the threshold, then stays quiet until the stock has
 * recovered (see rearmIfRecovered). Reservations that come and go around the threshold — carts
 * checking out and failing — are not news: only goods arriving end the low-stock episode.
 */
function watchLowStock(state: InventoryState, now: number): InventoryState {
  const threshold = state.lowStockThreshold;
  if (threshold === undefined) return state;
  const available = availableUnits(state);
  if (available > threshold || !state.lowStock.armed) return state;
  const last = state.lowStock.alerts.at(-1);
  const alert: LowStockAlert = { id: (last?.id ?? 0) + 1, raisedAt: now, available, threshold };
  return { ...state, lowStock: { armed: false, alerts: [...state.lowStock.alerts, alert].slice(-MAX_ALERTS) } };
}

/** Units arriving (a restock, a return) that lift availability above the threshold end the episode. */
function rearmIfRecovered(state: InventoryState): InventoryState {
  const threshold = state.lowStockThreshold;
  if (state.lowStock.armed || threshold === undefined || availableUnits(state) <= threshold) return state;
  return { ...state, lowStock: { ...state.lowStock, armed: true } };
}

export function newAlerts(before: InventoryState | null, after: InventoryState): LowStockAlert[] {
  const lastSeen = before?.lowStock.alerts.at(-1)?.id ?? 0;
  return after.lowStock.alerts.filter((a) => a.id > lastSeen);
}

export function view(state: InventoryState): StockView {
  const reserved = reservedUnits(state);
  return {
    sku: state.sku,
    onHand: state.onHand,
    reserved,
    available: state.onHand - reserved,
    lowStockThreshold: state.lowStockThreshold ?? null,
    lowStock: isLow(state),
    reservations: state.reservations,
    allowBackorder: state.allowBackorder ?? false,
    backordered: backorderedUnits(state),
    totals: state.totals,
    alerts: state.lowStock.alerts,
  };
}
