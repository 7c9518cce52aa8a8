import { CancelledError, RestatePromise, TerminalError, type ObjectContext } from "@restatedev/restate-sdk";
import { cancellationEmail, confirmationEmail, orderFailedEmail } from "../../domain/emails.ts";
import {
  parcelOf,
  record,
  toResult,
  withPaymentStatus,
  withStatus,
  type Order,
  type OrderResult,
} from "../../domain/order.ts";
import { providers } from "../../providers/registry.ts";
import type { AuthorizeRequest, PaymentAuthorization } from "../../providers/types.ts";
import { InventoryItem } from "../inventory-item.ts";
import { raiseOperatorAlert } from "../operator-inbox.ts";
import { linkReference } from "../order-lookup.ts";
import { awaitPaymentSettlement, stopWaiting } from "./async-payment.ts";
import { isBusinessFailure, moneyStep, notify, timedStep } from "./effects.ts";
import { voidLabel } from "./label-void.ts";
import { saveOrder } from "./store.ts";

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

type Compensation = { name: string; undo: () => Promise<void> };

/**
 * The checkout saga: reserve → authorize → confirmed → commit stock → quote + label → capture →
 * confirmation email. Each compensation is registered before the action it undoes (the action
 * may have happened even if its call failed) and, on a terminal failure, they run in reverse.
 * Transient errors never reach this code: Restate retries them.
 */
