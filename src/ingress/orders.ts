import type { IngressClient } from "@restatedev/restate-sdk-clients";
import type { VirtualObject } from "@restatedev/restate-sdk-core";
import type { Cart } from "../objects/cart.ts";
import type { CustomerOrders } from "../objects/customer-orders.ts";
import type { OrderNumbers } from "../objects/order-numbers.ts";
import type { OrderOrchestrator } from "../objects/order-orchestrator.ts";
import type { PaymentSettlement } from "../objects/payment-settlement.ts";
import type { RiskReview } from "../objects/risk-review.ts";
import type { WebhookProcessor } from "../services/webhook-processor.ts";
import { noInput, object, rawBytes, service } from "./contract.ts";

export const CartApi = object<typeof Cart>("Cart", noInput("clear", "get", "removeCoupon"));
export const OrderOrchestratorApi = object<typeof OrderOrchestrator>("OrderOrchestrator", noInput("getOrder"));
export const RiskReviewApi = object<typeof RiskReview>("RiskReview", noInput("get"));
export const OrderNumbersApi = object<typeof OrderNumbers>("OrderNumbers", noInput("resolve"));
export const CustomerOrdersApi = object<typeof CustomerOrders>("CustomerOrders");
export const PaymentSettlementApi = object<typeof PaymentSettlement>("PaymentSettlement", noInput("get"));
export const WebhookProcessorApi = service<typeof WebhookProcessor>("WebhookProcessor", rawBytes("stripe", "shippo", "sendgrid"));

export type CartClient = IngressClient<VirtualObject<typeof Cart>>;
