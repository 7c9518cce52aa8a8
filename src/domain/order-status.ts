import { conflict } from "./errors.ts";

export const ORDER_STATUSES = [
  "pending",
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

export const PAYMENT_STATUSES = [
  "pending",
  "authorized",
  "captured",
  "partially_refunded",
  "refunded",
  "failed",
  "voided",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Forward edges only: an order never moves back to an earlier state. */
const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["confirmed", "failed", "cancelled"],
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

export function moveOrder(from: OrderStatus, to: OrderStatus, orderId: string): OrderStatus {
  if (!canMoveOrder(from, to)) throw conflict(`order ${orderId} is ${from}; it cannot become ${to}`);
  return to;
}

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function movePayment(from: PaymentStatus, to: PaymentStatus, orderId: string): PaymentStatus {
  if (!canMovePayment(from, to)) throw conflict(`payment of order ${orderId} is ${from}; it cannot become ${to}`);
  return to;
}

/** Statuses in which the goods have not left the warehouse, so a cancel is still possible. */
export function isCancellable(status: OrderStatus): boolean {
  return status === "pending" || status === "confirmed" || status === "backordered" || status === "processing";
}