export async function runCheckout(ctx: ObjectContext, initial: Order, awaitTimeoutMs: number): Promise<OrderResult> {
  let order = initial;
  const save = (next: Order) => (order = saveOrder(ctx, next));
  const at = () => ctx.date.now();
  const compensations: Compensation[] = [];
  const skus = order.items.map((i) => i.sku);
  const orderId = order.orderId;

  try {
    // 1. Reserve every line in parallel (lines of one SKU were merged before pricing).
    compensations.push({ name: "release stock", undo: () => undoStock(ctx, orderId, skus) });
    const reservations = await RestatePromise.allSettled(
      order.items.map((item) => ctx.objectClient(InventoryItem, item.sku).reserve({ orderId, quantity: item.quantity })),
    );
    const refused = reservations.find((r) => r.status === "rejected");
    if (refused) throw asFailure(refused.reason, 409);

    // 2. Authorize (manual capture). The void is registered first: a timed-out call may have authorized.
    compensations.push({ name: "void payment", undo: () => voidPayment(ctx, order) });
    let authorization: PaymentAuthorization;
    let authorizedAt: number;
    try {
      const step = await timedStep(ctx, "authorize", "authorize", () => providers().payments.authorize(authorizeRequest(order)));
      authorization = step.value;
      authorizedAt = step.at;
      order = record(order, step.startedAt, "stock_reserved", skus.join(", "));
    } catch (error) {
      const failure = asFailure(error, 402);
      // A decline authorized nothing; only an authorization that ran out of retries may need a void.
      if (isBusinessFailure(error)) compensations.pop();
      order = record(order, await at(), "stock_reserved", skus.join(", "));
      save({ ...order, paymentStatus: "failed", payment: { ...order.payment, failureReason: failure.message } });
      throw failure;
    }
    order = { ...order, payment: { ...order.payment, paymentIntentId: authorization.paymentIntentId } };
    linkReference(ctx, `pi:${authorization.paymentIntentId}`, orderId);
    if (authorization.status === "pending") {
      save(record(order, await at(), "payment_pending", `${authorization.paymentIntentId} needs the customer or the bank; waiting for its webhook`));
      compensations.push({ name: "stop waiting for the payment", undo: async () => stopWaiting(ctx, orderId) });
      const settled = await awaitPaymentSettlement(ctx, order, awaitTimeoutMs);
      if (!settled.ok) {
        if (settled.kind === "withdrawn") throw new CheckoutFailure(settled.reason, 409, "cancelled");
        // A failed payment is failed; one that never settled is voided by the compensation below.
        if (settled.kind === "failed") save({ ...order, paymentStatus: "failed" });
        save({ ...order, payment: { ...order.payment, failureReason: settled.reason } });
        throw new CheckoutFailure(settled.reason, settled.kind === "failed" ? 402 : 408);
      }
      save(record(order, await at(), "payment_settled", authorization.paymentIntentId));
    }
    order = withPaymentStatus(
      { ...order, payment: { ...order.payment, amountAuthorized: authorization.amount } },
      "authorized",
    );
    save(record(withStatus(order, "confirmed"), authorization.status === "pending" ? await at() : authorizedAt, "payment_authorized", authorization.paymentIntentId));

    // 3. The stock is sold while the label is bought: both only need the authorization.
    const commits = RestatePromise.all(order.items.map((item) => ctx.objectClient(InventoryItem, item.sku).commit({ orderId })));

    // 4. Rate, then label: two steps, so a retried purchase reuses the journaled rate (no second label).
    // The void is registered before the purchase: a purchase whose answer was lost may have bought one.
    const unshipped = async (error: unknown): Promise<never> => {
      // The sale happened even if the label did not: the log says so before the compensation undoes it.
      await commits;
      order = record(order, await at(), "stock_committed");
      throw asFailure(error, 422);
    };
    const quote = await quoteRate(ctx, order).catch(unshipped);
    compensations.push({ name: "void label", undo: () => voidLabelOf(ctx, order, quote.rateId) });
    const shipped = await buyLabel(ctx, order, quote.rateId).catch(unshipped);
    const label = shipped.label;
    await commits;
    order = record(order, shipped.at, "stock_committed");
    order = {
      ...order,
      shipment: {
        ...order.shipment,
        carrier: label.carrier,
        service: label.service,
        rateId: quote.rateId,
        cost: label.cost,
        labelId: label.labelId,
        labelUrl: label.labelUrl,
        trackingNumber: label.trackingNumber,
        trackingStatus: "PRE_TRANSIT",
        ...(label.trackingUrl ? { trackingUrl: label.trackingUrl } : {}),
      },
    };
    save(record(withStatus(order, "processing"), shipped.at, "label_purchased", `${label.carrier} ${label.trackingNumber}`));
    linkReference(ctx, `track:${label.trackingNumber}`, orderId);

    // 5. Capture. Retried durably (never given up on); a terminal answer means the authorization is gone.
    const paymentIntentId = authorization.paymentIntentId;
    const capture = await moneyStep(ctx, "capture", "capture", orderId, async () => ({
      ...(await providers().payments.capture({ orderId, paymentIntentId, amount: order.total, currency: order.currency, idempotencyKey: `${orderId}:capture` })),
      at: Date.now(),
    })).catch((error) => {
      raiseOperatorAlert(ctx, {
        id: `${orderId}:capture-failed`,
        kind: "capture_failed",
        orderId,
        message: `capture of ${order.total} ${order.currency} on ${paymentIntentId} was refused: ${errorMessage(error)}; label ${label.trackingNumber} was bought`,
      });
      return Promise.reject(asFailure(error, 402));
    });
    order = withPaymentStatus({ ...order, payment: { ...order.payment, amountCaptured: capture.amountCaptured } }, "captured");
    order = record(order, capture.at, "payment_captured", `${capture.amountCaptured} ${capture.currency}`);
  } catch (error) {
    return failOrder(ctx, order, checkoutFailure(error), compensations);
  }

  // 6. Only now is the order real for the customer: the confirmation email. Its failure rolls nothing back.
  save(await notify(ctx, order, confirmationEmail(order)));
  return toResult(order);
}

/**
 * What ends the saga: its own business failures, a TerminalError from a step (any terminal answer is
 * final, so it is compensated like the rest), or Restate cancelling the invocation (an operator's
 * `restate invocations cancel`), which arrives as a CancelledError at the step the saga was awaiting.
 * Anything else is transient and goes back to Restate to retry.
 */
function checkoutFailure(error: unknown): CheckoutFailure {
  if (error instanceof CheckoutFailure) return error;
  if (error instanceof CancelledError) return new CheckoutFailure("the checkout was cancelled in Restate", 409, "cancelled");
  return asFailure(error, 500);
}

