import { RestatePromise, TerminalError, type ObjectContext } from "@restatedev/restate-sdk";
import { cancellationEmail, refundEmail } from "../../domain/emails.ts";
import type { CancelInput, RefundInput } from "../../domain/order-input.ts";
import {
  applyRefund,
  planCancel,
  planRefund,
  record,
  toResult,
  withPaymentStatus,
  withStatus,
  type Order,
  type OrderResult,
} from "../../domain/order.ts";
import { providers } from "../../providers/registry.ts";
import { decide } from "../../restate/errors.ts";
import { InventoryItem } from "../inventory-item.ts";
import { undoStock } from "./checkout.ts";
import { moneyStep, notify } from "./effects.ts";
import { saveOrder } from "./store.ts";

/** Cancel before shipping: void (or refund what was captured), put the stock back, tell the customer. */
export async function cancelOrder(ctx: ObjectContext, order: Order, input: CancelInput): Promise<OrderResult> {
  const plan = decide(() => planCancel(order));
  if (order.status === "cancelled") return toResult(order);
  const orderId = order.orderId;
  const paymentIntentId = order.payment.paymentIntentId;
  let next = order;

  if (plan.kind === "void" && paymentIntentId) {
    await moneyStep(ctx, "cancel:void", "void", orderId, () =>
      providers().payments.void({ orderId, paymentIntentId, idempotencyKey: `${orderId}:void`, reason: "requested_by_customer" }),
    );
    next = withPaymentStatus(next, "voided");
  } else if (plan.kind === "refund" && paymentIntentId) {
    const n = next.payment.refunds.length + 1;
    const refund = await moneyStep(ctx, `cancel:refund:${n}`, "refund", orderId, () =>
      providers().payments.refund({
        orderId,
        paymentIntentId,
        amount: plan.amount,
        currency: next.currency,
        reason: "requested_by_customer",
        idempotencyKey: `${orderId}:refund:${n}`,
      }),
    );
    next = {
      ...next,
      payment: {
        ...next.payment,
        amountRefunded: next.payment.amountRefunded + refund.amount,
        refunds: [...next.payment.refunds, { n, refundId: refund.refundId, amount: refund.amount, reason: "order cancelled", at: await ctx.date.now(), returnedItems: true }],
      },
    };
    next = withPaymentStatus(next, "refunded");
  }

  await undoStock(ctx, orderId, order.items.map((i) => i.sku));
  next = { ...withStatus(next, "cancelled"), ...(input.reason ? { cancelReason: input.reason } : {}) };
  next = saveOrder(ctx, record(next, await ctx.date.now(), "order_cancelled", input.reason ?? "cancelled on request"));
  next = saveOrder(ctx, await notify(ctx, next, cancellationEmail(next)));
  return toResult(next);
}

/** A partial or full refund of what was captured; optionally the items come back into stock. */
export async function refundOrder(ctx: ObjectContext, order: Order, input: RefundInput): Promise<OrderResult> {
  const { amount, n } = decide(() => planRefund(order, input.amount, input.returnItems));
  const orderId = order.orderId;
  const paymentIntentId = order.payment.paymentIntentId!;
  let refund;
  try {
    refund = await moneyStep(ctx, `refund:${n}`, "refund", orderId, () =>
      providers().payments.refund({ orderId, paymentIntentId, amount, currency: order.currency, reason: input.reason, idempotencyKey: `${orderId}:refund:${n}` }),
    );
  } catch (error) {
    if (error instanceof TerminalError) {
      saveOrder(ctx, record(order, await ctx.date.now(), "refund_refused", error.message));
    }
    throw error;
  }

  if (input.returnItems) {
    await RestatePromise.all(
      order.items.map((item) =>
        ctx.objectClient(InventoryItem, item.sku).returnUnits({ orderId, quantity: item.quantity, reference: `${orderId}:refund:${n}` }),
      ),
    );
  }
  const at = await ctx.date.now();
  let next = applyRefund(order, { n, refundId: refund.refundId, amount: refund.amount, reason: input.reason, at, returnedItems: input.returnItems });
  next = saveOrder(ctx, record(next, at, "refunded", `${refund.amount} ${order.currency} (${input.reason})${input.returnItems ? ", items back in stock" : ""}`));
  next = saveOrder(ctx, await notify(ctx, next, refundEmail(next, n, refund.amount)));
  return toResult(next);
}
