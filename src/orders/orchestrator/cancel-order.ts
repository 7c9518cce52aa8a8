import { TerminalError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import { recordSpend } from "../../customers/customer-object.ts";
import { publishEvent } from "../../events/event-delivery.ts";
import { decide } from "../../platform/restate/decide.ts";
import { cancellationEmail } from "../domain/emails.ts";
import { type Order, type OrderResult, planCancel, record, toResult, withPaymentStatus, withStatus } from "../domain/order.ts";
import { orderFacts } from "../domain/order-facts.ts";
import type { CancelInput } from "../domain/order-input.ts";
import { orderName } from "../domain/order-model.ts";
import { releaseCoupon } from "./coupon-step.ts";
import { notify } from "./effects.ts";
import type { OrderInvocation } from "./order-store.ts";
import { refundPayment, voidPayment } from "./payment-step.ts";
import { voidLabel } from "./shipping-step.ts";
import { undoStock } from "./stock-step.ts";

/**
 * Cancel before shipping: void the label (so the parcel never leaves), void the payment (or refund
 * what was captured), put the stock back, tell the customer. The label goes first: if the carrier
 * refuses — the parcel was already scanned — nothing else has been undone and the cancel is a 409.
 */
export async function cancelOrder(invocation: OrderInvocation, order: Order, input: CancelInput): Promise<OrderResult> {
  const { ctx, rt } = invocation;
  const plan = decide(() => planCancel(order));
  if (order.status === "cancelled") return toResult(order);
  const orderId = order.orderId;
  const paymentIntentId = order.payment.paymentIntentId;
  let next = await cancelShipment(invocation, order);

  if (plan.kind === "void" && paymentIntentId) {
    await voidPayment(ctx, rt, next, { name: "cancel:void", reason: "requested_by_customer" });
    next = withPaymentStatus(next, "voided");
  } else if (plan.kind === "refund" && paymentIntentId) {
    const n = next.payment.refunds.length + 1;
    const refund = await refundPayment(ctx, rt, next, {
      n,
      amount: plan.amount,
      reason: "requested_by_customer",
      step: `cancel:refund:${n}`,
    });
    next = {
      ...next,
      payment: {
        ...next.payment,
        amountRefunded: next.payment.amountRefunded + refund.amount,
        refunds: [
          ...next.payment.refunds,
          { n, refundId: refund.refundId, amount: refund.amount, reason: "order cancelled", at: await ctx.date.now(), returnedItems: true },
        ],
      },
    };
    next = withPaymentStatus(next, "refunded");
    if (next.customerId)
      recordSpend(ctx, next.customerId, {
        kind: "refund",
        reference: `${orderId}:refund:${n}`,
        amount: -refund.amount,
        currency: next.currency,
      });
  }

  await undoStock(
    ctx,
    orderId,
    order.items.map((i) => i.sku),
  );
  if (order.coupon) await releaseCoupon(ctx, order, order.coupon.code);
  next = { ...withStatus(next, "cancelled"), ...(input.reason ? { cancelReason: input.reason } : {}) };
  const at = await ctx.date.now();
  next = invocation.save(record(next, at, "order_cancelled", input.reason ?? "cancelled on request"));
  publishEvent(ctx, {
    type: "OrderCancelled",
    subject: orderId,
    occurredAt: at,
    data: orderFacts(next, { reason: input.reason ?? "cancelled on request" }),
  });
  next = invocation.save(await notify(ctx, rt, next, cancellationEmail(next)));
  return toResult(next);
}

async function cancelShipment(invocation: OrderInvocation, order: Order): Promise<Order> {
  const { ctx, rt } = invocation;
  const rateId = order.shipment.rateId;
  if (!order.shipment.labelId || !rateId || order.shipment.labelVoidedAt !== undefined) return order;
  const outcome = await voidLabel(ctx, rt, order, rateId);
  const at = await ctx.date.now();
  if (outcome.kind === "voided" || outcome.kind === "none") {
    return invocation.save(
      record({ ...order, shipment: { ...order.shipment, labelVoidedAt: at } }, at, "label_voided", order.shipment.labelId),
    );
  }
  raiseOperatorAlert(ctx, {
    id: `${order.orderId}:label-void-${outcome.kind}`,
    kind: "compensation_failed",
    orderId: order.orderId,
    message: `cancelling order ${orderName(order)}: its label could not be voided (${outcome.reason})`,
  });
  if (outcome.kind === "gave-up") {
    // The carrier could not be reached: the customer's cancel still stands, a person voids the label.
    return invocation.save(record(order, at, "label_void_failed", outcome.reason));
  }
  invocation.save(record(order, at, "label_void_refused", outcome.reason));
  throw new TerminalError(
    `order ${orderName(order)} can no longer be cancelled: the carrier refused to void its label (${outcome.reason}); request a refund instead`,
    { errorCode: 409 },
  );
}
