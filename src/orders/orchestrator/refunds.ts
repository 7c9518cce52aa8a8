import { RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { recordSpend } from "../../customers/customer-object.ts";
import { publishEvent } from "../../events/event-delivery.ts";
import { InventoryItem } from "../../inventory/inventory-item.ts";
import { conflict, notFound } from "../../platform/domain/domain-errors.ts";
import { money } from "../../platform/domain/money.ts";
import { decide, reject } from "../../platform/restate/decide.ts";
import { refundEmail } from "../domain/emails.ts";
import { applyRefund, type Order, type OrderResult, record, toResult } from "../domain/order.ts";
import { orderFacts } from "../domain/order-facts.ts";
import { orderName, type RefundRequest, type ReturnedItem } from "../domain/order-model.ts";
import {
  type PlannedRefund,
  planAnyRefund,
  planCustomerRefund,
  type ReceivedLine,
  type RefundInput,
  type RefundRequestInput,
  receivedUnits,
  refundForUnits,
} from "../domain/returns.ts";
import { notify } from "./effects.ts";
import type { OrderInvocation } from "./order-store.ts";
import { refundPayment } from "./payment-step.ts";

/** An admin's refund: money back at once, and the returned units back to stock. */
export async function refundOrder(invocation: OrderInvocation, order: Order, input: RefundInput): Promise<OrderResult> {
  const planned = decide(() => planAnyRefund(order, input));
  return toResult(await executeRefund(invocation, order, planned, input.reason, input.by ?? "admin"));
}

/** What a customer's request led to: the order, and the request when it waits for an admin. */
export interface RefundRequestOutcome {
  order: OrderResult;
  request: RefundRequest | null;
}

/**
 * A customer asks for money back after delivery, within the return window: money within the order's
 * budget is refunded at once; more money, or units to send back, wait for an admin.
 */
export async function requestRefund(invocation: OrderInvocation, order: Order, input: RefundRequestInput): Promise<RefundRequestOutcome> {
  const { ctx, rt } = invocation;
  const now = await ctx.date.now();
  const { returnWindowDays: windowDays, autoApproveRefundLimit: autoApproveLimit } = rt.settings;
  const planned = decide(() => planCustomerRefund(order, input, { windowDays, autoApproveLimit }, now));
  if (planned.autoApproved)
    return { order: toResult(await executeRefund(invocation, order, planned, input.reason, "customer")), request: null };
  const kind = planned.items.length > 0 ? "return" : "refund";
  const request: RefundRequest = {
    id: `rr-${(order.refundRequests?.length ?? 0) + 1}`,
    kind,
    amount: planned.amount,
    items: planned.items,
    reason: input.reason,
    requestedAt: now,
    status: "pending",
  };
  const next = invocation.save(
    record(
      { ...order, refundRequests: [...(order.refundRequests ?? []), request] },
      now,
      `${kind}_requested`,
      `${request.id}: ${money(planned.amount, order.currency)}${kind === "return" ? ` for ${unitsText(planned.items)}` : ""} (${input.reason}), waiting for approval`,
    ),
  );
  publishEvent(ctx, {
    type: "RefundRequested",
    subject: order.orderId,
    occurredAt: now,
    data: orderFacts(next, { requestId: request.id, amount: request.amount, items: request.items }),
  });
  return { order: toResult(next), request };
}

/**
 * An admin approves or rejects a waiting request. An approved refund goes through as requested; an
 * approved return tells the customer to send the units, and nothing moves until they are received.
 */
export async function reviewRefundRequest(
  invocation: OrderInvocation,
  order: Order,
  input: { requestId: string; approve: boolean; by: string; note?: string | undefined },
): Promise<OrderResult> {
  const { ctx } = invocation;
  const request =
    order.refundRequests?.find((r) => r.id === input.requestId) ??
    reject(notFound(`order ${orderName(order)} has no refund request ${input.requestId}`));
  if (request.status !== "pending")
    reject(conflict(`refund request ${request.id} of order ${orderName(order)} was already ${request.status}`));
  const decidedAt = await ctx.date.now();
  const decided: RefundRequest = {
    ...request,
    status: input.approve ? "approved" : "rejected",
    decidedBy: input.by,
    decidedAt,
    ...(input.note ? { decision: input.note } : {}),
  };
  let next: Order = { ...order, refundRequests: order.refundRequests!.map((r) => (r.id === request.id ? decided : r)) };
  const kind = request.kind ?? "refund";
  next = record(
    next,
    decidedAt,
    `${kind}_${input.approve ? "approved" : "rejected"}`,
    `${request.id} by ${input.by}${input.note ? `: ${input.note}` : ""}`,
  );
  if (!input.approve || kind === "return") return toResult(invocation.save(next));
  // What was left to refund may have changed since the request: plan again, with the request's own terms.
  const planned = decide(() => planAnyRefund(next, { amount: request.amount, items: request.items.length ? request.items : undefined }));
  return toResult(await executeRefund(invocation, next, planned, request.reason, input.by));
}

/**
 * The units of an approved return came in: those not damaged go back to stock, and the money for
 * every unit received is refunded (the return was accepted when it was approved).
 */
export async function receiveReturn(
  invocation: OrderInvocation,
  order: Order,
  input: { requestId: string; items?: ReceivedLine[] | undefined; by: string; note?: string | undefined },
): Promise<OrderResult> {
  const { ctx } = invocation;
  const request =
    order.refundRequests?.find((r) => r.id === input.requestId) ??
    reject(notFound(`order ${orderName(order)} has no return ${input.requestId}`));
  if (request.kind !== "return") reject(conflict(`${request.id} of order ${orderName(order)} asks for money, not for units to send back`));
  if (request.status !== "approved")
    reject(conflict(`return ${request.id} of order ${orderName(order)} is ${request.status}; only an approved return can be received`));
  const received = decide(() => receivedUnits(request, input.items));
  const units = received.map(({ sku, quantity }) => ({ sku, quantity }));
  const planned = decide(() => planAnyRefund(order, { amount: refundForUnits(order, units), items: units }));
  const restock = received.filter((r) => r.quantity > r.damaged).map((r) => ({ sku: r.sku, quantity: r.quantity - r.damaged }));
  const at = await ctx.date.now();
  const marked: RefundRequest = {
    ...request,
    status: "received",
    received,
    receivedAt: at,
    ...(input.note ? { decision: input.note } : {}),
  };
  const damaged = received.filter((r) => r.damaged > 0).map((r) => ({ sku: r.sku, quantity: r.damaged }));
  let next: Order = { ...order, refundRequests: order.refundRequests!.map((r) => (r.id === request.id ? marked : r)) };
  next = record(
    next,
    at,
    "return_received",
    `${request.id} by ${input.by}: ${unitsText(units)}${damaged.length ? `; damaged, not restocked: ${unitsText(damaged)}` : ""}`,
  );
  return toResult(await executeRefund(invocation, next, planned, request.reason, input.by, restock));
}

const unitsText = (items: readonly ReturnedItem[]) => items.map((i) => `${i.quantity} × ${i.sku}`).join(", ");

/**
 * Money back with the provider (a journaled, never-abandoned step keyed by the refund's number),
 * then the units that can be sold again back to stock, then the customer's email.
 */
async function executeRefund(
  invocation: OrderInvocation,
  order: Order,
  planned: PlannedRefund,
  reason: string,
  by: string,
  restock: ReturnedItem[] = planned.items,
): Promise<Order> {
  const { ctx, rt } = invocation;
  const orderId = order.orderId;
  const n = order.payment.refunds.length + 1;
  let refund: Awaited<ReturnType<typeof refundPayment>>;
  try {
    refund = await refundPayment(ctx, rt, order, { n, amount: planned.amount, reason, step: `refund:${n}` });
  } catch (error) {
    if (error instanceof TerminalError) {
      const at = await ctx.date.now();
      invocation.save(record(order, at, "refund_refused", error.message));
      publishEvent(ctx, {
        type: "RefundFailed",
        subject: orderId,
        occurredAt: at,
        data: orderFacts(order, { amount: planned.amount, reason: error.message }),
      });
    }
    throw error;
  }
  await RestatePromise.all(
    restock.map((item) =>
      ctx
        .objectClient(InventoryItem, item.sku)
        .returnUnits({ orderId, quantity: item.quantity, reference: `${orderId}:refund:${n}:${item.sku}` }),
    ),
  );
  const at = await ctx.date.now();
  const returned = unitsText(restock);
  if (order.customerId)
    recordSpend(ctx, order.customerId, {
      kind: "refund",
      reference: `${orderId}:refund:${n}`,
      amount: -refund.amount,
      currency: order.currency,
    });
  let next = applyRefund(order, {
    n,
    refundId: refund.refundId,
    amount: refund.amount,
    reason,
    at,
    returnedItems: planned.items.length > 0,
    items: planned.items,
    by,
    ...(planned.shipping === undefined ? {} : { shipping: planned.shipping }),
  });
  const shipping = planned.shipping ? `; shipping ${money(planned.shipping, order.currency)} included` : "";
  next = invocation.save(
    record(
      next,
      at,
      "refunded",
      `${money(refund.amount, order.currency)} (${reason}) by ${by}${shipping}${returned ? `; back in stock: ${returned}` : ""}`,
    ),
  );
  publishEvent(ctx, {
    type: "RefundProcessed",
    subject: orderId,
    occurredAt: at,
    data: orderFacts(next, { refundId: refund.refundId, amount: refund.amount, items: planned.items, by }),
  });
  return invocation.save(await notify(ctx, rt, next, refundEmail(next, n, refund.amount)));
}
