import type * as restate from "@restatedev/restate-sdk";
import { operatorInboxObject } from "../alerts/operator-inbox.ts";
import { analyticsService } from "../analytics/analytics-service.ts";
import { ProductIndex, SlugClaim } from "../catalog/catalog-keys.ts";
import { CategoryTree } from "../catalog/category-tree.ts";
import { Product } from "../catalog/product-object.ts";
import { customerObject } from "../customers/customer-object.ts";
import { emailIndexObject } from "../customers/email-index.ts";
import { smsNumbersObject } from "../customers/sms-numbers.ts";
import { smsSubscriptionObject } from "../customers/sms-subscription.ts";
import { welcomeEmailObject } from "../customers/welcome-email-object.ts";
import { wishlistObject } from "../customers/wishlist-object.ts";
import { EventOutbox, eventDeliveryObject } from "../events/event-delivery.ts";
import { webhookSubscriptionsObject } from "../events/webhook-subscriptions.ts";
import { backInStockNoticeObject } from "../inventory/back-in-stock-notice.ts";
import { inventoryItemObject } from "../inventory/inventory-item.ts";
import { purchaseOrderObject } from "../inventory/purchase-order.ts";
import { PurchaseOrderBook } from "../inventory/purchase-order-book.ts";
import { replenishmentObject } from "../inventory/replenishment-object.ts";
import { skuReplenishmentObject } from "../inventory/sku-replenishment.ts";
import { StockWatch } from "../inventory/stock-watch.ts";
import { Wishers } from "../inventory/wishers.ts";
import { cartObject } from "../orders/cart-object.ts";
import { CustomerOrders } from "../orders/customer-orders-object.ts";
import { LabelWatch } from "../orders/label-watch.ts";
import { OrderLookup } from "../orders/order-lookup.ts";
import { OrderNumberAllocator } from "../orders/order-number-allocator.ts";
import { OrderNumberSequence } from "../orders/order-number-sequence.ts";
import { OrderNumbers } from "../orders/order-numbers-object.ts";
import { orderOrchestratorObject } from "../orders/order-orchestrator.ts";
import { PaymentSettlement } from "../orders/payment-settlement-object.ts";
import { riskReviewObject } from "../orders/risk-review.ts";
import { RiskVelocity } from "../orders/risk-velocity.ts";
import { webhookProcessorService } from "../orders/webhook-processor.ts";
import { operationsService } from "../platform/database/database-health-service.ts";
import { idempotencyKeysObject } from "../platform/restate/idempotency-keys.ts";
import { couponObject } from "../pricing/coupon.ts";
import { CouponRegistry } from "../pricing/coupon-registry.ts";
import { projectorService } from "../projections/projector.ts";
import { ProviderHealth } from "../providers/provider-health-service.ts";
import type { Runtime } from "../providers/runtime.ts";
import { WebhookEvents } from "../providers/webhooks/webhook-events-object.ts";
import { productReviewsObject } from "../reviews/product-reviews.ts";
import { catalogAdminService } from "../storefront/catalog-admin-service.ts";
import { Catalog } from "../storefront/catalog-service.ts";
import type { Settings } from "./settings.ts";

/** A Restate service, virtual object or workflow definition that an endpoint can bind. */
export type BindableService = Parameters<restate.RestateEndpoint["bind"]>[0];

/**
 * Every service and object this deployment serves, in the order the endpoint binds them: the ones
 * that read the runtime (providers, settings, the database…) are made with it, the others are
 * constants. Only definitions: calling this starts nothing, so scripts/docs-tables.ts reads the same list.
 */
export const endpointServices = (rt: Runtime<Settings>): readonly BindableService[] => [
  inventoryItemObject(rt),
  Product,
  cartObject(rt),
  couponObject(rt),
  orderOrchestratorObject(rt),
  PaymentSettlement,
  riskReviewObject(rt),
  RiskVelocity,
  LabelWatch,
  operatorInboxObject(rt),
  webhookProcessorService(rt),
  WebhookEvents,
  idempotencyKeysObject(rt),
  OrderLookup,
  ProviderHealth,
  StockWatch,
  webhookSubscriptionsObject(rt),
  EventOutbox,
  eventDeliveryObject(rt),
  purchaseOrderObject(rt),
  PurchaseOrderBook,
  replenishmentObject(rt),
  skuReplenishmentObject(rt),
  customerObject(rt),
  emailIndexObject(rt),
  welcomeEmailObject(rt),
  wishlistObject(rt),
  Wishers,
  backInStockNoticeObject(rt),
  productReviewsObject(rt),
  smsSubscriptionObject(rt),
  smsNumbersObject(rt),
  projectorService(rt),
  analyticsService(rt),
  operationsService(rt),
  Catalog,
  catalogAdminService(rt),
  CategoryTree,
  SlugClaim,
  ProductIndex,
  OrderNumbers,
  OrderNumberAllocator,
  OrderNumberSequence,
  CustomerOrders,
  CouponRegistry,
];
