import { conflict, invalid } from "./errors.ts";
import { MAX_MINOR_UNITS } from "./money.ts";
import type { Customer, ShippingAddress } from "./order-input.ts";
import { isCancellable, moveOrder, movePayment, type OrderStatus, type PaymentStatus } from "./order-status.ts";

export interface CatalogEntry {
  name: string;
  price: number;
  currency: string;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface OrderEvent {
  at: number;
  type: string;
  detail?: string;
}

export interface RefundRecord {
  n: number;
  refundId: string;
  amount: number;
  reason: string;
  at: number;
  returnedItems: boolean;
}

export interface PaymentRecord {
  paymentIntentId?: string;
  amountAuthorized: number;
  amountCaptured: number;
  amountRefunded: number;
  refunds: RefundRecord[];
  failureReason?: string;
}

export interface ShipmentRecord {
  method: "standard" | "express";
  carrier?: string;
  service?: string;
  rateId?: string;
  cost?: { amount: number; currency: string };
  labelId?: string;
  labelUrl?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  trackingStatus?: string;
  trackingHistory: Array<{ status: string; details: string; at: string }>;
}

export interface NotificationRecord {
  kind: string;
  dedupKey: string;
  status: "sent" | "failed" | "delivered" | "bounced" | "dropped" | "spam_report";
  at: number;
  messageId?: string;
  detail?: string;
}

export interface Order {
  orderId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  cartId?: string;
  customer: Customer;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  items: OrderLine[];
  currency: string;
  subtotal: number;
  total: number;
  payment: PaymentRecord;
  shipment: ShipmentRecord;
  notifications: NotificationRecord[];
  events: OrderEvent[];
  failureReason?: string;
  /** HTTP status of the failure, replayed to a caller who asks again. */
  failureCode?: number;
  cancelReason?: string;
  createdAt: number;
  updatedAt: number;
}

export interface OrderResult {
  orderId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  paymentIntentId: string | null;
  trackingNumber: string | null;
  total: number;
  currency: string;
  message: string;
}

export interface RequestedLine {
  productId: string;
  quantity: number;
  price?: number | undefined;
}

/** Two lines of one SKU are one demand on stock: merge them, keeping any price the client sent. */
export function mergeLines(items: RequestedLine[]): RequestedLine[] {
  const merged = new Map<string, RequestedLine>();
  for (const item of items) {
    const seen = merged.get(item.productId);
    if (!seen) {
      merged.set(item.productId, { ...item });
      continue;
    }
    if (seen.price !== undefined && item.price !== undefined && seen.price !== item.price) {
      throw invalid(`items: two lines for ${item.productId} carry different prices (${seen.price} and ${item.price})`);
    }
    seen.quantity += item.quantity;
    seen.price ??= item.price;
  }
  return [...merged.values()];
}

/** Prices lines from the catalog (the server is the source of truth for prices). */
export function priceLines(
  lines: RequestedLine[],
  catalog: Record<string, CatalogEntry>,
  expectedCurrency?: string,
): { items: OrderLine[]; currency: string; subtotal: number } {
  const items: OrderLine[] = [];
  let currency: string | undefined = expectedCurrency;
  for (const line of lines) {
    const entry = catalog[line.productId];
    if (!entry) throw invalid(`items: unknown productId ${line.productId}`);
    if (line.price !== undefined && line.price !== entry.price) {
      throw conflict(
        `price mismatch for ${line.productId}: the request says ${line.price}, the catalog price is ${entry.price} ${entry.currency}`,
      );
    }
    if (currency !== undefined && currency !== entry.currency) {
      throw conflict(`currency mismatch: ${line.productId} is priced in ${entry.currency}, the order is in ${currency}`);
    }
    currency = entry.currency;
    items.push({
      sku: line.productId,
      name: entry.name,
      quantity: line.quantity,
      unitPrice: entry.price,
      lineTotal: entry.price * line.quantity,
    });
  }
  // Exact even where a sum of numbers would no longer be: the check must hold for any input it refuses.
  const total = items.reduce((sum, item) => sum + BigInt(item.unitPrice) * BigInt(item.quantity), 0n);
  if (total > BigInt(MAX_MINOR_UNITS)) {
    throw invalid(
      `items: the order total of ${total} minor units of ${currency ?? "USD"} exceeds ${MAX_MINOR_UNITS}, the most one payment can charge; split the order`,
    );
  }
  return { items, currency: currency ?? "USD", subtotal: Number(total) };
}

export function newOrder(init: {
  orderId: string;
  cartId?: string | undefined;
  customer: Customer;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  shippingMethod: "standard" | "express";
  items: OrderLine[];
  currency: string;
  subtotal: number;
  now: number;
}): Order {
  const order: Order = {
    orderId: init.orderId,
    status: "pending",
    paymentStatus: "pending",
    customer: init.customer,
    shippingAddress: init.shippingAddress,
    paymentMethod: init.paymentMethod,
    items: init.items,
    currency: init.currency,
    subtotal: init.subtotal,
    total: init.subtotal,
    payment: { amountAuthorized: 0, amountCaptured: 0, amountRefunded: 0, refunds: [] },
    shipment: { method: init.shippingMethod, trackingHistory: [] },
    notifications: [],
    events: [{ at: init.now, type: "order_created", detail: `${init.items.length} line(s), total ${init.subtotal} ${init.currency}` }],
    createdAt: init.now,
    updatedAt: init.now,
  };
  if (init.cartId !== undefined) order.cartId = init.cartId;
  return order;
}

export function record(order: Order, at: number, type: string, detail?: string): Order {
  const event: OrderEvent = detail === undefined ? { at, type } : { at, type, detail };
  return { ...order, events: [...order.events, event], updatedAt: at };
}

export function withStatus(order: Order, status: OrderStatus): Order {
  if (order.status === status) return order;
  return { ...order, status: moveOrder(order.status, status, order.orderId) };
}

export function withPaymentStatus(order: Order, status: PaymentStatus): Order {
  if (order.paymentStatus === status) return order;
  return { ...order, paymentStatus: movePayment(order.paymentStatus, status, order.orderId) };
}

export function toResult(order: Order): OrderResult {
  return {
    orderId: order.orderId,
    status: order.status,
    paymentStatus: order.paymentStatus,
    paymentIntentId: order.payment.paymentIntentId ?? null,
    trackingNumber: order.shipment.trackingNumber ?? null,
    total: order.total,
    currency: order.currency,
    message: describe(order),
  };
}

function describe(order: Order): string {
  switch (order.status) {
    case "pending":
      return "order received; waiting for the payment to settle";
    case "confirmed":
      return "payment authorized; preparing the shipment";
    case "processing":
      return `label bought (${[order.shipment.carrier, order.shipment.trackingNumber].filter(Boolean).join(" ")}); waiting for pickup`;
    case "shipped":
      return "on its way";
    case "delivered":
      return "delivered";
    case "partially_refunded":
      return `partially refunded: ${order.payment.amountRefunded} of ${order.payment.amountCaptured} ${order.currency}`;
    case "refunded":
      return `refunded: ${order.payment.amountRefunded} ${order.currency}`;
    case "cancelled":
      return `cancelled${order.cancelReason ? `: ${order.cancelReason}` : ""}`;
    case "failed":
      return `failed: ${order.failureReason ?? "unknown reason"}`;
  }
}

export type CancelPlan = { kind: "void" } | { kind: "refund"; amount: number } | { kind: "nothing-to-return" };

/** What a cancel must undo with the payment provider; 409 once the goods have left. */
export function planCancel(order: Order): CancelPlan {
  if (order.status === "cancelled") return { kind: "nothing-to-return" };
  if (!isCancellable(order.status)) {
    if (order.status === "failed") throw conflict(`order ${order.orderId} is failed; there is nothing to cancel`);
    throw conflict(
      `order ${order.orderId} is ${order.status}: it can no longer be cancelled; request a refund instead`,
    );
  }
  if (order.paymentStatus === "authorized" || order.paymentStatus === "pending") return { kind: "void" };
  const remaining = order.payment.amountCaptured - order.payment.amountRefunded;
  return remaining > 0 ? { kind: "refund", amount: remaining } : { kind: "nothing-to-return" };
}

/** Amount and sequence number of the next refund; 409 when it exceeds what is left. */
export function planRefund(
  order: Order,
  requested: number | undefined,
  returnItems = false,
): { amount: number; n: number } {
  if (returnItems && order.payment.refunds.some((r) => r.returnedItems)) {
    throw conflict(`the items of order ${order.orderId} were already returned to stock by an earlier refund`);
  }
  if (order.paymentStatus !== "captured" && order.paymentStatus !== "partially_refunded") {
    throw conflict(`order ${order.orderId} has payment ${order.paymentStatus}; only a captured payment can be refunded`);
  }
  const remaining = order.payment.amountCaptured - order.payment.amountRefunded;
  const amount = requested ?? remaining;
  if (amount > remaining) {
    throw conflict(
      `refund of ${amount} ${order.currency} exceeds what is left to refund on order ${order.orderId}: ${remaining} ${order.currency}`,
    );
  }
  if (amount <= 0) throw conflict(`order ${order.orderId} is already fully refunded`);
  return { amount, n: order.payment.refunds.length + 1 };
}

export function applyRefund(order: Order, refund: RefundRecord): Order {
  const amountRefunded = order.payment.amountRefunded + refund.amount;
  const full = amountRefunded >= order.payment.amountCaptured;
  const next: Order = {
    ...order,
    payment: { ...order.payment, amountRefunded, refunds: [...order.payment.refunds, refund] },
  };
  const paid = withPaymentStatus(next, full ? "refunded" : "partially_refunded");
  return withStatus(paid, full ? "refunded" : "partially_refunded");
}

/** Grams per unit for the parcel; a catalog with weights would replace this assumption. */
export const DEFAULT_UNIT_WEIGHT_GRAMS = 500;

export function parcelOf(order: Order): { weightGrams: number; itemCount: number } {
  const itemCount = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return { weightGrams: itemCount * DEFAULT_UNIT_WEIGHT_GRAMS, itemCount };
}
