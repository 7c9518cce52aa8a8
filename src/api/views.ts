import type { z } from "@hono/zod-openapi";
import type { OperatorAlert } from "../alerts/domain/operator-alerts.ts";
import type { StockView } from "../inventory/domain/inventory.ts";
import type { CartView } from "../orders/domain/cart.ts";
import type { CustomerOrderEntry } from "../orders/domain/customer-orders.ts";
import { customerTimeline } from "../orders/domain/customer-timeline.ts";
import type { Order, OrderEvent } from "../orders/domain/order-model.ts";
import type { CouponView } from "../pricing/coupon.ts";
import type { AdminOrderAnswer, AlertAnswer, CartAnswer, CouponAnswer, OrderAnswer, OrderSummary, StockAnswer } from "./shop-schemas.ts";

/**
 * What the API shows of Restate's records. Payment intents, label ids, notification records and
 * request fingerprints stay inside; times become ISO 8601.
 */

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const present = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;

export function cartAnswer(view: CartView): z.infer<typeof CartAnswer> {
  return present({
    items: view.items.map(({ sku, name, quantity, unitPrice, lineTotal }) => ({ sku, name, quantity, unitPrice, lineTotal })),
    subtotal: view.subtotal,
    discount: view.discount,
    coupon: view.coupon ?? undefined,
    shipping: view.shipping ?? undefined,
    tax: view.tax ?? undefined,
    total: view.total,
    currency: view.currency ?? "USD",
    lastCheckoutFailure: view.lastFailure
      ? present({ orderNumber: view.lastFailure.orderNumber, message: view.lastFailure.message, status: view.lastFailure.code })
      : undefined,
  });
}

/**
 * An order as the API shows it. A customer gets the steps of their order (customerTimeline); staff
 * (the admin routes) get the whole log, provider references and admins' ids included.
 */
export function orderAnswer(order: Order, audience: "customer" | "staff" = "customer"): z.infer<typeof OrderAnswer> {
  const shipment = order.shipment;
  return present({
    orderNumber: order.orderNumber ?? order.orderId,
    orderId: order.orderId,
    status: order.status,
    paymentStatus: order.paymentStatus,
    items: order.items.map(({ sku, name, quantity, unitPrice, lineTotal, discount, tax }) => ({
      sku,
      name,
      quantity,
      unitPrice,
      lineTotal,
      discount,
      tax,
    })),
    subtotal: order.subtotal,
    discount: order.discount,
    shippingCost: order.shippingCost,
    tax: order.tax,
    total: order.total,
    currency: order.currency,
    coupon: order.coupon,
    shippingAddress: order.shippingAddress,
    shippingMethod: shipment.method,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    trackingUrl: shipment.trackingUrl,
    notes: order.notes,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    shippedAt: order.shippedAt === undefined ? undefined : iso(order.shippedAt),
    deliveredAt: order.deliveredAt === undefined ? undefined : iso(order.deliveredAt),
    backorderedUntil: order.status === "backordered" && order.backorder ? iso(order.backorder.deadline) : undefined,
    amountRefunded: order.payment.amountRefunded,
    refunds: order.payment.refunds.map((r) => ({ amount: r.amount, reason: r.reason, at: iso(r.at), items: r.items ?? [] })),
    refundRequests: (order.refundRequests ?? []).map((r) =>
      present({
        id: r.id,
        kind: r.kind ?? "refund",
        amount: r.amount,
        items: r.items,
        reason: r.reason,
        status: r.status,
        requestedAt: iso(r.requestedAt),
        decidedAt: r.decidedAt === undefined ? undefined : iso(r.decidedAt),
        received: r.received,
        receivedAt: r.receivedAt === undefined ? undefined : iso(r.receivedAt),
        decision: r.decision,
      }),
    ),
    failureReason: order.failureReason,
    cancelReason: order.cancelReason,
    events: (audience === "customer" ? customerTimeline(order.events) : order.events).map(eventAnswer),
  });
}

