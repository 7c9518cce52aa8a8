import type * as restate from "@restatedev/restate-sdk";
import { BackInStockNotice } from "./objects/back-in-stock-notice.ts";
import { Cart } from "./objects/cart.ts";
import { ProductIndex, SlugClaim } from "./objects/catalog-keys.ts";
import { CategoryTree } from "./objects/category-tree.ts";
import { Coupon } from "./objects/coupon.ts";
import { CouponRegistry } from "./objects/coupon-registry.ts";
import { Customer } from "./objects/customer.ts";
import { CustomerOrders } from "./objects/customer-orders.ts";
import { EmailIndex } from "./objects/email-index.ts";
import { EventDelivery, EventOutbox } from "./objects/event-delivery.ts";
import { IdempotencyKeys } from "./objects/idempotency-keys.ts";
import { InventoryItem } from "./objects/inventory-item.ts";
import { LabelWatch } from "./objects/label-watch.ts";
import { OperatorInbox } from "./objects/operator-inbox.ts";
import { OrderLookup } from "./objects/order-lookup.ts";
import { OrderNumberAllocator } from "./objects/order-number-allocator.ts";
import { OrderNumberSequence } from "./objects/order-number-sequence.ts";
import { OrderNumbers } from "./objects/order-numbers.ts";
import { OrderOrchestrator } from "./objects/order-orchestrator.ts";
import { PaymentSettlement } from "./objects/payment-settlement.ts";
import { Product } from "./objects/product.ts";
import { ProductReviews } from "./objects/product-reviews.ts";
import { PurchaseOrder } from "./objects/purchase-order.ts";
import { PurchaseOrderBook } from "./objects/purchase-order-book.ts";
import { Replenishment } from "./objects/replenishment.ts";
import { RiskReview } from "./objects/risk-review.ts";
import { RiskVelocity } from "./objects/risk-velocity.ts";
import { SkuReplenishment } from "./objects/sku-replenishment.ts";
import { SmsNumbers } from "./objects/sms-numbers.ts";
import { SmsSubscription } from "./objects/sms-subscription.ts";
import { StockWatch } from "./objects/stock-watch.ts";
import { WebhookEvents } from "./objects/webhook-events.ts";
import { WebhookSubscriptions } from "./objects/webhook-subscriptions.ts";
import { WelcomeEmail } from "./objects/welcome-email.ts";
import { Wishers } from "./objects/wishers.ts";
import { Wishlist } from "./objects/wishlist.ts";
import { Analytics } from "./services/analytics.ts";
import { Catalog } from "./services/catalog.ts";
import { CatalogAdmin } from "./services/catalog-admin.ts";
import { Operations } from "./services/operations.ts";
import { Projector } from "./services/projector.ts";
import { ProviderHealth } from "./services/provider-health.ts";
import { WebhookProcessor } from "./services/webhook-processor.ts";

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
