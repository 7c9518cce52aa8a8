import { WebhookSubscriptionsApi } from "../events/events-ingress.ts";
import { type OrderFigures, orderFigures } from "../orders/shop-figures-queries.ts";
import { SHOP } from "../platform/restate/ingress-contract.ts";
import type { QuerySide } from "./query-side.ts";
import { type RestateGateway, readOptions } from "./restate-client.ts";

/** The outbound webhooks' deliveries as the subscriptions record them (removed subscriptions take theirs along). */
export interface DeliveryFigures {
  pending: number;
  succeeded: number;
  /** Deliveries that gave up. */
  failed: number;
  /** Subscriptions still sent to. */
  subscriptions: number;
  /** Subscriptions disabled by a 410 Gone. */
  disabledSubscriptions: number;
}

export interface ShopFigures {
  orders: OrderFigures;
  deliveries: DeliveryFigures;
}

/**
 * The shop-wide figures of GET /metrics: the orders from the query side (this API's read-only pool),
 * the deliveries from the subscriptions' state in Restate (a shared read, one call).
 */
export async function shopFigures({ query, restate }: { query: QuerySide; restate: RestateGateway }): Promise<ShopFigures> {
  const [orders, subscriptions] = await Promise.all([
    query.read(orderFigures),
    restate.object(WebhookSubscriptionsApi, SHOP).list(readOptions(5_000)),
  ]);
  const deliveries = { pending: 0, succeeded: 0, failed: 0, subscriptions: 0, disabledSubscriptions: 0 };
  for (const s of subscriptions) {
    deliveries.pending += s.deliveries.pending;
    deliveries.succeeded += s.deliveries.succeeded;
    deliveries.failed += s.deliveries.failed;
    if (s.disabled) deliveries.disabledSubscriptions++;
    else deliveries.subscriptions++;
  }
  return { orders, deliveries };
}
