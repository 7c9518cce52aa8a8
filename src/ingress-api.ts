/**
 * The services trusted clients call through the Restate ingress (the shop's HTTP API, scripts,
 * tests, learners' code), as type-only definitions: each constant carries the service's name, typed
 * as the service it names, so a caller gets typed `@restatedev/restate-sdk-clients` calls without
 * loading any handler code. `ingress.objectClient(OrderOrchestratorApi, id).refund({ reason })`.
 */

import { type Serde, serde } from "@restatedev/restate-sdk-clients";
import { iface } from "@restatedev/restate-sdk-core";
import type { Cart } from "./objects/cart.ts";
import type { Coupon } from "./objects/coupon.ts";
import type { CouponRegistry } from "./objects/coupon-registry.ts";
import type { Customer } from "./objects/customer.ts";
import type { CustomerOrders } from "./objects/customer-orders.ts";
import type { EmailIndex } from "./objects/email-index.ts";
import type { IdempotencyKeys } from "./objects/idempotency-keys.ts";
import type { InventoryItem } from "./objects/inventory-item.ts";
import type { OperatorInbox } from "./objects/operator-inbox.ts";
import type { OrderNumbers } from "./objects/order-numbers.ts";
import type { OrderOrchestrator } from "./objects/order-orchestrator.ts";
import type { PaymentSettlement } from "./objects/payment-settlement.ts";
import type { Product } from "./objects/product.ts";
import type { ProductReviews } from "./objects/product-reviews.ts";
import type { PurchaseOrder } from "./objects/purchase-order.ts";
import type { PurchaseOrderBook } from "./objects/purchase-order-book.ts";
import type { Replenishment } from "./objects/replenishment.ts";
import type { RiskReview } from "./objects/risk-review.ts";
import type { SkuReplenishment } from "./objects/sku-replenishment.ts";
import type { SmsNumbers } from "./objects/sms-numbers.ts";
import type { SmsSubscription } from "./objects/sms-subscription.ts";
import type { WebhookSubscriptions } from "./objects/webhook-subscriptions.ts";
import type { Wishlist } from "./objects/wishlist.ts";
import type { Analytics } from "./services/analytics.ts";
import type { Catalog } from "./services/catalog.ts";
import type { CatalogAdmin } from "./services/catalog-admin.ts";
import type { Operations } from "./services/operations.ts";
import type { ProviderHealth } from "./services/provider-health.ts";
import type { WebhookProcessor } from "./services/webhook-processor.ts";

/**
 * A caller's definition of a service: its name, typed as the service, declared with the SDK's
 * service-interface API (iface) — only the handlers whose input is not JSON need declaring: none at
 * all (a body or a content-type there is a 400) or raw bytes. The client then sends those right
 * without the handler code that declares them; every other handler takes JSON.
 */
function contract<D>(kind: "object" | "service", name: string, inputs: Record<string, Serde<unknown>> = {}): D {
  const handlers = Object.fromEntries(Object.entries(inputs).map(([handler, input]) => [handler, iface.serdes({ input })]));
  return (kind === "object" ? iface.object(name, handlers) : iface.service(name, handlers)) as unknown as D;
}
const object = <D>(name: string, inputs?: Record<string, Serde<unknown>>) => contract<D>("object", name, inputs);
const service = <D>(name: string, inputs?: Record<string, Serde<unknown>>) => contract<D>("service", name, inputs);
const noInput = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.empty as Serde<unknown>]));
const rawBytes = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.binary as Serde<unknown>]));
export const InventoryItemApi = object<typeof InventoryItem>("InventoryItem", noInput("get"));
export const ProductApi = object<typeof Product>("Product", noInput("get"));
export const SkuReplenishmentApi = object<typeof SkuReplenishment>("SkuReplenishment");
export const CartApi = object<typeof Cart>("Cart", noInput("clear", "get", "removeCoupon"));
export const CouponApi = object<typeof Coupon>("Coupon", noInput("get"));
export const OrderOrchestratorApi = object<typeof OrderOrchestrator>("OrderOrchestrator", noInput("getOrder"));
export const OperatorInboxApi = object<typeof OperatorInbox>("OperatorInbox", noInput("list"));
export const PaymentSettlementApi = object<typeof PaymentSettlement>("PaymentSettlement", noInput("get"));
export const RiskReviewApi = object<typeof RiskReview>("RiskReview", noInput("get"));
export const ProviderHealthApi = service<typeof ProviderHealth>("ProviderHealth", noInput("status"));
export const WebhookProcessorApi = service<typeof WebhookProcessor>("WebhookProcessor", rawBytes("stripe", "shippo", "sendgrid"));
export const CustomerApi = object<typeof Customer>("Customer", noInput("currentCart", "get", "loyalty", "signInDetails"));
export const EmailIndexApi = object<typeof EmailIndex>("EmailIndex", noInput("lookup"));
export const ReplenishmentApi = object<typeof Replenishment>("Replenishment", noInput("ensureScheduled", "runNow", "status"));
export const PurchaseOrderApi = object<typeof PurchaseOrder>("PurchaseOrder", noInput("get"));
export const PurchaseOrderBookApi = object<typeof PurchaseOrderBook>("PurchaseOrderBook", noInput("list"));
export const WebhookSubscriptionsApi = object<typeof WebhookSubscriptions>("WebhookSubscriptions", noInput("list"));
export const AnalyticsApi = service<typeof Analytics>("Analytics");
export const OperationsApi = service<typeof Operations>("Operations", noInput("database"));
export const CatalogApi = service<typeof Catalog>("Catalog", noInput("categories"));
export const CatalogAdminApi = service<typeof CatalogAdmin>("CatalogAdmin");
export const OrderNumbersApi = object<typeof OrderNumbers>("OrderNumbers", noInput("resolve"));
export const CustomerOrdersApi = object<typeof CustomerOrders>("CustomerOrders");
export const CouponRegistryApi = object<typeof CouponRegistry>("CouponRegistry");
export const IdempotencyKeysApi = object<typeof IdempotencyKeys>("IdempotencyKeys");
export const WishlistApi = object<typeof Wishlist>("Wishlist", noInput("get"));
export const ProductReviewsApi = object<typeof ProductReviews>("ProductReviews", noInput("list"));
export const SmsSubscriptionApi = object<typeof SmsSubscription>("SmsSubscription", noInput("get"));
export const SmsNumbersApi = object<typeof SmsNumbers>("SmsNumbers");
