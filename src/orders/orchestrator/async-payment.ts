import { type ObjectContext, RestatePromise, TimeoutError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import { money } from "../../platform/domain/money.ts";
import { CustomerOrders } from "../customer-orders-object.ts";
import type { Order } from "../domain/order.ts";
import { captureSettlementKey, type SettlementOutcome } from "../domain/payment-settlement.ts";
import { PaymentSettlement } from "../payment-settlement-object.ts";
import type { Interrupt } from "./interrupt.ts";

export type Settlement = { ok: true } | { ok: false; kind: "failed" | "timeout" | "interrupted"; reason: string };

/**
 * Waits durably for the webhook that settles a pending PaymentIntent. The wait survives restarts;
 * if nothing arrives in time the caller voids the intent and releases the stock. A customer's cancel
 * ends the wait at once (the interrupt).
 */
export async function awaitPaymentSettlement(
  ctx: ObjectContext,
  order: Order,
  timeoutMs: number,
  interrupt: RestatePromise<Interrupt>,
): Promise<Settlement> {
  const paymentIntentId = order.payment.paymentIntentId!;
  const { id, promise } = ctx.awakeable<SettlementOutcome>();
  ctx.objectSendClient(PaymentSettlement, order.orderId).awaitOutcome({ awakeableId: id, paymentIntentId });
  const settled = promise.map((outcome, failure): Settlement => {
    if (failure || !outcome) throw failure;
    if (outcome.status === "succeeded") return { ok: true };
    return { ok: false, kind: "failed", reason: `payment ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ""}` };
  });
  const interrupted = interrupt.map((value): Settlement => ({ ok: false, kind: "interrupted", reason: value?.reason ?? "cancelled" }));
  try {
    return await RestatePromise.race([settled, interrupted]).orTimeout(timeoutMs);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    return { ok: false, kind: "timeout", reason: `payment did not settle within ${duration(timeoutMs)}` };
  }
}

/**
 * A customer's order holding stock for a pending payment counts against their limit until it ends
 * (one way: the order never waits on its customer's list).
 */
export function holdingForPayment(ctx: ObjectContext, order: Order, awaiting: boolean): void {
  if (!order.customerId) return;
  ctx
    .objectSendClient(CustomerOrders, order.customerId)
    .paymentAwaited({ orderId: order.orderId, orderNumber: order.orderNumber ?? order.orderId, awaiting });
}

/**
 * Waits durably for the webhook that ends a capture the provider answered with "processing"
 * (payment_intent.succeeded or payment_failed). The money may be on its way, so the order never
 * gives up on its own: each ASYNC_PAYMENT_HOLD_MS without an answer, the operators are told, and it
 * waits on.
 */
export async function awaitCaptureSettlement(
  ctx: ObjectContext,
  order: Order,
  paymentIntentId: string,
  holdMs: number,
): Promise<Settlement> {
  for (let round = 1; ; round++) {
    const { id, promise } = ctx.awakeable<SettlementOutcome>();
    ctx.objectSendClient(PaymentSettlement, captureSettlementKey(order.orderId)).awaitOutcome({ awakeableId: id, paymentIntentId });
    try {
      const outcome = await promise.orTimeout(holdMs);
      if (outcome.status === "succeeded") return { ok: true };
      return { ok: false, kind: "failed", reason: `capture ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ""}` };
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      raiseOperatorAlert(ctx, {
        id: `${order.orderId}:capture-processing:${round}`,
        kind: "payment_step_stuck",
        orderId: order.orderId,
        message: `the capture of ${money(order.total, order.currency)} on ${paymentIntentId} for order ${order.orderNumber ?? order.orderId} is still processing after ${duration(holdMs * round)}; the order waits for the provider's webhook`,
      });
    }
  }
}

/** The order no longer waits (it gave up, or was cancelled): the settlement object forgets the waiter. */
export function stopWaiting(ctx: ObjectContext, orderId: string): void {
  ctx.objectSendClient(PaymentSettlement, orderId).abandon();
}

const duration = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${Math.round(ms / 1000)} seconds`;
