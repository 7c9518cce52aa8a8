import { CancelledError, type ObjectContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import { DEFAULT_CURRENCY } from "../../catalog/domain/product.ts";
import { loyaltyStanding, recordSpend } from "../../customers/customer-object.ts";
import { type NewEvent, publishEvents } from "../../events/event-delivery.ts";
import type { ShippingAddress } from "../../platform/domain/address.ts";
import { percentOf } from "../../platform/domain/allocation.ts";
import { MAX_MINOR_UNITS, money } from "../../platform/domain/money.ts";
import { decide } from "../../platform/restate/decide.ts";
import type { CouponEffect } from "../../pricing/domain/coupons.ts";
import { benefitOf, type LoyaltyStanding } from "../../pricing/domain/loyalty.ts";
import { type LoyaltyBenefit, priceOrder } from "../../pricing/domain/pricing.ts";
import { NO_TAX, taxRateFor } from "../../pricing/domain/tax.ts";
import type { ShippingQuote } from "../../providers/types.ts";
import { cancellationEmail, confirmationEmail, orderFailedEmail } from "../domain/emails.ts";
import { guestLinkKey, guestOrderToken, guestOrderUrl } from "../domain/guest-order-link.ts";
import {
  assertTotalNotRaised,
  type LineReservation,
  newOrder,
  type Order,
  type OrderResult,
  orderCurrency,
  parcelOf,
  type RequestedLine,
  record,
  reservationFailure,
  toResult,
  withPaymentStatus,
  withPricing,
  withStatus,
} from "../domain/order.ts";
import { orderFacts } from "../domain/order-facts.ts";
import type { Customer } from "../domain/order-input.ts";
import { orderName } from "../domain/order-model.ts";
import {
  combine,
  describeAssessment,
  RISK_REFUSAL_MESSAGE,
  RISK_REVIEW_REJECTED,
  type RiskAssessment,
  screenAuthorization,
} from "../domain/risk.ts";
import { linkReference } from "../order-lookup.ts";
import type { OrderSettings } from "../order-settings.ts";
import { awaitCaptureSettlement, awaitPaymentSettlement, holdingForPayment, stopWaiting } from "./async-payment.ts";
import { Compensations } from "./compensations.ts";
import { commitCoupon, releaseCoupon, reserveCoupon } from "./coupon-step.ts";
import { isBusinessFailure, notify } from "./effects.ts";
import { closeInterrupt, type Interrupt, openInterrupt } from "./interrupt.ts";
import { projectOrder } from "./order-projection.ts";
import type { OrderInvocation } from "./order-store.ts";
import { authorize, capture, voidAbandonedPayment } from "./payment-step.ts";
import { awaitReview, noteFailedPayment, type RiskFacts, riskFacts, screenOrder } from "./risk-step.ts";
import { buyLabel, quoteShipping, voidLabelOf } from "./shipping-step.ts";
import { awaitBackorders, commitLines, reserveLines, undoStock } from "./stock-step.ts";

/** What a checkout is asked to do: processOrder's input with its defaults filled in and its lines merged. */
export interface CheckoutRequest {
  orderId: string;
  lines: RequestedLine[];
  customer: Customer;
  shippingAddress: ShippingAddress;
  paymentMethod: string;
  shippingMethod: "standard" | "express";
  currency?: string | undefined;
  cartId?: string | undefined;
  customerId?: string | undefined;
  couponCode?: string | undefined;
  expectedTotal?: number | undefined;
  orderNumber?: string | undefined;
  notes?: string | undefined;
  requestFingerprint: string;
  /** This invocation's id: the order keeps it, so its saga's journal can be found from the order. */
  checkoutInvocationId?: string | undefined;
}

/**
 * A step failed for good, or the checkout was called off: the order ends `failed` or `cancelled`
 * with this reason, and the caller sees this HTTP status.
 */
class CheckoutFailure extends Error {
  readonly code: number;
  readonly ending: "failed" | "cancelled";
  constructor(message: string, code: number, ending: "failed" | "cancelled" = "failed") {
    super(message);
    this.code = code;
    this.ending = ending;
  }
}

/**
 * The saga's running state, one per checkout invocation: the order as saved so far (through the
 * invocation, which the projection reads), its compensations, the events still to tell, and the
 * runtime its steps call providers and read settings with.
 */
class Checkout {
  order: Order | undefined;
  /** When the order was admitted (the quote's clock); unknown if admission itself failed. */
  startedAt: number | undefined;
  readonly compensations = new Compensations();
  /** Domain events the checkout has to tell, sent together at its next wait or at its end. */
  private events: NewEvent[] = [];
  readonly interrupt: RestatePromise<Interrupt>;
  readonly invocation: OrderInvocation;
  private readonly ctx: ObjectContext;

  constructor(invocation: OrderInvocation) {
    this.invocation = invocation;
    this.ctx = invocation.ctx;
    this.interrupt = openInterrupt(invocation.ctx);
  }

  get rt() {
    return this.invocation.rt;
  }

  get current(): Order {
    return this.order!;
  }

  save(next: Order): Order {
    this.order = this.invocation.save(next);
    return this.order;
  }

  tell(type: NewEvent["type"], occurredAt: number, extra?: Record<string, unknown>): void {
    this.events.push({ type, subject: this.current.orderId, occurredAt, data: orderFacts(this.current, extra) });
  }

  flushEvents(): void {
    if (this.order) publishEvents(this.ctx, this.order.orderId, this.events);
    this.events = [];
  }
}

/**
 * The checkout saga, step by step, each step one wait on the server:
 *   admit (reserve stock ‖ shipping quote ‖ loyalty ‖ risk counters) → price (coupon, tax; a coupon is
 *   one more wait) → authorize → [settle] → [review] → [backorders] → commit stock ‖ buy label → capture.
 * Each compensation is registered before the action it undoes and, on a terminal failure, they run
 * newest first. Transient errors never reach this code: Restate retries them. The confirmation email
 * is not a step: the caller sends it one way once the order is paid (see sendConfirmation).
 */
export async function runCheckout(invocation: OrderInvocation, request: CheckoutRequest): Promise<OrderResult> {
  const { ctx } = invocation;
  const saga = new Checkout(invocation);
  try {
    const admitted = await admit(ctx, saga, request);
    const quote = await price(ctx, saga, request, admitted);
    const paymentIntentId = await pay(ctx, saga, screenOrder(saga.rt, saga.current, admitted.risk));
    await awaitBackorderedStock(ctx, saga, admitted.reservations);
    const rateId = await ship(ctx, saga, quote);
    await collect(ctx, saga, paymentIntentId, rateId);
  } catch (error) {
    return failOrder(ctx, saga, checkoutFailure(error), request);
  }
  closeInterrupt(ctx);
  const order = saga.current;
  if (order.coupon) commitCoupon(ctx, order, order.coupon.code);
  if (order.customerId)
    recordSpend(ctx, order.customerId, {
      kind: "order",
      reference: order.orderId,
      amount: order.payment.amountCaptured,
      currency: order.currency,
    });
  saga.tell("OrderPlaced", order.updatedAt, { items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })) });
  saga.flushEvents();
  return toResult(order);
}

