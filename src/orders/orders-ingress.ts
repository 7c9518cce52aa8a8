import type { IngressClient } from "@restatedev/restate-sdk-clients";
import type { VirtualObject } from "@restatedev/restate-sdk-core";
import { noInput, object, rawBytes, service } from "../platform/restate/ingress-contract.ts";
import type { Cart } from "./cart-object.ts";
import type { CustomerOrders } from "./customer-orders-object.ts";
import type { OrderNumbers } from "./order-numbers-object.ts";
import type { OrderOrchestrator } from "./order-orchestrator.ts";
import type { PaymentSettlement } from "./payment-settlement-object.ts";
import type { RiskReview } from "./risk-review.ts";
import type { WebhookProcessor } from "./webhook-processor.ts";

export const CartApi = object<typeof Cart>("Cart", noInput("clear", "get", "removeCoupon"));
export const OrderOrchestratorApi = object<typeof OrderOrchestrator>("OrderOrchestrator", noInput("getOrder"));
export const RiskReviewApi = object<typeof RiskReview>("RiskReview", noInput("get"));
export const OrderNumbersApi = object<typeof OrderNumbers>("OrderNumbers", noInput("resolve"));
export const CustomerOrdersApi = object<typeof CustomerOrders>("CustomerOrders");
export const PaymentSettlementApi = object<typeof PaymentSettlement>("PaymentSettlement", noInput("get"));
export const WebhookProcessorApi = service<typeof WebhookProcessor>("WebhookProcessor", rawBytes("stripe", "shippo", "sendgrid"));

export type CartClient = IngressClient<VirtualObject<typeof Cart>>;
