import { z } from "zod";
import { unitsShare } from "../../platform/domain/allocation.ts";
import { conflict, invalid } from "../../platform/domain/domain-errors.ts";
import { minorUnits, money } from "../../platform/domain/money.ts";
import { identifier, positiveQuantity } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";
import { type Order, orderName, type RefundRequest, type ReturnedItem } from "./order-model.ts";

export const ReturnLine = z.strictObject({ sku: identifier("sku"), quantity: positiveQuantity });

/** What a customer asks back: some units of some lines (or all of them), or an amount. */
export const RefundRequestInput = z.strictObject({
  amount: minorUnits
    .min(1, "must be at least 1")
    .optional()
    .describe("defaults to what the returned units cost, or what is left to refund"),
  reason: freeText("reason", 500),
  returnItems: z.boolean().optional().meta({ default: false }).describe("send back every unit not yet returned"),
  items: z.array(ReturnLine).min(1, "items must name at least one line").max(100).optional().describe("send back these units"),
});
export type RefundRequestInput = z.infer<typeof RefundRequestInput>;

/** The fields only an admin's refund has besides a customer's: shipping, refunded as its own choice. */
export const AdminRefundFields = {
  shipping: z
    .boolean()
    .optional()
    .meta({ default: false })
    .describe(
      "give back what is left of the shipping charge (its tax included); the amount is then computed from `items` and shipping, so `amount` must be left out",
    ),
};

/** Shipping is refunded by line, at what is left of it: an amount beside it would be a second, client-made total. */
export function adminRefundRules(ctx: z.core.ParsePayload<{ amount?: number | undefined; shipping?: boolean | undefined }>): void {
  if (ctx.value.shipping && ctx.value.amount !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value.amount,
      path: ["amount"],
      message: "leave amount out when refunding shipping: the amount is computed from the lines and the shipping",
    });
  }
}

/** An admin's refund: an amount, or lines and shipping the amount is computed from; units back to stock. */
export const RefundInput = RefundRequestInput.extend({
  ...AdminRefundFields,
  by: identifier("by").optional().describe("who refunds (an admin's id), for the order's log"),
}).check(adminRefundRules);
export type RefundInput = z.infer<typeof RefundInput>;

export interface ReturnPolicy {
  /** Days after delivery during which a customer may ask for a refund. */
  windowDays: number;
  /**
   * What a customer may be refunded without an admin across the order's life (minor units of the
   * order's currency): a budget per order, not a limit per request.
   */
  autoApproveLimit: number;
}

/** What the admin found in the parcel a customer sent back: per line, units received and how many of them damaged. */
export const ReceivedLine = z.strictObject({
  sku: identifier("sku"),
  quantity: positiveQuantity,
  damaged: z
    .number()
    .int("must be a whole number")
    .min(0, "must not be negative")
    .optional()
    .meta({ default: 0 })
    .describe("of these units, how many cannot be sold again (not restocked)"),
});
export type ReceivedLine = z.infer<typeof ReceivedLine>;

export interface PlannedRefund {
  amount: number;
  items: ReturnedItem[];
  /** Of the amount, the shipping charge given back (a refund by line with shipping). */
  shipping?: number;
}