async function failOrder(ctx: ObjectContext, order: Order, failure: CheckoutFailure, compensations: Compensation[]): Promise<never> {
  for (const compensation of [...compensations].reverse()) await compensation.undo();
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
  ended = record(ended, await ctx.date.now(), cancelled ? "order_cancelled" : "order_failed", failure.message);
  ended = record(ended, await ctx.date.now(), "compensated", compensations.map((c) => c.name).reverse().join(", "));
  saveOrder(ctx, ended);
  // The customer saw a decline at checkout; after an authorization they may be gone, so they get an email.
  if (cancelled) saveOrder(ctx, await notify(ctx, ended, cancellationEmail(ended)));
  else if (wasAuthorized) saveOrder(ctx, await notify(ctx, ended, orderFailedEmail(ended)));
  throw new TerminalError(cancelled ? `order ${order.orderId} was cancelled: ${failure.message}` : failure.message, { errorCode: failure.code });
}

async function quoteRate(ctx: ObjectContext, order: Order) {
  const request = { orderId: order.orderId, to: order.shippingAddress, parcel: parcelOf(order), method: order.shipment.method };
  return (await timedStep(ctx, "quote", "quote", () => providers().shipping.quote(request))).value;
}

async function buyLabel(ctx: ObjectContext, order: Order, rateId: string) {
  const labelled = await timedStep(ctx, "label", "label", () => providers().shipping.buyLabel({ orderId: order.orderId, rateId }));
  return { label: labelled.value, at: labelled.at };
}

/** Compensation: a label bought for a failed order must not ship; a carrier's refusal needs a person. */
async function voidLabelOf(ctx: ObjectContext, order: Order, rateId: string): Promise<void> {
  const outcome = await voidLabel(ctx, order, rateId);
  if (outcome.kind === "refused" || outcome.kind === "gave-up") {
    raiseOperatorAlert(ctx, {
      id: `${order.orderId}:label-void-failed`,
      kind: "compensation_failed",
      orderId: order.orderId,
      message: `the label of failed order ${order.orderId} could not be voided (${outcome.reason}); stop the parcel with the carrier`,
    });
  }
}

/** Releases reservations and puts back anything already sold; idempotent per SKU. */
export async function undoStock(ctx: ObjectContext, orderId: string, skus: string[]): Promise<void> {
  await RestatePromise.all(skus.map((sku) => ctx.objectClient(InventoryItem, sku).undoOrder({ orderId })));
}

/**
 * Voids whatever authorization exists for the order. The authorize key is replayed to learn the
 * PaymentIntent (the provider returns the saved answer), so a call that timed out is covered too.
 */
async function voidPayment(ctx: ObjectContext, order: Order): Promise<void> {
  const orderId = order.orderId;
  await moneyStep(ctx, "void", "void", orderId, async () => {
    let paymentIntentId = order.payment.paymentIntentId;
    if (!paymentIntentId) {
      try {
        paymentIntentId = (await providers().payments.authorize(authorizeRequest(order))).paymentIntentId;
      } catch (error) {
        if (isBusinessFailure(error)) return { voided: false };
        throw error;
      }
    }
    await providers().payments.void({ orderId, paymentIntentId, idempotencyKey: `${orderId}:void`, reason: "abandoned" });
    return { voided: true };
  }).catch((error) => {
    if (!isBusinessFailure(error)) throw error;
    // The provider refuses the void (already captured or already gone): a person has to look.
    raiseOperatorAlert(ctx, {
      id: `${orderId}:void-refused`,
      kind: "compensation_failed",
      orderId,
      message: `voiding the payment of failed order ${orderId} was refused: ${errorMessage(error)}`,
    });
  });
}

/** The one authorization request of an order: replaying it returns the provider's saved answer. */
const authorizeRequest = (order: Order): AuthorizeRequest => ({
  orderId: order.orderId,
  amount: order.total,
  currency: order.currency,
  paymentMethod: order.paymentMethod,
  customerEmail: order.customer.email,
  idempotencyKey: `${order.orderId}:authorize`,
});

function asFailure(error: unknown, fallbackCode: number): CheckoutFailure {
  if (error instanceof TerminalError) {
    const code = error.code >= 400 && error.code < 500 ? error.code : fallbackCode;
    return new CheckoutFailure(error.message, code);
  }
  throw error;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