const eventAnswer = (e: OrderEvent) => present({ at: iso(e.at), type: e.type, detail: e.detail });

/**
 * What an admin sees of an order: the customer's view, plus the payment, the shipment, the emails
 * and where the order is in Restate. Label ids, message ids' secrets and request fingerprints stay inside.
 */
export function adminOrderAnswer(order: Order, restateUiUrl: string | undefined): z.infer<typeof AdminOrderAnswer> {
  const { payment, shipment } = order;
  const ui = restateUiUrl?.replace(/\/$/, "");
  const invocationId = order.checkoutInvocationId;
  return {
    ...orderAnswer(order, "staff"),
    customer: { email: order.customer.email, name: order.customer.name },
    ...present({ customerId: order.customerId }),
    paymentMethod: order.paymentMethod,
    payment: present({
      paymentIntentId: payment.paymentIntentId,
      amountAuthorized: payment.amountAuthorized,
      amountCaptured: payment.amountCaptured,
      amountRefunded: payment.amountRefunded,
      failureReason: payment.failureReason,
    }),
    shipment: present({
      method: shipment.method,
      carrier: shipment.carrier,
      service: shipment.service,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl,
      trackingStatus: shipment.trackingStatus,
      trackingHistory: shipment.trackingHistory,
      labelUrl: shipment.labelUrl,
      labelCost: shipment.cost,
      labelVoidedAt: shipment.labelVoidedAt === undefined ? undefined : iso(shipment.labelVoidedAt),
    }),
    emails: order.notifications.map((n) =>
      present({ kind: n.kind, status: n.status, at: iso(n.at), messageId: n.messageId, detail: n.detail }),
    ),
    restate: present({
      invocationId,
      invocationUrl: ui && invocationId ? `${ui}/invocations/${encodeURIComponent(invocationId)}` : undefined,
      objectUrl: ui ? `${ui}/virtual-objects/OrderOrchestrator/${encodeURIComponent(order.orderId)}` : undefined,
    }),
  };
}

/** A line of `GET /orders`; the order itself may not be recorded yet in the instant after its number was. */
export function orderSummary(entry: CustomerOrderEntry, order: Order | undefined): z.infer<typeof OrderSummary> {
  return {
    orderNumber: entry.orderNumber,
    status: order?.status ?? "pending",
    paymentStatus: order?.paymentStatus ?? "pending",
    total: order?.total ?? null,
    currency: order?.currency ?? null,
    itemCount: order ? order.items.reduce((sum, item) => sum + item.quantity, 0) : null,
    createdAt: iso(entry.createdAt),
  };
}

export function alertAnswer(alert: OperatorAlert, orderNumber: string | undefined): z.infer<typeof AlertAnswer> {
  return present({
    id: alert.id,
    kind: alert.kind,
    message: alert.message,
    orderNumber,
    orderId: alert.orderId,
    sku: alert.sku,
    raisedAt: iso(alert.raisedAt),
    acknowledgedAt: alert.acknowledgedAt === undefined ? undefined : iso(alert.acknowledgedAt),
    emailed: alert.emailed,
  });
}

export function couponAnswer(coupon: CouponView): z.infer<typeof CouponAnswer> {
  const { definition, redeemed, reserved } = coupon;
  return present({
    ...definition,
    redeemed,
    reserved,
    remaining: definition.maxRedemptions === undefined ? undefined : Math.max(0, definition.maxRedemptions - redeemed - reserved),
    disabled: coupon.disabledAt !== undefined,
    disabledAt: coupon.disabledAt === undefined ? undefined : iso(coupon.disabledAt),
    createdAt: iso(coupon.createdAt),
  });
}

/** A SKU's stock as Restate counts it, with its product's name. */
export function stockAnswer(name: string, item: StockView): z.infer<typeof StockAnswer> {
  const { sku, onHand, reserved, available, backordered, lowStock, lowStockThreshold } = item;
  return { sku, name, onHand, reserved, available, backordered, lowStock, lowStockThreshold, restocked: item.totals.restocked };
}
