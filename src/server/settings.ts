import type { RiskRules } from "../orders/domain/risk.ts";
import type { LoyaltyProgram } from "../pricing/domain/loyalty.ts";
import type { TaxTable } from "../pricing/domain/tax.ts";

/** Settings the handlers read, fixed once at startup from the validated configuration (a part of the Runtime). */
export interface Settings {
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
  loyalty: LoyaltyProgram;
  /** Days after delivery during which a customer may ask for a refund. */
  returnWindowDays: number;
  /** What a customer may be refunded without an admin over an order's whole life (minor units). */
  autoApproveRefundLimit: number;
  /** Orders one customer may have waiting for an asynchronous payment at once. */
  maxOrdersAwaitingPayment: number;
  operatorEmail: string;
  /** How the shop names itself to suppliers. */
  shopName: string;
  /** How often the replenishment scan runs. */
  replenishmentIntervalMs: number;
  /** Key the outbound webhooks' signing secrets are derived from; unset, nothing can be delivered. */
  eventsSigningKey: string | undefined;
  eventRetryInitialMs: number;
  eventMaxAttempts: number;
  /** Whether subscriptions may point at loopback, private and link-local addresses. */
  eventsAllowPrivateUrls: boolean;
  /** A Slack-compatible incoming webhook operator alerts are posted to, when set. */
  slackWebhookUrl: string | undefined;
  /** API_CALLER_KEY: the first signs this service's own calls to handlers that demand it, any verifies; none, and those handlers refuse every call. */
  apiCallerKeys: string[];
  /** Risk screening around the authorization: thresholds and what each rule does. */
  risk: RiskRules;
  /** How long an order waits in risk review before it is rejected. */
  riskReviewTimeoutMs: number;
  /** Where buyers open the shop (SHOP_URL): guest orders' emails link to their order page there. */
  shopUrl: string;
}