/** What is left to refund of the shipping charge and the tax on it: what refunds by line with shipping have not given back. */
export function shippingLeft(order: Order): number {
  const given = order.payment.refunds.reduce((sum, r) => sum + (r.shipping ?? 0), 0);
  return Math.max(0, order.shippingCost + (order.shippingTax ?? 0) - given);
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
export function unitsToReturn(
  order: Order,
  input: { returnItems?: boolean | undefined; items?: readonly ReturnedItem[] | undefined },
): ReturnedItem[] {
  const open = returnableUnits(order);
  if (input.items) {
    const merged = new Map<string, number>();
    for (const item of input.items) merged.set(item.sku, (merged.get(item.sku) ?? 0) + item.quantity);
    return [...merged].map(([sku, quantity]) => {
      if (!(sku in open)) throw conflict(`items: order ${orderName(order)} has no line for ${sku}`);
      if (quantity > open[sku]!)
        throw conflict(`items: only ${open[sku]} of ${sku} can still be returned on order ${orderName(order)}, not ${quantity}`);
      return { sku, quantity };
    });
  }
  if (!input.returnItems) return [];
  const all = Object.entries(open)
    .filter(([, q]) => q > 0)
    .map(([sku, quantity]) => ({ sku, quantity }));
  if (all.length === 0) throw conflict(`the items of order ${orderName(order)} were already returned`);
  return all;
}

/** What the customer was refunded without an admin so far. */
export const refundedWithoutAdmin = (order: Order) =>
  order.payment.refunds.filter((r) => r.by === "customer").reduce((sum, r) => sum + r.amount, 0);

/** A request an admin still has to act on: a waiting one, or a return approved whose units have not come in. */
export const openRequest = (order: Order): RefundRequest | undefined =>
  order.refundRequests?.find((r) => r.status === "pending" || (r.kind === "return" && r.status === "approved"));

/**
 * A customer's request: only after delivery and within the return window, one open request at a
 * time. Units to send back are always a return for an admin (nothing is restocked or refunded before
 * they arrive). Money alone is refunded at once while it fits what is left of the order's budget and
 * of its merchandise (shipping and tax only with an admin); beyond that it waits for an admin.
 */
export function planCustomerRefund(
  order: Order,
  input: RefundRequestInput,
  policy: ReturnPolicy,
  now: number,
): PlannedRefund & { autoApproved: boolean } {
  if (order.deliveredAt === undefined) {
    throw conflict(
      `order ${orderName(order)} is ${order.status}: a refund can be requested once it was delivered (cancel it before it ships)`,
    );
  }
  const closes = order.deliveredAt + policy.windowDays * 86_400_000;
  if (now > closes)
    throw conflict(
      `the return window of order ${orderName(order)} closed on ${new Date(closes).toISOString()} (${policy.windowDays} days after delivery)`,
    );
  const open = openRequest(order);
  if (open) {
    throw conflict(
      `order ${orderName(order)} already has ${open.kind === "return" ? "a return" : "a refund request"} (${open.id}) waiting for the shop`,
    );
  }
  const planned = planAnyRefund(order, input, "units");
  if (planned.items.length > 0) return { ...planned, autoApproved: false };
  const budgetLeft = policy.autoApproveLimit - refundedWithoutAdmin(order);
  const merchandiseLeft = order.subtotal - order.discount - order.payment.amountRefunded;
  return { ...planned, autoApproved: planned.amount <= Math.min(budgetLeft, merchandiseLeft) };
}

/**
 * What an approved return brought back, checked against what was asked: at most the requested units
 * of each line, damaged ones among them. Without a list, every requested unit came back undamaged.
 */
export function receivedUnits(
  request: RefundRequest,
  found: readonly ReceivedLine[] | undefined,
): Array<ReturnedItem & { damaged: number }> {
  if (!found) return request.items.map((i) => ({ ...i, damaged: 0 }));
  const merged = new Map<string, { quantity: number; damaged: number }>();
  for (const line of found) {
    const was = merged.get(line.sku) ?? { quantity: 0, damaged: 0 };
    merged.set(line.sku, { quantity: was.quantity + line.quantity, damaged: was.damaged + (line.damaged ?? 0) });
  }
  return [...merged].map(([sku, { quantity, damaged }]) => {
    const asked = request.items.find((i) => i.sku === sku)?.quantity ?? 0;
    if (asked === 0) throw conflict(`items: return ${request.id} did not ask to send back ${sku}`);
    if (quantity > asked) throw conflict(`items: return ${request.id} asked to send back ${asked} of ${sku}, not ${quantity}`);
    if (damaged > quantity) throw invalid(`items: ${damaged} damaged units of ${sku} is more than the ${quantity} received`);
    return { sku, quantity, damaged };
  });
}

/**
 * The amount within what is left, and the units to restock. Without an amount: lines named (`items`)
 * or `shipping` are refunded at what they cost — the lines' net with their tax, the shipping left;
 * otherwise an admin's refund gives back everything left (`remaining`), a customer's request what
 * the returned units cost (`units`). The amount is never taken from a client that added it up.
 */
export function planAnyRefund(
  order: Order,
  input: {
    amount?: number | undefined;
    returnItems?: boolean | undefined;
    items?: readonly ReturnedItem[] | undefined;
    shipping?: boolean | undefined;
  },
  byDefault: "remaining" | "units" = "remaining",
): PlannedRefund {
  if (order.paymentStatus !== "captured" && order.paymentStatus !== "partially_refunded") {
    throw conflict(`order ${orderName(order)} has payment ${order.paymentStatus}; only a captured payment can be refunded`);
  }
  const items = unitsToReturn(order, input);
  const remaining = order.payment.amountCaptured - order.payment.amountRefunded;
  if (remaining <= 0) throw conflict(`order ${orderName(order)} is already fully refunded`);
  let shipping: number | undefined;
  if (input.shipping) {
    shipping = shippingLeft(order);
    if (shipping === 0)
      throw conflict(
        order.shippingCost === 0
          ? `shipping: order ${orderName(order)} was charged no shipping`
          : `shipping: the shipping of order ${orderName(order)} was already refunded`,
      );
  }
  const byLines = input.items !== undefined || shipping !== undefined;
  const amount =
    input.amount ?? (byLines || (byDefault === "units" && items.length > 0) ? refundForUnits(order, items) + (shipping ?? 0) : remaining);
  if (amount > remaining) {
    throw conflict(
      `refund of ${money(amount, order.currency)} exceeds what is left to refund on order ${orderName(order)}: ${money(remaining, order.currency)}`,
    );
  }
  return { amount, items, ...(shipping === undefined ? {} : { shipping }) };
}
