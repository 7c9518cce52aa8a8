import type { Order } from "./order-model.ts";

/** What an order event says about its order: enough to act on without calling back. */
export function orderFacts(order: Order, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId: order.orderId,
    status: order.status,
    paymentStatus: order.paymentStatus,
    total: order.total,
    currency: order.currency,
    ...(order.customerId ? { customerId: order.customerId } : {}),
    ...extra,
  };
}

/** Where the parcel is, for shipping events. */
export const trackingOf = (order: Order) => ({
  ...(order.shipment.carrier ? { carrier: order.shipment.carrier } : {}),
  ...(order.shipment.trackingNumber ? { trackingNumber: order.shipment.trackingNumber } : {}),
});

/** When the order's payment started and when the order completed (its payment captured), from its log. */
export function orderMilestones(order: Order): { paymentStartedAt: number | null; completedAt: number | null } {
  const at = (type: string) => order.events.find((e) => e.type === type)?.at;
  // Pricing is the last step before the authorization; an order whose payment never moved from
  // pending without waiting for it (refused at pricing, out of stock) never started paying.
  const started = order.paymentStatus !== "pending" || at("payment_pending") !== undefined;
  return {
    paymentStartedAt: started ? (at("priced") ?? order.createdAt) : null,
    completedAt: at("payment_captured") ?? null,
  };
}
