import { z } from "zod";
import { unitsShare } from "./allocation.ts";
import { conflict } from "./errors.ts";
import { minorUnits } from "./money.ts";
import type { Order, ReturnedItem } from "./order-model.ts";
import { identifier, positiveQuantity } from "./quantity.ts";
import { freeText } from "./text.ts";

export const ReturnLine = z.strictObject({ sku: identifier("sku"), quantity: positiveQuantity });

/** What a customer asks back: some units of some lines (or all of them), or an amount. */
export const RefundRequestInput = z.strictObject({
  amount: minorUnits.min(1, "must be at least 1").optional().describe("defaults to what the returned units cost, or what is left to refund"),
  reason: freeText("reason", 500),
  returnItems: z.boolean().optional().meta({ default: false }).describe("send back every unit not yet returned"),
  items: z.array(ReturnLine).min(1, "items must name at least one line").max(100).optional().describe("send back these units"),
});
export type RefundRequestInput = z.infer<typeof RefundRequestInput>;

/** An admin's refund: money back at once, optionally with units back to stock. */
export const RefundInput = RefundRequestInput.extend({
  by: identifier("by").optional().describe("who refunds (an admin's id), for the order's log"),
});
export type RefundInput = z.infer<typeof RefundInput>;

export interface ReturnPolicy {
  /** Days after delivery during which a customer may ask for a refund. */
  windowDays: number;
  /** Requests up to this amount (minor units of the order's currency) are approved without an admin. */
  autoApproveLimit: number;
}

export interface PlannedRefund {
  amount: number;
  items: ReturnedItem[];
}

/** Units of each line not yet returned. */
export function returnableUnits(order: Order): Record<string, number> {
  return Object.fromEntries(order.items.map((i) => [i.sku, i.quantity - (order.returnedUnits?.[i.sku] ?? 0)]));
}

/**
 * The money that comes back with returned units: each line's net (its total less its discount share,
 * plus its tax share) divided by units so that returning a line bit by bit refunds exactly its net.
 * Shipping is not refunded for a return.
 */
export function refundForUnits(order: Order, items: readonly ReturnedItem[]): number {
  let amount = 0;
  for (const item of items) {
    const line = order.items.find((l) => l.sku === item.sku)!;
    const net = line.lineTotal - line.discount + line.tax;
    const before = order.returnedUnits?.[item.sku] ?? 0;
    amount += unitsShare(net, line.quantity, before + item.quantity) - unitsShare(net, line.quantity, before);
  }
  return amount;
}

/** Which units come back, checked against what the order bought and what already came back (409 beyond). */
export function unitsToReturn(order: Order, input: { returnItems?: boolean | undefined; items?: readonly ReturnedItem[] | undefined }): ReturnedItem[] {
  const open = returnableUnits(order);
  if (input.items) {
    const merged = new Map<string, number>();
    for (const item of input.items) merged.set(item.sku, (merged.get(item.sku) ?? 0) + item.quantity);
    return [...merged].map(([sku, quantity]) => {
      if (!(sku in open)) throw conflict(`items: order ${order.orderId} has no line for ${sku}`);
      if (quantity > open[sku]!) throw conflict(`items: only ${open[sku]} of ${sku} can still be returned on order ${order.orderId}, not ${quantity}`);
      return { sku, quantity };
    });
  }
  if (!input.returnItems) return [];
  const all = Object.entries(open).filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity }));
  if (all.length === 0) throw conflict(`the items of order ${order.orderId} were already returned`);
  return all;
}

/**
 * A customer's request: only after delivery and within the return window; an amount defaults to
 * what the returned units cost (or what is left), and never exceeds what was captured and not yet
 * refunded. Answers whether it is approved at once or waits for an admin.
 */
export function planCustomerRefund(order: Order, input: RefundRequestInput, policy: ReturnPolicy, now: number): PlannedRefund & { autoApproved: boolean } {
  if (order.deliveredAt === undefined) {
    throw conflict(`order ${order.orderId} is ${order.status}: a refund can be requested once it was delivered (cancel it before it ships)`);
  }
  const closes = order.deliveredAt + policy.windowDays * 86_400_000;
  if (now > closes) throw conflict(`the return window of order ${order.orderId} closed on ${new Date(closes).toISOString()} (${policy.windowDays} days after delivery)`);
  if (order.refundRequests?.some((r) => r.status === "pending")) {
    throw conflict(`order ${order.orderId} already has a refund request waiting for approval`);
  }
  const planned = planAnyRefund(order, input, "units");
  return { ...planned, autoApproved: planned.amount <= policy.autoApproveLimit };
}

/**
 * The amount within what is left, and the units to restock. Without an amount, an admin's refund
 * gives back everything left (`remaining`); a customer's request what the returned units cost (`units`).
 */
export function planAnyRefund(
  order: Order,
  input: { amount?: number | undefined; returnItems?: boolean | undefined; items?: readonly ReturnedItem[] | undefined },
  byDefault: "remaining" | "units" = "remaining",
): PlannedRefund {
  if (order.paymentStatus !== "captured" && order.paymentStatus !== "partially_refunded") {
    throw conflict(`order ${order.orderId} has payment ${order.paymentStatus}; only a captured payment can be refunded`);
  }
  const items = unitsToReturn(order, input);
  const remaining = order.payment.amountCaptured - order.payment.amountRefunded;
  if (remaining <= 0) throw conflict(`order ${order.orderId} is already fully refunded`);
  const amount = input.amount ?? (byDefault === "units" && items.length > 0 ? refundForUnits(order, items) : remaining);
  if (amount > remaining) {
    throw conflict(`refund of ${amount} ${order.currency} exceeds what is left to refund on order ${order.orderId}: ${remaining} ${order.currency}`);
  }
  return { amount, items };
}
