import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import { type NewEvent, publishEvents } from "../../events/event-delivery.ts";
import { deliveredEmail, shippedEmail } from "../domain/emails.ts";
import type { Order } from "../domain/order.ts";
import type { Reaction } from "../domain/order-events.ts";
import { orderFacts, trackingOf } from "../domain/order-facts.ts";
import { notify } from "./effects.ts";
import type { OrderInvocation } from "./order-store.ts";
import { textCustomer } from "./texts.ts";

/**
 * Applies a provider event to the order: save what the domain decided, raise its alerts, send its
 * emails. Runs in the order's exclusive handler, so it is ordered with the saga, never racing it.
 */
export async function react(
  invocation: OrderInvocation,
  eventId: string,
  decide: (order: Order, now: number) => Reaction,
): Promise<{ applied: boolean }> {
  const { ctx, rt } = invocation;
  const order = await invocation.load();
  if (!order) return { applied: false };
  const now = await ctx.date.now();
  const reaction = decide(order, now);
  let next = invocation.save(reaction.order);
  const events: NewEvent[] = [];
  for (const alert of reaction.alerts) {
    raiseOperatorAlert(ctx, {
      id: `${order.orderId}:${eventId}:${alert.kind}`,
      kind: alert.kind,
      orderId: order.orderId,
      message: alert.message,
    });
    if (alert.kind === "refund_failed")
      events.push({ type: "RefundFailed", subject: order.orderId, occurredAt: now, data: orderFacts(next, { reason: alert.message }) });
  }
  // The shipped and delivered emails are what the customer hears; other systems hear the same, as events.
  for (const email of reaction.emails) {
    events.push({
      type: email === "shipped" ? "OrderShipped" : "OrderDelivered",
      subject: order.orderId,
      occurredAt: now,
      data: orderFacts(next, trackingOf(next)),
    });
  }
  publishEvents(ctx, order.orderId, events);
  for (const email of reaction.emails) {
    next = invocation.save(await notify(ctx, rt, next, email === "shipped" ? shippedEmail(next) : deliveredEmail(next)));
    textCustomer(ctx, next, email);
  }
  return { applied: true };
}
