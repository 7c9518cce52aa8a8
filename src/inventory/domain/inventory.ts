import { z } from "zod";
import {
  assertForSale,
  CatalogFields,
  type CreateProductInput,
  checkCompareAtPrice,
  PRODUCT_STATUSES,
  type ProductPatch,
  type ProductStatus,
} from "../../catalog/domain/catalog.ts";
import { conflict, notFound } from "../../platform/domain/domain-errors.ts";
import { currencyCode, minorUnits } from "../../platform/domain/money.ts";
import { identifier, positiveQuantity } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";

export const DEFAULT_CURRENCY = "USD";

export const UpsertItemInput = z.strictObject({
  name: freeText("name", 200),
  price: minorUnits,
  currency: currencyCode.optional().meta({ default: DEFAULT_CURRENCY }),
  lowStockThreshold: z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000).optional(),
  /** Accept orders beyond the stock on hand; they wait, first come first served, for a restock. */
  allowBackorder: z.boolean().optional().meta({ default: false }),
  ...CatalogFields.shape,
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
  /** The unit price the caller expects; when the catalog says otherwise nothing is reserved. */
  expectedPrice: minorUnits.optional(),
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
  allowBackorder?: boolean;
  /** Orders waiting for units that are not there yet, oldest first; restocks serve them in this order. */
  backorders?: Array<{ orderId: string; quantity: number }>;
  totals: { restocked: number; sold: number; returned: number };
  lowStock: { armed: boolean; alerts: LowStockAlert[] };
  /**
   * The catalog: a stable product id (drawn with ctx.rand), the slug this item holds the claim of,
   * and what shoppers see. Items from before the catalog get id and slug with their next upsert;
   * until then, and without a status, they count as active.
   */
  productId?: string;
  slug?: string;
  description?: string;
  category?: string;
  images?: string[];
  compareAtPrice?: number;
  status?: ProductStatus;
  createdAt?: number;
  /** A flush of the item's projection is scheduled, and when the last one ran (src/inventory/inventory-item.ts). */
  projectionPending?: true;
  projectedAt?: number;
}

const StockTotals = z.object({ restocked: z.number().int(), sold: z.number().int(), returned: z.number().int() });

/** What the item's handlers answer: product data and stock levels. */
export const InventoryView = z.object({
  sku: z.string(),
  name: z.string(),
  price: z.number().int().describe("integer minor units"),
  currency: z.string(),
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
  productId: z.string().nullable(),
  slug: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable().describe("category slug"),
  images: z.array(z.string()),
  compareAtPrice: z.number().int().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  createdAt: z.number().int().nullable().describe("when the product was created (epoch ms)"),
});
export type InventoryView = z.infer<typeof InventoryView>;

/**
 * How a reservation went, with the catalog data the order is priced from, so the saga needs no
 * separate read: reserved; backordered (queued for the next restock); insufficient (nothing held);
 * price_changed (the caller expected another price: nothing held).
 */
export const ReserveResult = z.object({
  sku: z.string(),
  orderId: z.string(),
  quantity: z.number().int(),
  status: z.enum(["reserved", "backordered", "insufficient", "price_changed"]),
  available: z.number().int(),
  name: z.string(),
  price: z.number().int(),
  currency: z.string(),
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

/** Who the item is in the catalog: its id, and the slug whose claim it holds. */
export interface ProductIdentity {
  productId: string;
  slug: string;
  now: number;
}

/**
 * Creates or replaces the product data (stock is untouched). Today's callers send name and price
 * only: the catalog fields they leave out keep their values, and a new item is active.
 */
export function upsertItem(state: InventoryState | null, sku: string, input: UpsertItemInput, identity: ProductIdentity): InventoryState {
  checkCompareAtPrice(input.price, input.compareAtPrice ?? state?.compareAtPrice);
  const next = replaceBasics(state, sku, input);
  next.productId = state?.productId ?? identity.productId;
  next.slug = identity.slug;
  next.createdAt = state?.createdAt ?? identity.now;
  next.status = input.status ?? state?.status ?? "active";
  if (input.description !== undefined) next.description = input.description;
  if (input.category !== undefined) next.category = input.category;
  if (input.images !== undefined) next.images = input.images;
  if (input.compareAtPrice !== undefined) next.compareAtPrice = input.compareAtPrice;
  return next;
}

function replaceBasics(
  state: InventoryState | null,
  sku: string,
  input: Pick<UpsertItemInput, "name" | "price" | "currency" | "allowBackorder" | "lowStockThreshold">,
): InventoryState {
  const base: InventoryState = state ?? {
    sku,
    name: input.name,
    price: input.price,
    currency: input.currency ?? DEFAULT_CURRENCY,
    onHand: 0,
    reservations: {},
    totals: { restocked: 0, sold: 0, returned: 0 },
    lowStock: { armed: true, alerts: [] },
  };
  const next: InventoryState = { ...base, name: input.name, price: input.price, currency: input.currency ?? DEFAULT_CURRENCY };
  if (input.allowBackorder) next.allowBackorder = true;
  else delete next.allowBackorder;
  if (input.lowStockThreshold === undefined) delete next.lowStockThreshold;
  else next.lowStockThreshold = input.lowStockThreshold;
  return next;
}

/** A product an admin creates: the catalog data, no stock yet. */
export function newProduct(sku: string, input: CreateProductInput, identity: ProductIdentity): InventoryState {
  checkCompareAtPrice(input.price, input.compareAtPrice);
  const next = replaceBasics(null, sku, input);
  next.productId = identity.productId;
  next.slug = identity.slug;
  next.createdAt = identity.now;
  next.status = input.status ?? "draft";
  if (input.description !== undefined) next.description = input.description;
  if (input.category !== undefined) next.category = input.category;
  if (input.images !== undefined) next.images = input.images;
  if (input.compareAtPrice !== undefined) next.compareAtPrice = input.compareAtPrice;
  return next;
}

/** An admin's change: the fields given replace theirs, null clears an optional one; stock is untouched. */
export function patchProduct(state: InventoryState, patch: ProductPatch, slug: string): InventoryState {
  const next: InventoryState = { ...state, slug };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.currency !== undefined) next.currency = patch.currency;
  if (patch.status !== undefined) next.status = patch.status;
  if (patch.images !== undefined) next.images = patch.images;
  if (patch.allowBackorder !== undefined) {
    if (patch.allowBackorder) next.allowBackorder = true;
    else delete next.allowBackorder;
  }
  const clearable = {
    description: patch.description,
    category: patch.category,
    compareAtPrice: patch.compareAtPrice,
    lowStockThreshold: patch.lowStockThreshold,
  };
  for (const [field, value] of Object.entries(clearable) as Array<[keyof typeof clearable, string | number | null | undefined]>) {
    if (value === null) delete next[field];
    else if (value !== undefined) (next as Record<typeof field, string | number>)[field] = value;
  }
  checkCompareAtPrice(next.price, next.compareAtPrice);
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
  assertForSale(state.sku, state.status);
  if (input.expectedPrice !== undefined && input.expectedPrice !== state.price) return { state, status: "price_changed" };
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
    lowStock: isLow(state),
    reservations: state.reservations,
    allowBackorder: state.allowBackorder ?? false,
    backordered: backorderedUnits(state),
    totals: state.totals,
    alerts: state.lowStock.alerts,
    productId: state.productId ?? null,
    slug: state.slug ?? null,
    description: state.description ?? null,
    category: state.category ?? null,
    images: state.images ?? [],
    compareAtPrice: state.compareAtPrice ?? null,
    status: state.status ?? "active",
    createdAt: state.createdAt ?? null,
  };
}