/**
 * Only once the order is paid is it real for the customer: the confirmation email, in an invocation
 * of its own that the checkout's caller does not wait for. Sent at most once per order (its dedupKey);
 * its failure rolls nothing back.
 */
export async function sendConfirmation(invocation: OrderInvocation, order: Order): Promise<void> {
  const { ctx, rt } = invocation;
  const message = confirmationEmail(order, guestOrderLink(rt.settings, order));
  if (order.notifications.some((n) => n.dedupKey === message.dedupKey)) return;
  invocation.save(await notify(ctx, rt, order, message));
}

/**
 * The page of an order placed without an account (through a guest cart), for its confirmation
 * email. Computed here, from the order and the key, and used only inside the email's provider step:
 * the token never enters the journal or the state.
 */
function guestOrderLink(
  settings: OrderSettings,
  order: {
    orderNumber?: string | undefined;
    customerId?: string | undefined;
    createdAt: number;
  },
): string | undefined {
  const key = settings.apiCallerKeys[0];
  if (!order.orderNumber || order.customerId || !key) return undefined;
  return guestOrderUrl(settings.shopUrl, order.orderNumber, guestOrderToken(guestLinkKey(key), order.orderNumber, order.createdAt));
}

/** A quote the carrier refused for good is the order's failure (422) unless it says why itself (4xx). */
function quoteFailure<T>(value: T | undefined, failure: TerminalError | undefined): T {
  if (!failure) return value!;
  throw failure.code >= 400 && failure.code < 500 ? failure : new TerminalError(failure.message, { errorCode: 422 });
}

