/**
 * The services trusted clients call through the Restate ingress (the shop's HTTP API, scripts,
 * tests, learners' code), as type-only definitions: each constant carries the service's name, typed
 * as the service it names, so a caller gets typed `@restatedev/restate-sdk-clients` calls without
 * loading any handler code. `ingress.objectClient(OrderOrchestratorApi, id).refund({ reason })`.
 */
import { type Serde, serde } from "@restatedev/restate-sdk-clients";
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
import type { ProductReviews } from "./objects/product-reviews.ts";
import type { PurchaseOrder } from "./objects/purchase-order.ts";
import type { PurchaseOrderBook } from "./objects/purchase-order-book.ts";
import type { Replenishment } from "./objects/replenishment.ts";
import type { RiskReview } from "./objects/risk-review.ts";
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
 * A caller's definition of a service: its name, typed as the service, plus the serdes of the handlers
 * whose input is not JSON — none at all (a body or a content-type there is a 400) or raw bytes — so
 * the client sends those right without the handler code that declares them.
 */
function stub<D>(name: string, inputs: Record<string, Serde<unknown>> = {}): D {
  return { name, _handlers: Object.fromEntries(Object.entries(inputs).map(([handler, input]) => [handler, { _inputSerde: input }])) } as D;
}
const noInput = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.empty as Serde<unknown>]));
const rawBytes = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.binary as Serde<unknown>]));

export const InventoryItemApi = stub<typeof InventoryItem>("InventoryItem", noInput("get"));
export const CartApi = stub<typeof Cart>("Cart", noInput("clear", "get", "removeCoupon"));
export const CouponApi = stub<typeof Coupon>("Coupon", noInput("get"));
export const OrderOrchestratorApi = stub<typeof OrderOrchestrator>("OrderOrchestrator", noInput("getOrder"));
export const OperatorInboxApi = stub<typeof OperatorInbox>("OperatorInbox", noInput("list"));
export const PaymentSettlementApi = stub<typeof PaymentSettlement>("PaymentSettlement", noInput("get"));
export const RiskReviewApi = stub<typeof RiskReview>("RiskReview", noInput("get"));
export const ProviderHealthApi = stub<typeof ProviderHealth>("ProviderHealth", noInput("status"));
export const WebhookProcessorApi = stub<typeof WebhookProcessor>("WebhookProcessor", rawBytes("stripe", "shippo", "sendgrid"));
export const CustomerApi = stub<typeof Customer>("Customer", noInput("currentCart", "get", "loyalty", "signInDetails"));
export const EmailIndexApi = stub<typeof EmailIndex>("EmailIndex", noInput("lookup"));
export const ReplenishmentApi = stub<typeof Replenishment>("Replenishment", noInput("ensureScheduled", "runNow", "status"));
export const PurchaseOrderApi = stub<typeof PurchaseOrder>("PurchaseOrder", noInput("get"));
export const PurchaseOrderBookApi = stub<typeof PurchaseOrderBook>("PurchaseOrderBook", noInput("list"));
export const WebhookSubscriptionsApi = stub<typeof WebhookSubscriptions>("WebhookSubscriptions", noInput("list"));
export const AnalyticsApi = stub<typeof Analytics>("Analytics");
export const OperationsApi = stub<typeof Operations>("Operations", noInput("database"));
export const CatalogApi = stub<typeof Catalog>("Catalog", noInput("categories"));
export const CatalogAdminApi = stub<typeof CatalogAdmin>("CatalogAdmin");
export const OrderNumbersApi = stub<typeof OrderNumbers>("OrderNumbers", noInput("resolve"));
export const CustomerOrdersApi = stub<typeof CustomerOrders>("CustomerOrders");
export const CouponRegistryApi = stub<typeof CouponRegistry>("CouponRegistry");
export const IdempotencyKeysApi = stub<typeof IdempotencyKeys>("IdempotencyKeys");
export const WishlistApi = stub<typeof Wishlist>("Wishlist", noInput("get"));
export const ProductReviewsApi = stub<typeof ProductReviews>("ProductReviews", noInput("list"));
export const SmsSubscriptionApi = stub<typeof SmsSubscription>("SmsSubscription", noInput("get"));
export const SmsNumbersApi = stub<typeof SmsNumbers>("SmsNumbers");
