import { z } from "zod";
import { conflict, notFound } from "./errors.ts";
import { currencyCode, minorUnits } from "./money.ts";
import { identifier, positiveQuantity } from "./quantity.ts";
import { freeText } from "./text.ts";

export const UpsertItemInput = z.strictObject({
  name: freeText("name", 200),
  price: minorUnits,
  currency: currencyCode.default("USD"),
  lowStockThreshold: z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000).optional(),
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

export const ReturnInput = z.strictObject({
  orderId: identifier("orderId"),
  quantity: positiveQuantity,
  reference: identifier("reference"),
});
export type ReturnInput = z.infer<typeof ReturnInput>;

export interface LowStockAlert {
  id: number;
  raisedAt: number;
  available: number;
  threshold: number;
}

export interface InventoryState {
  sku: string;
  name: string;
  price: number;
  currency: string;
  onHand: number;
  lowStockThreshold?: number;
  /**
   * orderId → units held for that order. Only open reservations live here, so the value stays
   * small; per-order history (sold, returned, restock references) is kept under its own state keys.
   */
  reservations: Record<string, number>;
  totals: { restocked: number; sold: number; returned: number };
  lowStock: { armed: boolean; alerts: LowStockAlert[] };
}

export interface InventoryView {
  sku: string;
  name: string;
  price: number;
  currency: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number | null;
  lowStock: boolean;
  reservations: Record<string, number>;
  totals: { restocked: number; sold: number; returned: number };
  alerts: LowStockAlert[];
}

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

export function upsertItem(state: InventoryState | null, sku: string, input: UpsertItemInput): InventoryState {
  const base: InventoryState = state ?? {
    sku,
    name: input.name,
    price: input.price,
    currency: input.currency,
    onHand: 0,
    reservations: {},
    totals: { restocked: 0, sold: 0, returned: 0 },
    lowStock: { armed: true, alerts: [] },
  };
  const next: InventoryState = { ...base, name: input.name, price: input.price, currency: input.currency };
  if (input.lowStockThreshold === undefined) delete next.lowStockThreshold;
  else next.lowStockThreshold = input.lowStockThreshold;
  return next;
}

export function restock(state: InventoryState, quantity: number, now: number): InventoryState {
  return watchLowStock(
    { ...state, onHand: state.onHand + quantity, totals: { ...state.totals, restocked: state.totals.restocked + quantity } },
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
    {
      ...state,
      onHand: state.onHand + input.quantity,
      totals: { ...state.totals, returned: state.totals.returned + input.quantity },
    },
    now,
  );
}

export function reserve(
  state: InventoryState,
  input: ReserveInput,
  alreadySold: boolean,
  now: number,
): InventoryState {
  const held = state.reservations[input.orderId];
  if (held !== undefined) {
    if (held === input.quantity) return state;
    throw conflict(
      `order ${input.orderId} already holds ${held} of ${state.sku}; release it before reserving ${input.quantity}`,
    );
  }
  if (alreadySold) {
    throw conflict(`order ${input.orderId} has already bought ${state.sku}; its reservation was committed`);
  }
  const available = availableUnits(state);
  if (input.quantity > available) {
    throw conflict(`insufficient stock for ${state.sku}: requested ${input.quantity}, available ${available}`);
  }
  return watchLowStock({ ...state, reservations: { ...state.reservations, [input.orderId]: input.quantity } }, now);
}

export function release(state: InventoryState, orderId: string, now: number): InventoryState {
  if (!(orderId in state.reservations)) return state;
  const { [orderId]: _released, ...rest } = state.reservations;
  return watchLowStock({ ...state, reservations: rest }, now);
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

/** Raises one alert per downward crossing of the threshold and re-arms once stock is back above it. */
function watchLowStock(state: InventoryState, now: number): InventoryState {
  const threshold = state.lowStockThreshold;
  if (threshold === undefined) return state;
  const available = availableUnits(state);
  if (available > threshold) {
    return state.lowStock.armed ? state : { ...state, lowStock: { ...state.lowStock, armed: true } };
  }
  if (!state.lowStock.armed) return state;
  const last = state.lowStock.alerts.at(-1);
  const alert: LowStockAlert = { id: (last?.id ?? 0) + 1, raisedAt: now, available, threshold };
  return { ...state, lowStock: { armed: false, alerts: [...state.lowStock.alerts, alert].slice(-MAX_ALERTS) } };
}

export function newAlerts(before: InventoryState | null, after: InventoryState): LowStockAlert[] {
  const lastSeen = before?.lowStock.alerts.at(-1)?.id ?? 0;
  return after.lowStock.alerts.filter((a) => a.id > lastSeen);
}

export function view(state: InventoryState): InventoryView {
  const reserved = reservedUnits(state);
  const available = state.onHand - reserved;
  return {
    sku: state.sku,
    name: state.name,
    price: state.price,
    currency: state.currency,
    onHand: state.onHand,
    reserved,
    available,
    lowStockThreshold: state.lowStockThreshold ?? null,
    lowStock: state.lowStockThreshold !== undefined && available <= state.lowStockThreshold,
    reservations: state.reservations,
    totals: state.totals,
    alerts: state.lowStock.alerts,
  };
}
