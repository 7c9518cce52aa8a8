/**
 * What the order flow needs from the outside world. The saga only sees these interfaces; MOCK_MODE
 * serves them from `mocks/`, production from the Stripe, Shippo and SendGrid clients in this folder.
 *
 * Error contract (decided here, once): a business failure — declined card, invalid request, label
 * impossible for this address, rejected email — is thrown as a restate `TerminalError` whose
 * `errorCode` is the HTTP status the order should report (402 declined, 422 unprocessable, 400
 * invalid). Anything else (timeouts, 5xx, 409/429, connection errors, an open circuit breaker) is
 * thrown as a plain Error so `ctx.run` retries it. Only plain JSON is returned: results are journaled.
 */

export type ShippingMethod = "standard" | "express";

export interface Address {
  name?: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

// ---------------------------------------------------------------- payments

export interface AuthorizeRequest {
  orderId: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  paymentMethod: string;
  customerEmail: string;
  /** `${orderId}:authorize` — the provider returns the same PaymentIntent for the same key. */
  idempotencyKey: string;
}

export interface PaymentAuthorization {
  paymentIntentId: string;
  /**
   * authorized: funds are held (manual capture).
   * pending: the provider needs more (3-D Secure, an async method); a webhook settles it later.
   */
  status: "authorized" | "pending";
  amount: number;
  currency: string;
  /** The charge's risk assessment (Stripe Radar's `outcome.risk_level`), when the provider gave one. */
  riskLevel?: string;
  /** Where the card was issued (ISO 3166 alpha-2), when the provider said: the order has no billing address. */
  cardCountry?: string;
}

export interface CaptureRequest {
  orderId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

export interface PaymentCapture {
  paymentIntentId: string;
  /** captured: the money is taken; pending: the provider is still processing it (its webhook settles it). */
  status: "captured" | "pending";
  /** What was taken; 0 while pending. */
  amountCaptured: number;
  currency: string;
}

export interface VoidRequest {
  orderId: string;
  paymentIntentId: string;
  idempotencyKey: string;
  reason?: "abandoned" | "requested_by_customer" | "fraudulent" | "duplicate";
}

export interface PaymentVoid {
  paymentIntentId: string;
  status: "voided";
}

export interface RefundRequest {
  orderId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string;
  /** `${orderId}:refund:${n}` */
  idempotencyKey: string;
}

export interface PaymentRefund {
  refundId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: "succeeded" | "pending";
}

export interface PaymentGateway {
  authorize(request: AuthorizeRequest): Promise<PaymentAuthorization>;
  capture(request: CaptureRequest): Promise<PaymentCapture>;
  /** Releases an uncaptured authorization. Voiding an already-voided intent succeeds. */
  void(request: VoidRequest): Promise<PaymentVoid>;
  refund(request: RefundRequest): Promise<PaymentRefund>;
}

// ---------------------------------------------------------------- shipping

export interface Parcel {
  weightGrams: number;
  itemCount: number;
}

export interface ShipmentRequest {
  orderId: string;
  to: Address;
  parcel: Parcel;
  method: ShippingMethod;
  /** The order's currency: the rate must be in it (no USD shipping on a EUR order). */
  currency: string;
}

/** The rate chosen for the shipping method. Journaled, so a retried purchase reuses the same rate. */
export interface ShippingQuote {
  shipmentId: string;
  rateId: string;
  carrier: string;
  service: string;
  cost: { amount: number; currency: string };
}

export interface LabelRequest {
  orderId: string;
  rateId: string;
}

export interface ShippingLabel {
  /** The provider's id of the purchase (Shippo transaction). */
  labelId: string;
  trackingNumber: string;
  carrier: string;
  service: string;
  labelUrl: string;
  trackingUrl?: string;
  cost: { amount: number; currency: string };
}

/**
 * What a purchase led to: the label, or a purchase the provider queued (Shippo may queue one even when
 * asked to buy synchronously): buying again for the same rate finds it, bought or not yet.
 */
export type LabelPurchase = { status: "bought"; label: ShippingLabel } | { status: "queued"; labelId: string };

export interface VoidLabelRequest {
  orderId: string;
  /** The quoted rate: the provider finds whatever label was bought for it, so a purchase whose answer was lost is covered too. */
  rateId: string;
}

export interface LabelVoid {
  /** voided: the label is (being) refunded and will not ship; none: no label was ever bought for the rate. */
  status: "voided" | "none";
  labelId?: string;
}

export type TrackingStatus = "UNKNOWN" | "PRE_TRANSIT" | "TRANSIT" | "DELIVERED" | "RETURNED" | "FAILURE";

export interface TrackingEvent {
  status: TrackingStatus;
  details: string;
  /** ISO-8601. */
  at: string;
}

export interface TrackingInfo {
  carrier: string;
  trackingNumber: string;
  status: TrackingStatus;
  history: TrackingEvent[];
}

export interface ShippingProvider {
  /** Creates the shipment and picks the rate for the method (standard = cheapest, express = fastest). */
  quote(request: ShipmentRequest): Promise<ShippingQuote>;
  /** Buys the label for a quoted rate; a label already bought (or queued) for that rate is returned, never bought twice. */
  buyLabel(request: LabelRequest): Promise<LabelPurchase>;
  getTracking(carrier: string, trackingNumber: string): Promise<TrackingInfo>;
  /**
   * Voids (refunds) the label bought for a rate, so the parcel never ships; idempotent. A carrier that
   * refuses — the parcel was already scanned or is moving — is a business failure (TerminalError 409).
   */
  voidLabel(request: VoidLabelRequest): Promise<LabelVoid>;
}

// ---------------------------------------------------------------- email

export type EmailKind =
  | "order_confirmation"
  | "shipping_notification"
  | "delivery_notification"
  | "cancellation"
  | "refund"
  | "payment_failed"
  | "order_failed"
  | "low_stock_alert"
  | "operator_alert"
  | "purchase_order"
  | "welcome"
  | "back_in_stock";

export interface EmailMessage {
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per business event, e.g. `${orderId}:order_confirmation`; echoed in provider events. */
  dedupKey: string;
  orderId?: string;
  /** Values for a provider-side dynamic template, when one is configured for this kind. */
  templateData: Record<string, string | number>;
}

export interface EmailReceipt {
  messageId: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<EmailReceipt>;
}

// ---------------------------------------------------------------- sms

export type SmsKind = "shipped" | "delivered";

export interface SmsMessage {
  kind: SmsKind;
  /** E.164, e.g. +15551234567. */
  to: string;
  body: string;
  /** Deterministic per business event and recipient: the ctx.run step's name and the mock ledger's key. */
  dedupKey: string;
  orderId?: string;
}

export interface SmsReceipt {
  messageId: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SmsReceipt>;
}

export interface Providers {
  payments: PaymentGateway;
  shipping: ShippingProvider;
  email: EmailSender;
  sms: SmsSender;
}
