import type * as restate from "@restatedev/restate-sdk";
import { backInStockNoticeObject } from "./objects/back-in-stock-notice.ts";
import { cartObject } from "./objects/cart.ts";
import { ProductIndex, SlugClaim } from "./objects/catalog-keys.ts";
import { CategoryTree } from "./objects/category-tree.ts";
import { couponObject } from "./objects/coupon.ts";
import { CouponRegistry } from "./objects/coupon-registry.ts";
import { customerObject } from "./objects/customer.ts";
import { CustomerOrders } from "./objects/customer-orders.ts";
import { emailIndexObject } from "./objects/email-index.ts";
import { EventOutbox, eventDeliveryObject } from "./objects/event-delivery.ts";
import { idempotencyKeysObject } from "./objects/idempotency-keys.ts";
import { inventoryItemObject } from "./objects/inventory-item.ts";
import { LabelWatch } from "./objects/label-watch.ts";
import { operatorInboxObject } from "./objects/operator-inbox.ts";
import { OrderLookup } from "./objects/order-lookup.ts";
import { OrderNumberAllocator } from "./objects/order-number-allocator.ts";
import { OrderNumberSequence } from "./objects/order-number-sequence.ts";
import { OrderNumbers } from "./objects/order-numbers.ts";
import { orderOrchestratorObject } from "./objects/order-orchestrator.ts";
import { PaymentSettlement } from "./objects/payment-settlement.ts";
import { productReviewsObject } from "./objects/product-reviews.ts";
import { purchaseOrderObject } from "./objects/purchase-order.ts";
import { PurchaseOrderBook } from "./objects/purchase-order-book.ts";
import { replenishmentObject } from "./objects/replenishment.ts";
import { riskReviewObject } from "./objects/risk-review.ts";
import { RiskVelocity } from "./objects/risk-velocity.ts";
import { smsNumbersObject } from "./objects/sms-numbers.ts";
import { smsSubscriptionObject } from "./objects/sms-subscription.ts";
import { StockWatch } from "./objects/stock-watch.ts";
import { WebhookEvents } from "./objects/webhook-events.ts";
import { webhookSubscriptionsObject } from "./objects/webhook-subscriptions.ts";
import { welcomeEmailObject } from "./objects/welcome-email.ts";
import { Wishers } from "./objects/wishers.ts";
import { wishlistObject } from "./objects/wishlist.ts";
import type { Runtime } from "./runtime.ts";
import { analyticsService } from "./services/analytics.ts";
import { Catalog } from "./services/catalog.ts";
import { catalogAdminService } from "./services/catalog-admin.ts";
import { operationsService } from "./services/operations.ts";
import { projectorService } from "./services/projector.ts";
import { ProviderHealth } from "./services/provider-health.ts";
import { webhookProcessorService } from "./services/webhook-processor.ts";

/** A Restate service, virtual object or workflow definition that an endpoint can bind. */
export type BindableService = Parameters<restate.RestateEndpoint["bind"]>[0];

/**
 * Every service and object this deployment serves, in the order the endpoint binds them: the ones
 * that read the runtime (providers, settings, the database…) are made with it, the others are
 * constants. Only definitions: calling this starts nothing, so scripts/docs-tables.ts reads the same list.
 */
export const endpointServices = (rt: Runtime): readonly BindableService[] => [
  inventoryItemObject(rt),
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