/** What the first step learned: the reservations, the carrier's quote, the customer's standing and the risk counters. */
interface Admission {
  reservations: LineReservation[];
  quoted: { value: ShippingQuote; startedAt: number; at: number };
  standing: LoyaltyStanding | undefined;
  risk: RiskFacts;
}

/**
 * 1. Admission, one wait for everything that does not depend on anything else: every line's
 * reservation (the answers carry the prices; the order exists from here on), the carrier's quote (in
 * the currency asked for, or the shop's: an order priced in another is quoted again), the account's
 * loyalty standing, and the risk counters. The quote's clock is the order's.
 */
async function admit(ctx: ObjectContext, saga: Checkout, request: CheckoutRequest): Promise<Admission> {
  const skus = request.lines.map((l) => l.sku);
  saga.compensations.add("release stock", () => undoStock(ctx, request.orderId, skus));
  const shipment = {
    orderId: request.orderId,
    to: request.shippingAddress,
    parcel: parcelOf(request.lines),
    method: request.shippingMethod,
  };
  const [reservations, quoted, risk, standing] = await RestatePromise.all([
    reserveLines(ctx, request.orderId, request.lines),
    quoteShipping(ctx, saga.rt, { ...shipment, currency: request.currency ?? DEFAULT_CURRENCY }).map(quoteFailure),
    riskFacts(ctx, saga.rt, request),
    request.customerId ? loyaltyStanding(ctx, request.customerId) : RestatePromise.resolve(undefined),
  ]);
  saga.startedAt = quoted.startedAt;
  const currency = orderCurrencyOf(reservations, request.currency);
  const lines = reservations.map((r) => ({ sku: r.sku, name: r.name, quantity: r.quantity, unitPrice: r.price }));
  const itemsTotal = lines.reduce((sum, l) => sum + BigInt(l.unitPrice) * BigInt(l.quantity), 0n);
  if (itemsTotal > BigInt(MAX_MINOR_UNITS)) {
    // Refused before the order exists: the reservations are released, nothing is charged.
    throw new TerminalError(
      `items: the order total of ${itemsTotal} minor units of ${currency} exceeds ${MAX_MINOR_UNITS}, the most one payment can charge; split the order`,
      { errorCode: 400 },
    );
  }
  saga.save(
    newOrder({
      ...request,
      currency,
      // Items only for now: shipping, discount and tax come with the next step.
      priced: priceOrder({ lines, currency, shipping: 0, taxRate: NO_TAX }),
      now: quoted.startedAt,
    }),
  );
  const refused = reservationFailure(reservations);
  if (refused) throw new CheckoutFailure(refused, 409);
  const inCurrency =
    quoted.value.cost.currency === currency
      ? quoted
      : await quoteShipping(ctx, saga.rt, { ...shipment, currency }, `quote ${currency}`).catch(failWith(422));
  return { reservations, quoted: inCurrency, standing, risk };
}

function orderCurrencyOf(reservations: LineReservation[], requested: string | undefined): string {
  return decide(() => orderCurrency(reservations, requested));
}

/** 2. The full price: the carrier's quote, the coupon (a redemption held for this order: one wait), the tier's discount, tax. */
async function price(ctx: ObjectContext, saga: Checkout, request: CheckoutRequest, admitted: Admission): Promise<ShippingQuote> {
  const { reservations, quoted, standing } = admitted;
  saga.save(record(saga.current, quoted.startedAt, "stock_reserved", reservations.map((r) => r.sku).join(", ")));
  const quote = quoted.value;
  let coupon: CouponEffect | undefined;
  if (request.couponCode) {
    const code = request.couponCode;
    saga.compensations.add("release coupon", () => releaseCoupon(ctx, saga.current, code));
    coupon = await reserveCoupon(ctx, saga.current, code).catch(failWith(409));
  }
  const order = saga.current;
  const loyalty = standing && benefitOf(saga.rt.settings.loyalty, standing, order.currency);
  const priced = priceOrderOf(saga.rt.settings, order, reservations, quote, coupon, loyalty);
  saga.save({
    ...withPricing(order, priced, quoted.at, coupon && { code: coupon.code, type: coupon.type }, loyalty?.tier),
    shipment: { ...order.shipment, rateId: quote.rateId, quotedCost: quote.cost },
  });
  decide(() => assertTotalNotRaised(saga.current, request.expectedTotal));
  return quote;
}

