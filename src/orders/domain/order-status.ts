import { conflict } from "../../platform/domain/domain-errors.ts";

export const ORDER_STATUSES = [
  "pending",
  "review",
  "confirmed",
  "backordered",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
  "refunded",
  "cancelled",
  "failed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ["pending", "authorized", "captured", "partially_refunded", "refunded", "failed", "voided"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Forward edges only: an order never moves back to an earlier state. */
const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["review", "confirmed", "failed", "cancelled"],
  // Risk review: authorized, nothing ships until an admin approves (confirmed) or rejects (cancelled).
  review: ["confirmed", "failed", "cancelled"],
  confirmed: ["backordered", "processing", "cancelled", "failed"],
  backordered: ["processing", "cancelled", "failed"],
  processing: ["shipped", "delivered", "cancelled", "failed", "partially_refunded", "refunded"],
  shipped: ["delivered", "partially_refunded", "refunded"],
  delivered: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  cancelled: [],
  failed: [],
};

const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ["authorized", "captured", "failed", "voided"],
  authorized: ["captured", "voided", "failed"],
  captured: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  failed: [],
  voided: [],
};

export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ["delivered", "refunded", "cancelled", "failed"];

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function moveOrder(from: OrderStatus, to: OrderStatus, name: string): OrderStatus {
  if (!canMoveOrder(from, to)) throw conflict(`order ${name} is ${from}; it cannot become ${to}`);
  return to;
}

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function movePayment(from: PaymentStatus, to: PaymentStatus, name: string): PaymentStatus {
  if (!canMovePayment(from, to)) throw conflict(`payment of order ${name} is ${from}; it cannot become ${to}`);
  return to;
}

/**
 * The carrier's tracking status (Shippo's values) moves forward only, like the order's: a parcel
 * delivered or returned stays so, UNKNOWN ("the carrier has no news") never replaces a known status,
 * and a FAILURE (a failed delivery attempt) may be followed by another attempt.
 */
const TRACKING_TRANSITIONS: Record<string, readonly string[]> = {
  UNKNOWN: ["PRE_TRANSIT", "TRANSIT", "DELIVERED", "RETURNED", "FAILURE"],
  PRE_TRANSIT: ["TRANSIT", "DELIVERED", "RETURNED", "FAILURE"],
  TRANSIT: ["DELIVERED", "RETURNED", "FAILURE"],
  FAILURE: ["TRANSIT", "DELIVERED", "RETURNED"],
  DELIVERED: [],
  RETURNED: [],
};

/** `from` undefined: no tracking yet. A status Shippo does not define never becomes the order's. */
export function canMoveTracking(from: string | undefined, to: string): boolean {
  return TRACKING_TRANSITIONS[from ?? "UNKNOWN"]?.includes(to) ?? false;
}

/** Statuses in which the goods have not left the warehouse, so a cancel is still possible. */
export function isCancellable(status: OrderStatus): boolean {
  return status === "pending" || status === "review" || status === "confirmed" || status === "backordered" || status === "processing";
}
