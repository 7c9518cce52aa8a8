import type { ShippingAddress } from "../../platform/domain/address.ts";
import { conflict, invalid } from "../../platform/domain/domain-errors.ts";
import { money } from "../../platform/domain/money.ts";
import type { PricedOrder } from "../../pricing/domain/pricing.ts";
import type { Customer } from "./order-input.ts";
import { type Order, type OrderEvent, type OrderResult, orderName, type RefundRecord } from "./order-model.ts";
import { isCancellable, moveOrder, movePayment, type OrderStatus, type PaymentStatus } from "./order-status.ts";

export type { NotificationRecord, Order, OrderEvent, OrderLine, OrderResult, RefundRecord } from "./order-model.ts";

export interface RequestedLine {
  sku: string;
  quantity: number;
  price?: number | undefined;
}

/** Two lines of one SKU are one demand on stock: merge them, keeping any price the client sent. */
export function mergeLines(items: RequestedLine[]): RequestedLine[] {
  const merged = new Map<string, RequestedLine>();
  for (const item of items) {
    const seen = merged.get(item.sku);
    if (!seen) {
      merged.set(item.sku, { ...item });
      continue;
    }
    if (seen.price !== undefined && item.price !== undefined && seen.price !== item.price) {
      throw invalid(`items: two lines for ${item.sku} carry different prices (${seen.price} and ${item.price})`);
    }
    seen.quantity += item.quantity;
    seen.price ??= item.price;
  }
  return [...merged.values()];
}

/** One line as the checkout found it: what InventoryItem.reserve answered, and Product's data the order is priced from. */
export interface LineReservation {
  sku: string;
  quantity: number;
  status: "reserved" | "backordered" | "insufficient" | "price_changed";
  available: number;
  name: string;
  price: number;
  currency: string;
  /** The unit price the request expected, if it named one. */
  expectedPrice?: number | undefined;
}

/** The order's currency: the one all its lines are priced in, and the one the request named, if any. */
export function orderCurrency(lines: readonly LineReservation[], requested?: string): string {
  let currency = requested;
  for (const line of lines) {
    if (currency !== undefined && currency !== line.currency) {
      throw conflict(`currency mismatch: ${line.sku} is priced in ${line.currency}, the order is in ${currency}`);
    }
    currency = line.currency;
  }
  return currency ?? "USD";
}

/** Why the reservations cannot make an order (409), naming the first line that failed; or nothing. */
export function reservationFailure(lines: readonly LineReservation[]): string | undefined {
  for (const line of lines) {
    if (line.status === "insufficient")
      return `insufficient stock for ${line.sku}: requested ${line.quantity}, available ${line.available}`;
    if (line.status === "price_changed") {
      return `price mismatch for ${line.sku}: the request says ${money(line.expectedPrice ?? 0, line.currency)}, the catalog price is ${money(line.price, line.currency)}`;
    }
  }
  return undefined;
}

export function newOrder(init: {
  orderId: string;
  orderNumber?: string | undefined;
  notes?: string | undefined;
  cartId?: string | undefined;
  customerId?: string | undefined;
  customer: Customer;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  shippingMethod: "standard" | "express";
  currency: string;
  priced: PricedOrder;
  requestFingerprint: string;
  checkoutInvocationId?: string | undefined;
  now: number;
}): Order {
  const order: Order = {
    orderId: init.orderId,
    status: "pending",
    paymentStatus: "pending",
    customer: init.customer,
    shippingAddress: init.shippingAddress,
    paymentMethod: init.paymentMethod,
    ...pricing(init.priced),
    currency: init.currency,
    payment: { amountAuthorized: 0, amountCaptured: 0, amountRefunded: 0, refunds: [] },
    shipment: { method: init.shippingMethod, trackingHistory: [] },
    notifications: [],
    events: [
      {
        at: init.now,
        type: "order_created",
        detail: `${init.priced.lines.length} line(s), subtotal ${money(init.priced.subtotal, init.currency)}`,
      },
    ],
    requestFingerprint: init.requestFingerprint,
    createdAt: init.now,
    updatedAt: init.now,
  };
  if (init.cartId !== undefined) order.cartId = init.cartId;
  if (init.customerId !== undefined) order.customerId = init.customerId;
  if (init.orderNumber !== undefined) order.orderNumber = init.orderNumber;
  if (init.notes !== undefined) order.notes = init.notes;
  if (init.checkoutInvocationId !== undefined) order.checkoutInvocationId = init.checkoutInvocationId;
  return order;
}

const pricing = (priced: PricedOrder) => ({
  items: priced.lines,
  subtotal: priced.subtotal,
  discount: priced.discount,
  shippingCost: priced.shippingCost,
  tax: priced.tax,
  total: priced.total,
  shippingTax: priced.shippingTax,
  taxJurisdiction: priced.taxJurisdiction,
});