function priceOrderOf(
  settings: OrderSettings,
  order: Order,
  reservations: LineReservation[],
  quote: ShippingQuote,
  coupon: CouponEffect | undefined,
  loyalty: LoyaltyBenefit | undefined,
) {
  if (quote.cost.currency !== order.currency) {
    throw new CheckoutFailure(`the carrier quoted ${quote.cost.currency}, the order is in ${order.currency}`, 422);
  }
  // A broken pricing rule (a discount above the total…) is the order's failure; a bug in pricing is not: it is retried.
  return decide(() =>
    priceOrder({
      lines: reservations.map((r) => ({ sku: r.sku, name: r.name, quantity: r.quantity, unitPrice: r.price })),
      currency: order.currency,
      shipping: quote.cost.amount,
      coupon,
      loyalty,
      taxRate: taxRateFor(settings.taxTable, order.shippingAddress),
    }),
  );
}

/**
 * 3. Screen the order's risk, authorize the total (manual capture); an asynchronous payment is waited
 * for, and can be called off. The rules that need the provider's answer (card country, Radar) screen
 * it once authorized: a refusal voids, a review waits for an admin with the money held.
 */
async function pay(ctx: ObjectContext, saga: Checkout, screened: RiskAssessment): Promise<string> {
  if (screened.decision === "refuse") {
    // Refused before any money moves.
    saga.save(record(saga.current, await ctx.date.now(), "risk_refuse", describeAssessment(screened)));
    throw new CheckoutFailure(RISK_REFUSAL_MESSAGE, 402);
  }
  // The void is registered first: a timed-out call may have authorized.
  saga.compensations.add("void payment", () => voidAbandonedPayment(ctx, saga.rt, saga.current));
  const orderId = saga.current.orderId;
  let step: Awaited<ReturnType<typeof authorize>>;
  try {
    step = await authorize(ctx, saga.rt, saga.current);
  } catch (error) {
    const failure = checkoutFailure(error, 402);
    // A decline authorized nothing; only an authorization that ran out of retries may need a void.
    if (isBusinessFailure(error)) {
      saga.compensations.drop("void payment");
      await noteFailedPayment(ctx, saga.rt, saga.current);
    }
    saga.save({ ...saga.current, paymentStatus: "failed", payment: { ...saga.current.payment, failureReason: failure.message } });
    throw failure;
  }
  const authorization = step.value;
  let order: Order = { ...saga.current, payment: { ...saga.current.payment, paymentIntentId: authorization.paymentIntentId } };
  linkReference(ctx, `pi:${authorization.paymentIntentId}`, orderId);
  let authorizedAt = step.at;
  if (authorization.status === "pending") {
    order = saga.save(
      record(order, step.at, "payment_pending", `${authorization.paymentIntentId} needs the customer or the bank; waiting for its webhook`),
    );
    saga.compensations.add("stop waiting for the payment", async () => stopWaiting(ctx, orderId));
    await projectOrder(saga.invocation);
    holdingForPayment(ctx, order, true);
    let settled: Awaited<ReturnType<typeof awaitPaymentSettlement>>;
    try {
      settled = await awaitPaymentSettlement(ctx, order, saga.rt.settings.asyncPaymentHoldMs, saga.interrupt);
    } finally {
      holdingForPayment(ctx, order, false);
    }
    if (!settled.ok) {
      if (settled.kind === "interrupted") throw new CheckoutFailure(settled.reason, 409, "cancelled");
      // A failed payment is failed; one that never settled is voided by the compensation.
      if (settled.kind === "failed") {
        order = saga.save({ ...order, paymentStatus: "failed" });
        await noteFailedPayment(ctx, saga.rt, order);
      }
      saga.save({ ...order, payment: { ...order.payment, failureReason: settled.reason } });
      throw new CheckoutFailure(settled.reason, settled.kind === "failed" ? 402 : 408);
    }
    authorizedAt = await ctx.date.now();
    order = record(order, authorizedAt, "payment_settled", authorization.paymentIntentId);
  }
  order = withPaymentStatus({ ...order, payment: { ...order.payment, amountAuthorized: authorization.amount } }, "authorized");
  order = record(order, authorizedAt, "payment_authorized", authorization.paymentIntentId);
  const risk = combine(
    screened,
    screenAuthorization(
      { shippingCountry: order.shippingAddress.country, cardCountry: authorization.cardCountry, radarRiskLevel: authorization.riskLevel },
      saga.rt.settings.risk,
    ),
  );
  order = saga.save(record(order, authorizedAt, `risk_${risk.decision}`, describeAssessment(risk)));
  if (risk.decision === "refuse") throw new CheckoutFailure(RISK_REFUSAL_MESSAGE, 402);
  if (risk.decision === "review") {
    authorizedAt = await holdForReview(ctx, saga);
    order = saga.current;
  }
  saga.save(withStatus(order, "confirmed"));
  // The lines, so a subscriber to inventory.reserved learns what is held without calling back.
  saga.tell("OrderConfirmed", authorizedAt, { items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })) });
  return authorization.paymentIntentId;
}

