import type * as restate from "@restatedev/restate-sdk";
import { OperatorInbox } from "../alerts/operator-inbox.ts";
import { Analytics } from "../analytics/analytics-service.ts";
import { CatalogAdmin } from "../catalog/catalog-admin-service.ts";
import { ProductIndex, SlugClaim } from "../catalog/catalog-keys.ts";
import { Catalog } from "../catalog/catalog-service.ts";
import { CategoryTree } from "../catalog/category-tree.ts";
import { Product } from "../catalog/product-object.ts";
import { Customer } from "../customers/customer-object.ts";
import { EmailIndex } from "../customers/email-index.ts";
import { SmsNumbers } from "../customers/sms-numbers.ts";
import { SmsSubscription } from "../customers/sms-subscription.ts";
import { WelcomeEmail } from "../customers/welcome-email-object.ts";
import { Wishlist } from "../customers/wishlist-object.ts";
import { EventDelivery, EventOutbox } from "../events/event-delivery.ts";
import { WebhookSubscriptions } from "../events/webhook-subscriptions.ts";
import { BackInStockNotice } from "../inventory/back-in-stock-notice.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { PurchaseOrder } from "../inventory/purchase-order.ts";
import { PurchaseOrderBook } from "../inventory/purchase-order-book.ts";
import { Replenishment } from "../inventory/replenishment-object.ts";
import { SkuReplenishment } from "../inventory/sku-replenishment.ts";
import { StockWatch } from "../inventory/stock-watch.ts";
import { Wishers } from "../inventory/wishers.ts";
import { Cart } from "../orders/cart-object.ts";
import { CustomerOrders } from "../orders/customer-orders-object.ts";
import { LabelWatch } from "../orders/label-watch.ts";
import { OrderLookup } from "../orders/order-lookup.ts";
import { OrderNumberAllocator } from "../orders/order-number-allocator.ts";
import { OrderNumberSequence } from "../orders/order-number-sequence.ts";
import { OrderNumbers } from "../orders/order-numbers-object.ts";
import { OrderOrchestrator } from "../orders/order-orchestrator.ts";
import { PaymentSettlement } from "../orders/payment-settlement-object.ts";
import { RiskReview } from "../orders/risk-review.ts";
import { RiskVelocity } from "../orders/risk-velocity.ts";
import { WebhookProcessor } from "../orders/webhook-processor.ts";
import { Operations } from "../platform/database/database-health-service.ts";
import { IdempotencyKeys } from "../platform/restate/idempotency-keys.ts";
import { Coupon } from "../pricing/coupon.ts";
import { CouponRegistry } from "../pricing/coupon-registry.ts";
import { Projector } from "../projections/projector.ts";
import { ProviderHealth } from "../providers/provider-health-service.ts";
import { WebhookEvents } from "../providers/webhooks/webhook-events-object.ts";
import { ProductReviews } from "../reviews/product-reviews.ts";

/** A Restate service, virtual object or workflow definition that an endpoint can bind. */
export type BindableService = Parameters<restate.RestateEndpoint["bind"]>[0];

/**
 * Every service and object this deployment serves, in the order the endpoint binds them. Only
 * definitions: importing this starts nothing, so scripts/docs-tables.ts reads the same list.
 */
export const ENDPOINT_SERVICES: readonly BindableService[] = [
  InventoryItem,
  Product,
  Cart,
  Coupon,
  OrderOrchestrator,
  PaymentSettlement,
  RiskReview,
  RiskVelocity,
  LabelWatch,
  OperatorInbox,
  WebhookProcessor,
  WebhookEvents,
  IdempotencyKeys,
  OrderLookup,
  ProviderHealth,
  StockWatch,
  WebhookSubscriptions,
  EventOutbox,
  EventDelivery,
  PurchaseOrder,
  PurchaseOrderBook,
  Replenishment,
  SkuReplenishment,
  Customer,
  EmailIndex,
  WelcomeEmail,
  Wishlist,
  Wishers,
  BackInStockNotice,
  ProductReviews,
  SmsSubscription,
  SmsNumbers,
  Projector,
  Analytics,
  Operations,
  Catalog,
  CatalogAdmin,
  CategoryTree,
  SlugClaim,
  ProductIndex,
  OrderNumbers,
  OrderNumberAllocator,
  OrderNumberSequence,
  CustomerOrders,
  CouponRegistry,
];
