import { z } from "zod";
import { ShippingAddress } from "../../platform/domain/address.ts";
import { Customer } from "./order-input.ts";
import { ORDER_STATUSES, PAYMENT_STATUSES } from "./order-status.ts";

/**
 * The shape of an order as it is stored and answered: one zod schema per shape, so the handlers'
 * output schemas (OpenAPI, typed clients) and the TypeScript types come from the same source.
 */

const minor = z.number().int().describe("integer minor units of the order's currency");
const epochMs = z.number().int().describe("milliseconds since the Unix epoch");

export const OrderLine = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: minor,
  lineTotal: minor,
  /** This line's share of the order's discount and tax; returns refund from these. */
  discount: minor,
  tax: minor,
});
export type OrderLine = z.infer<typeof OrderLine>;

export const OrderEvent = z.object({ at: epochMs, type: z.string(), detail: z.string().optional() });
export type OrderEvent = z.infer<typeof OrderEvent>;

export const ReturnedItem = z.object({ sku: z.string(), quantity: z.number().int() });
export type ReturnedItem = z.infer<typeof ReturnedItem>;

export const RefundRecord = z.object({
  n: z.number().int(),
  refundId: z.string(),
  amount: minor,
  reason: z.string(),
  at: epochMs,
  returnedItems: z.boolean(),
  /** The units that came back to stock with this refund. */
  items: z.array(ReturnedItem).optional(),
  /** Who refunded: an admin's id, "customer" for an auto-approved request, "system" for a cancel. */
  by: z.string().optional(),
  /** Of `amount`, the shipping charge (its tax included) given back: an admin's refund by line with shipping. */
  shipping: minor.optional(),
});

/**
 * A customer's request that needs an admin: money beyond what is refunded without one (`refund`), or
 * units to send back (`return`, an RMA: approved, then the units received, and only then restocked
 * and refunded). Requests kept before returns existed have no kind: they were money only.
 */
export const RefundRequest = z.object({
  id: z.string(),
  kind: z.enum(["refund", "return"]).optional(),
  amount: minor,
  items: z.array(ReturnedItem),
  reason: z.string(),
  requestedAt: epochMs,
  /** refund: pending → approved (refunded) | rejected; return: pending → approved (send the units) → received (restocked, refunded) | rejected. */
  status: z.enum(["pending", "approved", "received", "rejected"]),
  decidedBy: z.string().optional(),
  decidedAt: epochMs.optional(),
  decision: z.string().optional(),
  /** What came back of a return: units, and of them how many were damaged (not restocked). */
  received: z.array(ReturnedItem.extend({ damaged: z.number().int() })).optional(),
  receivedAt: epochMs.optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;
export type RefundRecord = z.infer<typeof RefundRecord>;

export const PaymentRecord = z.object({
  paymentIntentId: z.string().optional(),
  amountAuthorized: minor,
  amountCaptured: minor,
  amountRefunded: minor,
  refunds: z.array(RefundRecord),
  failureReason: z.string().optional(),
});
export type PaymentRecord = z.infer<typeof PaymentRecord>;

export const ShipmentRecord = z.object({
  method: z.enum(["standard", "express"]),
  carrier: z.string().optional(),
  service: z.string().optional(),
  rateId: z.string().optional(),
  /** What the carrier quoted before the payment (the customer pays this, unless shipping is free). */
  quotedCost: z.object({ amount: z.number().int(), currency: z.string() }).optional(),
  /** What the label cost when it was bought. */
  cost: z.object({ amount: z.number().int(), currency: z.string() }).optional(),
  labelId: z.string().optional(),
  labelUrl: z.string().optional(),
  trackingNumber: z.string().optional(),
  trackingUrl: z.string().optional(),
  trackingStatus: z.string().optional(),
  trackingHistory: z.array(z.object({ status: z.string(), details: z.string(), at: z.string() })),
  /** When the label was voided with the carrier (a cancelled order's parcel never ships). */
  labelVoidedAt: epochMs.optional(),
});
export type ShipmentRecord = z.infer<typeof ShipmentRecord>;

export const NotificationRecord = z.object({
  kind: z.string(),
  dedupKey: z.string(),
  status: z.enum(["sent", "failed", "delivered", "bounced", "dropped", "spam_report"]),
  at: epochMs,
  messageId: z.string().optional(),
  detail: z.string().optional(),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

export const Order = z.object({
  orderId: z.string(),
  /** `ORD-<year>-<n>`, allocated by the cart's checkout; orders placed without a cart have none. */
  orderNumber: z.string().optional(),
  status: z.enum(ORDER_STATUSES),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  cartId: z.string().optional(),
  customer: Customer,
  shippingAddress: ShippingAddress,
  paymentMethod: z.string(),
  /** The shop's customer account, when the order came through the public API. */
  customerId: z.string().optional(),
  /** The customer's note for the shop (delivery instructions, a gift message). */
  notes: z.string().optional(),
  items: z.array(OrderLine),
  currency: z.string(),
  subtotal: minor,
  discount: minor,
  shippingCost: minor,
  tax: minor,
  /** subtotal − discount + shippingCost + tax: what the customer is charged. */
  total: minor,
  /** Of `tax`, the part charged on shipping; and the jurisdiction whose rate applied. */
  shippingTax: minor,
  taxJurisdiction: z.string(),
  coupon: z.object({ code: z.string(), type: z.string() }).optional(),
  loyaltyTier: z.string().optional(),
  /** SKUs whose units the order waits for, and until when it waits. */
  backorder: z.object({ skus: z.array(z.string()), deadline: epochMs }).optional(),
  payment: PaymentRecord,
  shipment: ShipmentRecord,
  shippedAt: epochMs.optional(),
  deliveredAt: epochMs.optional(),
  /** sku → units that came back (returns restock exactly these). */
  returnedUnits: z.record(z.string(), z.number().int()).optional(),
  refundRequests: z.array(RefundRequest).optional(),
  notifications: z.array(NotificationRecord),
  events: z.array(OrderEvent),
  failureReason: z.string().optional(),
  /** HTTP status of the failure, replayed to a caller who asks again. */
  failureCode: z.number().int().optional(),
  cancelReason: z.string().optional(),
  /** Restate's id of the processOrder invocation that ran the checkout: its journal is the saga's record (the Restate UI, `restate invocations describe`). */
  checkoutInvocationId: z.string().optional(),
  /** Fingerprint of the processOrder request that created the order: another request for this id is refused. */
  requestFingerprint: z.string().optional(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type Order = z.infer<typeof Order>;

/** What placing, cancelling or refunding an order answers. */
export const OrderResult = z.object({
  orderId: z.string(),
  orderNumber: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  paymentIntentId: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  subtotal: minor,
  discount: minor,
  shippingCost: minor,
  tax: minor,
  total: minor,
  currency: z.string(),
  message: z.string(),
  /** The whole order as well, when the caller asked for it (processOrder's includeOrder; Cart.checkout always). */
  order: Order.optional(),
});
export type OrderResult = z.infer<typeof OrderResult>;

/** What people call an order: its number (ORD-…); an order placed straight through processOrder without one, its id. */
export const orderName = (order: { orderId: string; orderNumber?: string | undefined }): string => order.orderNumber ?? order.orderId;
