import { shop } from "./store.ts";

const SESSION_KEY = "restate-commerce.shop.session";

/** An anonymous visitor's session for the funnel: one per tab, chosen here. */
function sessionId(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

/**
 * Storefront events for the conversion funnel (POST /analytics/track). Only what a visitor does on
 * the page: adding to the cart, checking out, paying and ordering are recorded by the shop itself.
 * Fire and forget: a shopper's page never waits for, or fails because of, its analytics.
 */
export function track(
  event: "product_view" | "product_list_view" | "search" | "cart_view",
  properties: Record<string, string | number> = {},
): void {
  void shop
    .request("POST", "/analytics/track", { body: { event, sessionId: sessionId(), properties }, idempotencyKey: crypto.randomUUID() })
    .catch(() => undefined);
}
