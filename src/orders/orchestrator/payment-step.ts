import type { ObjectContext } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import { money } from "../../platform/domain/money.ts";
import type { Runtime } from "../../providers/runtime.ts";
import type { AuthorizeRequest, PaymentRefund } from "../../providers/types.ts";
import type { Order } from "../domain/order.ts";
import { orderName } from "../domain/order-model.ts";
import type { OrderSettings } from "../order-settings.ts";
import { isBusinessFailure, moneyStep, timedStep } from "./effects.ts";

/** The one authorization request of an order: replaying it returns the provider's saved answer. */
export const authorizeRequest = (order: Order): AuthorizeRequest => ({
  orderId: order.orderId,
  amount: order.total,
  currency: order.currency,
  paymentMethod: order.paymentMethod,
  customerEmail: order.customer.email,
  idempotencyKey: `${order.orderId}:authorize`,
});

/** Authorizes the order's total (manual capture) as one journaled step that also records when it ran. */
export const authorize = (ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order) =>
  timedStep(ctx, rt, "authorize", "authorize", () => rt.providers.payments.authorize(authorizeRequest(order)));

/** Captures what was authorized; never given up on (see moneyStep). */
export const capture = (ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order, paymentIntentId: string) =>
  moneyStep(ctx, rt, "capture", "capture", order.orderId, async () => ({
    ...(await rt.providers.payments.capture({
      orderId: order.orderId,
      paymentIntentId,
      amount: order.total,
      currency: order.currency,
      idempotencyKey: `${order.orderId}:capture`,
    })),
    at: Date.now(),
  }));

/**
 * Money back with the provider: one journaled, never-abandoned step keyed by the refund's number. What
 * the provider says it refunded is what counts; when that differs from what was asked, the order
 * records the provider's figure and the people running the shop are told.
 */
export async function refundPayment(
  ctx: ObjectContext,
  rt: Runtime<OrderSettings>,
  order: Order,
  refund: { n: number; amount: number; reason: string; step: string },
): Promise<PaymentRefund> {
  const orderId = order.orderId;
  const paymentIntentId = order.payment.paymentIntentId!;
  const done = await moneyStep(ctx, rt, refund.step, "refund", orderId, () =>
    rt.providers.payments.refund({
      orderId,
      paymentIntentId,
      amount: refund.amount,
      currency: order.currency,
      reason: refund.reason,
      idempotencyKey: `${orderId}:refund:${refund.n}`,
    }),
  );
  if (done.amount !== refund.amount) {
    raiseOperatorAlert(ctx, {
      id: `${orderId}:refund:${refund.n}:amount`,
      kind: "refund_amount_mismatch",
      orderId,
      message: `refund ${refund.n} of order ${orderName(order)} asked for ${money(refund.amount, order.currency)}; the provider refunded ${money(done.amount, order.currency)} (${done.refundId}), and the order records that`,
    });
  }
  return done;
}

/** Why an authorization is released; the provider records it with the void. */
export type VoidReason = "abandoned" | "requested_by_customer";

/**
 * The one void of an order's authorization, whoever asks (a customer's cancel, the saga's
 * compensation): a journaled, never-abandoned step keyed `{orderId}:void`, so the hold is released
 * at most once. An order that never learned its PaymentIntent (the authorize call timed out) replays
 * the authorize key to learn it — the provider returns the saved answer; a declined authorization
 * leaves nothing to void. A refusal of the void itself is the caller's to handle.
 */
export function voidPayment(
  ctx: ObjectContext,
  rt: Runtime<OrderSettings>,
  order: Order,
  step: { name: string; reason: VoidReason },
): Promise<{ voided: boolean }> {
  const orderId = order.orderId;
  return moneyStep(ctx, rt, step.name, "void", orderId, async () => {
    let paymentIntentId = order.payment.paymentIntentId;
    if (!paymentIntentId) {
      try {
        paymentIntentId = (await rt.providers.payments.authorize(authorizeRequest(order))).paymentIntentId;
      } catch (error) {
        if (isBusinessFailure(error)) return { voided: false };
        throw error;
      }
    }
    await rt.providers.payments.void({ orderId, paymentIntentId, idempotencyKey: `${orderId}:void`, reason: step.reason });
    return { voided: true };
  });
}

/** Compensation: voids whatever authorization exists for the failed order; a refused void goes to a person. */
export async function voidAbandonedPayment(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order): Promise<void> {
  const orderId = order.orderId;
  await voidPayment(ctx, rt, order, { name: "void", reason: "abandoned" }).catch((error) => {
    if (!isBusinessFailure(error)) throw error;
    // The provider refuses the void (already captured or already gone): a person has to look.
    raiseOperatorAlert(ctx, {
      id: `${orderId}:void-refused`,
      kind: "compensation_failed",
      orderId,
      message: `voiding the payment of failed order ${orderName(order)} was refused: ${error instanceof Error ? error.message : String(error)}`,
    });
  });
}