/** The order priced in full: discount, shipping and tax; the log says what the customer will pay. */
export function withPricing(
  order: Order,
  priced: PricedOrder,
  at: number,
  coupon?: { code: string; type: string },
  loyaltyTier?: string,
): Order {
  const next: Order = { ...order, ...pricing(priced) };
  if (coupon) next.coupon = coupon;
  if (loyaltyTier) next.loyaltyTier = loyaltyTier;
  const m = (amount: number) => money(amount, order.currency);
  const parts = [
    `subtotal ${m(priced.subtotal)}`,
    `discount ${m(priced.discount)}`,
    `shipping ${m(priced.shippingCost)}`,
    `tax ${m(priced.tax)} (${priced.taxJurisdiction})`,
  ];
  return record(next, at, "priced", `total ${money(priced.total, order.currency)}: ${parts.join(", ")}`);
}

/** The customer saw a total before paying; a higher one now is a 409 that shows it (a lower one goes through). */
export function assertTotalNotRaised(order: Pick<Order, "total" | "currency">, expectedTotal: number | undefined): void {
  if (expectedTotal !== undefined && order.total > expectedTotal) {
    throw conflict(
      `the order total is now ${money(order.total, order.currency)}, more than the ${money(expectedTotal, order.currency)} you saw; review the cart and check out again`,
    );
  }
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
  return { ...order, status: moveOrder(order.status, status, orderName(order)) };
}

export function withPaymentStatus(order: Order, status: PaymentStatus): Order {
  if (order.paymentStatus === status) return order;
  return { ...order, paymentStatus: movePayment(order.paymentStatus, status, orderName(order)) };
}

export function toResult(order: Order): OrderResult {
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber ?? null,
    status: order.status,
    paymentStatus: order.paymentStatus,
    paymentIntentId: order.payment.paymentIntentId ?? null,
    trackingNumber: order.shipment.trackingNumber ?? null,
    subtotal: order.subtotal,
    discount: order.discount,
    shippingCost: order.shippingCost,
    tax: order.tax,
    total: order.total,
    currency: order.currency,
    message: describe(order),
  };
}

function describe(order: Order): string {
  switch (order.status) {
    case "pending":
      return "order received; waiting for the payment to settle";
    case "review":
      return "payment authorized; the shop is reviewing the order before it ships";
    case "confirmed":
      return "payment authorized; preparing the shipment";
    case "backordered":
      return `payment authorized; waiting for stock of ${order.backorder?.skus.join(", ") ?? "some items"}`;
    case "processing":
      return `label bought (${[order.shipment.carrier, order.shipment.trackingNumber].filter(Boolean).join(" ")}); waiting for pickup`;
    case "shipped":
      return "on its way";
    case "delivered":
      return "delivered";
    case "partially_refunded":
      return `partially refunded: ${money(order.payment.amountRefunded, order.currency)} of ${money(order.payment.amountCaptured, order.currency)}`;
    case "refunded":
      return `refunded: ${money(order.payment.amountRefunded, order.currency)}`;
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
    if (order.status === "failed") throw conflict(`order ${orderName(order)} is failed; there is nothing to cancel`);
    throw conflict(`order ${orderName(order)} is ${order.status}: it can no longer be cancelled; request a refund instead`);
  }
  if (order.paymentStatus === "authorized" || order.paymentStatus === "pending") return { kind: "void" };
  const remaining = order.payment.amountCaptured - order.payment.amountRefunded;
  return remaining > 0 ? { kind: "refund", amount: remaining } : { kind: "nothing-to-return" };
}

/** A refund that went through: money back, units back on the lines they came from, status moved on. */
export function applyRefund(order: Order, refund: RefundRecord): Order {
  const amountRefunded = order.payment.amountRefunded + refund.amount;
  const full = amountRefunded >= order.payment.amountCaptured;
  const returnedUnits = { ...order.returnedUnits };
  for (const item of refund.items ?? []) returnedUnits[item.sku] = (returnedUnits[item.sku] ?? 0) + item.quantity;
  const next: Order = {
    ...order,
    ...(refund.items?.length ? { returnedUnits } : {}),
    payment: { ...order.payment, amountRefunded, refunds: [...order.payment.refunds, refund] },
  };
  const paid = withPaymentStatus(next, full ? "refunded" : "partially_refunded");
  return withStatus(paid, full ? "refunded" : "partially_refunded");
}

/** The parcel left (the carrier's scan, or an admin marking it shipped by hand). */
export function markShipped(order: Order, at: number, detail: string): Order {
  return record({ ...withStatus(order, "shipped"), shippedAt: at }, at, "shipped", detail);
}

/** The parcel arrived: the return window starts now. */
export function markDelivered(order: Order, at: number, detail: string): Order {
  const shipped = order.shippedAt === undefined ? { ...order, shippedAt: at } : order;
  return record({ ...withStatus(shipped, "delivered"), deliveredAt: at }, at, "delivered", detail);
}

/** Grams per unit for the parcel; a catalog with weights would replace this assumption. */
export const DEFAULT_UNIT_WEIGHT_GRAMS = 500;

export function parcelOf(lines: ReadonlyArray<{ quantity: number }>): { weightGrams: number; itemCount: number } {
  const itemCount = lines.reduce((sum, line) => sum + line.quantity, 0);
  return { weightGrams: itemCount * DEFAULT_UNIT_WEIGHT_GRAMS, itemCount };
}
