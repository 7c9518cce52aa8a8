import { TimeoutError, type ObjectContext } from "@restatedev/restate-sdk";
import type { Order } from "../../domain/order.ts";
import type { SettlementSignal } from "../../domain/payment-settlement.ts";
import { PaymentSettlement } from "../payment-settlement.ts";

export type Settlement = { ok: true } | { ok: false; kind: "failed" | "timeout" | "withdrawn"; reason: string };

/**
 * Waits durably for the webhook that settles a pending PaymentIntent. The wait survives restarts;
 * if nothing arrives in time the caller voids the intent and releases the stock. A customer's cancel
 * ends the wait early (see PaymentSettlement.withdraw).
 */
export async function awaitPaymentSettlement(ctx: ObjectContext, order: Order, timeoutMs: number): Promise<Settlement> {
  const paymentIntentId = order.payment.paymentIntentId!;
  const { id, promise } = ctx.awakeable<SettlementSignal>();
  ctx.objectSendClient(PaymentSettlement, order.orderId).awaitOutcome({ awakeableId: id, paymentIntentId });
  try {
    const outcome = await promise.orTimeout(timeoutMs);
    if (outcome.status === "succeeded") return { ok: true };
    if (outcome.status === "withdrawn") return { ok: false, kind: "withdrawn", reason: outcome.reason };
    return { ok: false, kind: "failed", reason: `payment ${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ""}` };
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    return { ok: false, kind: "timeout", reason: `payment did not settle within ${duration(timeoutMs)}` };
  }
}

const duration = (ms: number) =>
  ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${Math.round(ms / 1000)} seconds`;

/** The order no longer waits (it gave up, or was cancelled): the settlement object forgets the waiter. */
export function stopWaiting(ctx: ObjectContext, orderId: string): void {
  ctx.objectSendClient(PaymentSettlement, orderId).abandon();
}
