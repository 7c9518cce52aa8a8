import { z } from "zod";
import { eventsInsert } from "../analytics/analytics-events.ts";
import { orderFunnelEvents } from "../analytics/domain/analytics.ts";
import { epochMs, int, type Table } from "../platform/database/projection-table.ts";
import type { Order } from "./domain/order.ts";
import { orderMilestones } from "./domain/order-facts.ts";

export const OrderRow = z.object({
  orderId: z.string(),
  orderNumber: z.string().nullable(),
  cartId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerEmail: z.string(),
  customerName: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  currency: z.string(),
  subtotal: int,
  discount: int,
  shippingCost: int,
  tax: int,
  total: int,
  couponCode: z.string().nullable(),
  /** The HTTP status a failed checkout ended with (402 declined, 409 stock or price, …); null otherwise. */
  failureCode: int.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  captured: int.describe("captured from the customer"),
  refunded: int.describe("refunded to the customer"),
  paymentStartedAt: epochMs.nullable(),
  completedAt: epochMs.nullable().describe("when the payment was captured"),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: int, lineTotal: int })),
});
export type OrderRow = z.infer<typeof OrderRow>;

export function orderRow(order: Order): OrderRow {
  return {
    orderId: order.orderId,
    // Orders placed straight through processOrder (trusted clients, tests) have no number.
    orderNumber: order.orderNumber ?? null,
    cartId: order.cartId ?? null,
    customerId: order.customerId ?? null,
    customerEmail: order.customer.email,
    customerName: order.customer.name,
    status: order.status,
    paymentStatus: order.paymentStatus,
    currency: order.currency,
    subtotal: order.subtotal,
    discount: order.discount,
    shippingCost: order.shippingCost,
    tax: order.tax,
    total: order.total,
    couponCode: order.coupon?.code ?? null,
    failureCode: order.status === "failed" ? (order.failureCode ?? null) : null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    captured: order.payment.amountCaptured,
    refunded: order.payment.amountRefunded,
    ...orderMilestones(order),
    lines: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, lineTotal: i.lineTotal })),
  };
}

export const ordersTable: Table<OrderRow> = {
  name: "orders",
  handler: "order",
  schema: OrderRow,
  key: "orderId",
  columns: {
    orderId: { column: "order_id" },
    orderNumber: { column: "order_number" },
    cartId: { column: "cart_id" },
    customerId: { column: "customer_id" },
    customerEmail: { column: "customer_email" },
    customerName: { column: "customer_name" },
    status: { column: "status" },
    paymentStatus: { column: "payment_status" },
    currency: { column: "currency" },
    subtotal: { column: "subtotal" },
    discount: { column: "discount" },
    shippingCost: { column: "shipping_cost" },
    tax: { column: "tax" },
    total: { column: "total" },
    couponCode: { column: "coupon_code" },
    failureCode: { column: "failure_code" },
    createdAt: { column: "created_at", time: true },
    updatedAt: { column: "updated_at", time: true },
    captured: { column: "captured" },
    refunded: { column: "refunded" },
    paymentStartedAt: { column: "payment_started_at", time: true },
    completedAt: { column: "completed_at", time: true },
    lines: { column: "lines", json: true },
  },
  // The funnel steps the order reached, from its own log: recorded with its row, so never twice.
  derived: (row, offset) => eventsInsert(orderFunnelEvents(row), offset),
};
