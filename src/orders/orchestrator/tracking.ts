import { publishEvent } from "../../events/event-delivery.ts";
import { decide } from "../../platform/restate/decide.ts";
import { deliveredEmail, shippedEmail } from "../domain/emails.ts";
import { fulfilByHand, type SetStatusInput } from "../domain/fulfilment.ts";
import { type Order, type OrderResult, toResult } from "../domain/order.ts";
import { orderFacts, trackingOf } from "../domain/order-facts.ts";
import { linkReference } from "../order-lookup.ts";
import { notify } from "./effects.ts";
import type { OrderInvocation } from "./order-store.ts";
import { textCustomer } from "./texts.ts";

/** An admin marks the order shipped or delivered; the customer hears about it as from the carrier. */
export async function setStatusByHand(invocation: OrderInvocation, order: Order, input: SetStatusInput): Promise<OrderResult> {
  const { ctx, rt } = invocation;
  const now = await ctx.date.now();
  const next = decide(() => fulfilByHand(order, input, now));
  if (next === order) return toResult(order);
  let saved = invocation.save(next);
  // A tracking number given by hand still lets the carrier's webhooks find the order.
  if (input.trackingNumber && input.trackingNumber !== order.shipment.trackingNumber)
    linkReference(ctx, `track:${input.trackingNumber}`, order.orderId);
  saved = invocation.save(await notify(ctx, rt, saved, saved.status === "shipped" ? shippedEmail(saved) : deliveredEmail(saved)));
  textCustomer(ctx, saved, saved.status === "shipped" ? "shipped" : "delivered");
  publishEvent(ctx, {
    type: saved.status === "shipped" ? "OrderShipped" : "OrderDelivered",
    subject: order.orderId,
    occurredAt: now,
    data: orderFacts(saved, { ...trackingOf(saved), by: input.by }),
  });
  return toResult(saved);
}
