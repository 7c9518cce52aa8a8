import type { CustomerSettings } from "../customers/customer-settings.ts";
import type { TaxTable } from "../pricing/domain/tax.ts";
import type { RiskRules } from "./domain/risk.ts";

/** What the cart and the order's handlers read from the runtime's settings (with the customers' loyalty program). */
export interface OrderSettings extends CustomerSettings {
  /** How long an order waits for an asynchronous payment to settle before it gives up. */
  asyncPaymentHoldMs: number;
  /** How often an order looks up a label the carrier queued, when no webhook told it sooner. */
  labelPollIntervalMs: number;
  /** How long an order waits for a label the carrier queued before it fails (and is compensated). */
  labelQueueWaitMs: number;
  /** How long a backordered order waits for stock before it is cancelled. */
  backorderDeadlineMs: number;
  /** How much above the quote (basis points) a label may cost before the checkout fails instead. */
  shippingToleranceBps: number;
  taxTable: TaxTable;
  /** Days after delivery during which a customer may ask for a refund. */
  returnWindowDays: number;
  /** What a customer may be refunded without an admin over an order's whole life (minor units). */
  autoApproveRefundLimit: number;
  /** Orders one customer may have waiting for an asynchronous payment at once. */
  maxOrdersAwaitingPayment: number;
  /** Risk screening around the authorization: thresholds and what each rule does. */
  risk: RiskRules;
  /** How long an order waits in risk review before it is rejected. */
  riskReviewTimeoutMs: number;
  /** Where buyers open the shop (SHOP_URL): guest orders' emails link to their order page there. */
  shopUrl: string;
}