/**
 * 3b. The order waits in review: the money is held, the stock stays reserved, nothing ships. An admin's
 * approval goes on with the checkout (answers when it was approved); a rejection, the review timeout
 * or the customer's cancel ends it cancelled, and the compensations void the payment and release the stock.
 */
async function holdForReview(ctx: ObjectContext, saga: Checkout): Promise<number> {
  const order = saga.save(withStatus(saga.current, "review"));
  // What happened so far is told before a wait that may last days.
  saga.flushEvents();
  await projectOrder(saga.invocation);
  const outcome = await awaitReview(ctx, order.orderId, saga.rt.settings.riskReviewTimeoutMs, saga.interrupt);
  const at = await ctx.date.now();
  if (outcome.kind === "interrupted") throw new CheckoutFailure(outcome.reason, 409, "cancelled");
  const { decision } = outcome;
  const note = decision.note ? `: ${decision.note}` : "";
  if (outcome.kind === "expired") {
    saga.save(
      record(
        saga.current,
        at,
        "review_expired",
        `nobody decided within ${Math.round(saga.rt.settings.riskReviewTimeoutMs / 60_000)} min; rejected`,
      ),
    );
    throw new CheckoutFailure(RISK_REVIEW_REJECTED, 409, "cancelled");
  }
  saga.save(record(saga.current, at, decision.approve ? "review_approved" : "review_rejected", `by ${decision.by}${note}`));
  if (!decision.approve) throw new CheckoutFailure(RISK_REVIEW_REJECTED, 409, "cancelled");
  return at;
}

/** 4. Lines ordered beyond stock wait — first come, first served — until a restock serves them, or the deadline. */
async function awaitBackorderedStock(ctx: ObjectContext, saga: Checkout, reservations: LineReservation[]): Promise<void> {
  const skus = reservations.filter((r) => r.status === "backordered").map((r) => r.sku);
  if (skus.length === 0) return;
  const now = await ctx.date.now();
  const deadline = now + saga.rt.settings.backorderDeadlineMs;
  const order = { ...withStatus(saga.current, "backordered"), backorder: { skus, deadline } };
  saga.save(record(order, now, "backordered", `${skus.join(", ")}: waiting for stock until ${new Date(deadline).toISOString()}`));
  // What happened so far is told before a wait that may last days.
  saga.flushEvents();
  await projectOrder(saga.invocation);
  const wait = await awaitBackorders(ctx, order.orderId, skus, deadline, saga.interrupt);
  if (wait.kind === "interrupted") throw new CheckoutFailure(wait.reason, 409, "cancelled");
  if (wait.kind === "timeout") {
    throw new CheckoutFailure(
      `the backordered items (${skus.join(", ")}) did not arrive by ${new Date(deadline).toISOString()}`,
      409,
      "cancelled",
    );
  }
  saga.save(record(saga.current, await ctx.date.now(), "stock_allocated", skus.join(", ")));
}

/**
 * 5. The stock is sold while the label is bought: both only need the authorization. The label is for
 * the quoted rate; if the carrier now charges more than the shop absorbs, the checkout fails (422).
 */
