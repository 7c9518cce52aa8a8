import { conflict, invalid } from "./errors.ts";
import type { Customer, ShippingAddress } from "./order-input.ts";
import type { Order, OrderEvent, OrderLine, OrderResult, RefundRecord } from "./order-model.ts";
import { isCancellable, moveOrder, movePayment, type OrderStatus, type PaymentStatus } from "./order-status.ts";

export type { NotificationRecord, Order, OrderEvent, OrderLine, OrderResult, RefundRecord } from "./order-model.ts";

export interface CatalogEntry {
  name: string;
  price: number;
  currency: string;
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
  const subtotal = items.reduce((sum, item) => sum + item.lineTotal, 0);
  return { items, currency: currency ?? "USD", subtotal };
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
  requestFingerprint: string;
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
    requestFingerprint: init.requestFingerprint,
    createdAt: init.now,
    updatedAt: init.now,
  };
  if (init.cartId !== undefined) order.cartId = init.cartId;
  return order;
}

/** A second processOrder for an existing order id must be the same request; anything else is a conflict. */
export function assertSameRequest(order: Order, requestFingerprint: string): void {
  if (order.requestFingerprint !== undefined && order.requestFingerprint !== requestFingerprint) {
    throw conflict(`order ${order.orderId} already exists for a different request; use a new order id for a new order`);
  }
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

/** The checkout is parked on an asynchronous payment (3-D Secure, bank debit) that has not settled. */
export function isAwaitingPayment(order: Order): boolean {
  return order.status === "pending" && order.paymentStatus === "pending" && order.payment.paymentIntentId !== undefined;
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
