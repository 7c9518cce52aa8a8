import { shop } from "./store.ts";

/**
 * Storefront events for the conversion funnel (POST /analytics/track). Fire and forget: a shopper's
 * page never waits for, or fails because of, its analytics.
 */
export function track(event: "product_view" | "add_to_cart" | "checkout_start" | "payment_start" | "order_complete", properties: Record<string, string | number> = {}): void {
  void shop.request("POST", "/analytics/track", { body: { event, properties } }).catch(() => undefined);
}