async function ship(ctx: ObjectContext, saga: Checkout, quote: ShippingQuote): Promise<string> {
  const order = saga.current;
  const commits = commitLines(
    ctx,
    order.orderId,
    order.items.map((i) => i.sku),
  );
  const unshipped = async (error: unknown): Promise<never> => {
    // The sale happened even if the label did not: the log says so before the compensation undoes it.
    await commits;
    saga.save(record(saga.current, await ctx.date.now(), "stock_committed"));
    throw checkoutFailure(error, 422);
  };
  // The void is registered before the purchase: a purchase whose answer was lost may have bought one.
  saga.compensations.add("void label", () => voidLabelOf(ctx, saga.rt, saga.current, quote.rateId));
  const queued = (labelId: string, at: number) =>
    saga.save(record(saga.current, at, "label_queued", `${labelId}: the carrier queued the purchase; waiting for it`));
  const { label, at } = await buyLabel(ctx, saga.rt, order, quote.rateId, queued).catch(unshipped);
  await commits;
  // saga.current, not order: a queued label added to the log while the saga waited for it.
  let next = record(saga.current, at, "stock_committed");
  next = {
    ...next,
    shipment: {
      ...next.shipment,
      carrier: label.carrier,
      service: label.service,
      cost: label.cost,
      labelId: label.labelId,
      labelUrl: label.labelUrl,
      trackingNumber: label.trackingNumber,
      trackingStatus: "PRE_TRANSIT",
      ...(label.trackingUrl ? { trackingUrl: label.trackingUrl } : {}),
    },
  };
  saga.save(record(withStatus(next, "processing"), at, "label_purchased", `${label.carrier} ${label.trackingNumber}`));
  linkReference(ctx, `track:${label.trackingNumber}`, order.orderId);
  const absorbed = percentOf(quote.cost.amount, saga.rt.settings.shippingToleranceBps);
  if (label.cost.currency !== quote.cost.currency || label.cost.amount > quote.cost.amount + absorbed) {
    throw new CheckoutFailure(
      `the carrier now charges ${money(label.cost.amount, label.cost.currency)} for the label, more than the ${money(quote.cost.amount, quote.cost.currency)} quoted and the ${money(absorbed, quote.cost.currency)} the shop absorbs`,
      422,
    );
  }
  return quote.rateId;
}

/** 6. Capture. Retried durably (never given up on); a terminal answer means the authorization is gone. */
async function collect(ctx: ObjectContext, saga: Checkout, paymentIntentId: string, rateId: string): Promise<void> {
  const order = saga.current;
  const captured = await capture(ctx, saga.rt, order, paymentIntentId).catch((error) => {
    raiseOperatorAlert(ctx, {
      id: `${order.orderId}:capture-failed`,
      kind: "capture_failed",
      orderId: order.orderId,
      message: `capture of ${money(order.total, order.currency)} on ${paymentIntentId} was refused: ${errorMessage(error)}; label ${order.shipment.trackingNumber ?? rateId} was bought`,
    });
    return Promise.reject(checkoutFailure(error, 402));
  });
  let amountCaptured = captured.amountCaptured;
  let capturedAt = captured.at;
  if (captured.status === "pending") {
    // Captured, but the provider is still processing the money: its webhook says how it ends.
    saga.save(record(order, captured.at, "capture_pending", `${paymentIntentId} is processing; waiting for its webhook`));
    await projectOrder(saga.invocation);
    const settled = await awaitCaptureSettlement(ctx, saga.current, paymentIntentId, saga.rt.settings.asyncPaymentHoldMs);
    if (!settled.ok) {
      saga.save({ ...saga.current, paymentStatus: "failed", payment: { ...saga.current.payment, failureReason: settled.reason } });
      throw new CheckoutFailure(settled.reason, 402);
    }
    amountCaptured = order.total;
    capturedAt = await ctx.date.now();
  }
  const paid = withPaymentStatus({ ...saga.current, payment: { ...saga.current.payment, amountCaptured } }, "captured");
  saga.save(record(paid, capturedAt, "payment_captured", money(amountCaptured, order.currency)));
}

const failWith =
  (code: number) =>
  (error: unknown): never => {
    throw checkoutFailure(error, code);
  };

/**
 * What ends the saga: its own business failures, a TerminalError from a step (any terminal answer is
 * final, so it is compensated like the rest), or Restate cancelling the invocation (an operator's
 * `restate invocations cancel`), which arrives as a CancelledError at the step the saga was awaiting.
 * Anything else is transient and goes back to Restate to retry.
 */
