/**
 * The services trusted clients call through the Restate ingress (the shop's HTTP API, scripts,
 * tests, learners' code), as type-only definitions: each constant carries just the service's name,
 * typed as the service it names, so a caller gets typed `@restatedev/restate-sdk-clients` calls
 * without loading any handler code. `ingress.objectClient(OrderOrchestratorApi, id).refund({ reason })`.
 */
import type { Cart } from "./objects/cart.ts";
import type { Coupon } from "./objects/coupon.ts";
import type { Customer } from "./objects/customer.ts";
import type { EmailIndex } from "./objects/email-index.ts";
import type { InventoryItem } from "./objects/inventory-item.ts";
import type { OperatorInbox } from "./objects/operator-inbox.ts";
import type { OrderOrchestrator } from "./objects/order-orchestrator.ts";
import type { PaymentSettlement } from "./objects/payment-settlement.ts";
import type { AdminQueries } from "./services/admin-queries.ts";
import type { Catalog } from "./services/catalog.ts";
import type { CatalogAdmin } from "./services/catalog-admin.ts";
import type { ProviderHealth } from "./services/provider-health.ts";
import type { WebhookProcessor } from "./services/webhook-processor.ts";

export const InventoryItemApi = { name: "InventoryItem" } as typeof InventoryItem;
export const CartApi = { name: "Cart" } as typeof Cart;
export const CouponApi = { name: "Coupon" } as typeof Coupon;
export const OrderOrchestratorApi = { name: "OrderOrchestrator" } as typeof OrderOrchestrator;
export const OperatorInboxApi = { name: "OperatorInbox" } as typeof OperatorInbox;
export const PaymentSettlementApi = { name: "PaymentSettlement" } as typeof PaymentSettlement;
export const ProviderHealthApi = { name: "ProviderHealth" } as typeof ProviderHealth;
export const WebhookProcessorApi = { name: "WebhookProcessor" } as typeof WebhookProcessor;
export const CustomerApi = { name: "Customer" } as typeof Customer;
export const EmailIndexApi = { name: "EmailIndex" } as typeof EmailIndex;
export const AdminQueriesApi = { name: "AdminQueries" } as typeof AdminQueries;
export const CatalogApi = { name: "Catalog" } as typeof Catalog;
export const CatalogAdminApi = { name: "CatalogAdmin" } as typeof CatalogAdmin;
