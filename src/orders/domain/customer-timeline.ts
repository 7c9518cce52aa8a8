import type { OrderEvent } from "./order-model.ts";

/**
 * What a customer is shown of an order's log. The log is the shop's record: it also names provider
 * references (payment intents, labels, message ids), admins' account ids and housekeeping (webhooks
 * ignored, compensations run). A customer sees the steps of their order, with the detail only where
 * the detail is theirs to read.
 */
const WITH_DETAIL = new Set([
  "order_created",
  "priced",
  "backordered",
  "payment_captured",
  "order_cancelled",
  "order_failed",
  "refund_requested",
  "return_requested",
  "tracking_updated",
  "shipping_exception",
]);

/** Shown as a step without its detail (it names a provider reference or an admin). */
const WITHOUT_DETAIL = new Set([
  "payment_pending",
  "capture_pending",
  "payment_settled",
  "payment_authorized",
  "stock_allocated",
  "confirmed",
  "processing",
  "label_purchased",
  "shipped",
  "delivered",
  "refund_approved",
  "refund_rejected",
  "return_approved",
  "return_rejected",
  "return_received",
  "refunded",
  "email_sent",
  "label_voided",
]);

export function customerTimeline(events: readonly OrderEvent[]): OrderEvent[] {
  return events.flatMap((e) => (WITH_DETAIL.has(e.type) ? [e] : WITHOUT_DETAIL.has(e.type) ? [{ at: e.at, type: e.type }] : []));
}