function checkoutFailure(error: unknown, fallbackCode = 500): CheckoutFailure {
  if (error instanceof CheckoutFailure) return error;
  if (error instanceof CancelledError) return new CheckoutFailure("the checkout was cancelled in Restate", 409, "cancelled");
  if (error instanceof TerminalError) {
    return new CheckoutFailure(error.message, error.code >= 400 && error.code < 500 ? error.code : fallbackCode);
  }
  throw error;
}

async function failOrder(ctx: ObjectContext, saga: Checkout, failure: CheckoutFailure, request: CheckoutRequest): Promise<never> {
  const undone = await saga.compensations.unwind();
  closeInterrupt(ctx);
  const order = saga.order;
  if (!order) {
    // Refused before the order existed (an unknown SKU, lines in two currencies). An order number
    // was handed out for it, so the failure is kept under that number rather than leaving a gap.
    if (request.orderNumber) {
      const at = await ctx.date.now();
      saga.invocation.save(unpricedFailure(request, failure, saga.startedAt ?? at, at));
    }
    throw checkoutEnded(failure, request);
  }
  const wasAuthorized = order.payment.amountAuthorized > 0 || order.payment.amountCaptured > 0;
  const cancelled = failure.ending === "cancelled";
  let ended: Order = cancelled
    ? { ...withStatus(order, "cancelled"), cancelReason: failure.message }
    : { ...order, status: "failed", failureReason: failure.message, failureCode: failure.code };
  // Voided only where something was authorized; an order that never reached the payment stays failed.
  if (order.payment.paymentIntentId && (order.paymentStatus === "authorized" || order.paymentStatus === "pending")) {
    ended = withPaymentStatus(ended, "voided");
  } else if (order.paymentStatus === "pending") {
    ended = withPaymentStatus(ended, "failed");
  }
  const at = await ctx.date.now();
  ended = record(ended, at, cancelled ? "order_cancelled" : "order_failed", failure.message);
  ended = saga.save(record(ended, at, "compensated", undone.join(", ")));
  saga.tell(cancelled ? "OrderCancelled" : "OrderFailed", at, { reason: failure.message });
  saga.flushEvents();
  // The customer saw a decline at checkout; after an authorization they may be gone, so they get an email.
  if (cancelled) {
    saga.invocation.save(await notify(ctx, saga.rt, ended, cancellationEmail(ended)));
  } else if (wasAuthorized) {
    // Money was held for it: the customer is told, and so are the people running the shop.
    raiseOperatorAlert(ctx, {
      id: `${order.orderId}:order-failed`,
      kind: "order_failed",
      orderId: order.orderId,
      message: `order ${orderName(order)} failed after its payment was authorized: ${failure.message}`,
    });
    saga.invocation.save(await notify(ctx, saga.rt, ended, orderFailedEmail(ended)));
  }
  throw checkoutEnded(failure, order);
}

/**
 * The saga's answer when it ends without a paid order: the reason and status the caller sees, and as
 * metadata the order's number (the name clients know it by) and how it ended (`failed`: a step
 * failed for good; `cancelled`: the customer, the shop or an operator called it off).
 */
function checkoutEnded(failure: CheckoutFailure, order: { orderId: string; orderNumber?: string | undefined }): TerminalError {
  const message = failure.ending === "cancelled" ? `order ${orderName(order)} was cancelled: ${failure.message}` : failure.message;
  return new TerminalError(message, {
    errorCode: failure.code,
    metadata: { ending: failure.ending, ...(order.orderNumber ? { orderNumber: order.orderNumber } : {}) },
  });
}

/** An order that failed before any line was priced: what was asked for, and why it failed. */
function unpricedFailure(request: CheckoutRequest, failure: CheckoutFailure, startedAt: number, at: number): Order {
  const currency = request.currency ?? DEFAULT_CURRENCY;
  const order = newOrder({
    ...request,
    currency,
    priced: priceOrder({ lines: [], currency, shipping: 0, taxRate: NO_TAX }),
    now: startedAt,
  });
  const asked = request.lines.map((l) => `${l.quantity} × ${l.sku}`).join(", ");
  return record(
    { ...order, status: "failed", failureReason: failure.message, failureCode: failure.code },
    at,
    "order_failed",
    `${failure.message} (asked for ${asked})`,
  );
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
