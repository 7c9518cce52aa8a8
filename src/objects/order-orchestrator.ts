import * as restate from "@restatedev/restate-sdk";
import { TerminalError, type ObjectContext, type ObjectSharedContext } from "@restatedev/restate-sdk";
import { notFound } from "../domain/errors.ts";
import { CancelInput, ProcessOrderInput, RefundInput } from "../domain/order-input.ts";
import { mergeLines, newOrder, priceLines, toResult, type CatalogEntry, type Order } from "../domain/order.ts";
import { applyEmailEvent, applyLabelEvent, applyPaymentEvent, applyTracking } from "../domain/order-events.ts";
import { EmailEvent, LabelEvent, PaymentEvent, TrackingEvent } from "../domain/webhook-events.ts";
import { checkKey } from "../domain/quantity.ts";
import { decide, reject } from "../restate/errors.ts";
import { settings } from "../settings.ts";
import { InventoryItem } from "./inventory-item.ts";
import { cancelOrder, refundOrder } from "./order/after-sale.ts";
import { runCheckout } from "./order/checkout.ts";
import { react } from "./order/provider-events.ts";
import { loadOrder, saveOrder } from "./order/store.ts";

async function requireOrder(ctx: ObjectSharedContext): Promise<Order> {
  return (await loadOrder(ctx)) ?? reject(notFound(`order ${ctx.key} not found`));
}

/** An order that already ran answers again with its result, or with its failure. */
function replay(order: Order) {
  if (order.status === "failed") {
    throw new TerminalError(order.failureReason ?? `order ${order.orderId} failed`, { errorCode: order.failureCode ?? 409 });
  }
  return toResult(order);
}

async function catalogFor(ctx: ObjectContext, skus: string[]): Promise<Record<string, CatalogEntry>> {
  const answers = await restate.RestatePromise.allSettled(skus.map((sku) => ctx.objectClient(InventoryItem, sku).get()));
  const catalog: Record<string, CatalogEntry> = {};
  answers.forEach((answer, i) => {
    if (answer.status === "fulfilled") {
      catalog[answer.value.sku] = { name: answer.value.name, price: answer.value.price, currency: answer.value.currency };
    } else if (answer.reason instanceof TerminalError && answer.reason.code === 404) {
      throw new TerminalError(`items: unknown productId ${skus[i]}`, { errorCode: 404 });
    } else {
      throw answer.reason;
    }
  });
  return catalog;
}

export const OrderOrchestrator = restate.object({
  name: "OrderOrchestrator",
  description: "One order, from checkout to delivery, refund or cancellation.",
  handlers: {
    processOrder: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(ProcessOrderInput),
        description: "Run the checkout saga for this order id; calling it again returns the same result.",
      },
      async (ctx: ObjectContext, input: ProcessOrderInput) => {
        decide(() => checkKey("orderId", ctx.key));
        const existing = await loadOrder(ctx);
        if (existing) return replay(existing);

        const lines = decide(() => mergeLines(input.items));
        const catalog = await catalogFor(ctx, lines.map((l) => l.productId));
        const priced = decide(() => priceLines(lines, catalog, input.currency));
        const order = saveOrder(
          ctx,
          newOrder({
            orderId: ctx.key,
            cartId: input.cartId,
            customer: input.customer,
            shippingAddress: input.shipping,
            paymentMethod: input.paymentMethod,
            shippingMethod: input.shippingMethod,
            ...priced,
            now: await ctx.date.now(),
          }),
        );
        return runCheckout(ctx, order, settings().asyncPaymentTimeoutMs);
      },
    ),

    getOrder: restate.handlers.object.shared(
      { input: restate.serde.empty, description: "The whole order with its event log; 404 for an unknown order." },
      async (ctx: ObjectSharedContext) => requireOrder(ctx),
    ),

    cancel: restate.handlers.object.exclusive(
      { input: restate.serde.schema(CancelInput), description: "Cancel before shipping: void or refund, restock, email." },
      async (ctx: ObjectContext, input: CancelInput) => cancelOrder(ctx, await requireOrder(ctx), input),
    ),

    refund: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RefundInput), description: "Refund part or all of the captured amount." },
      async (ctx: ObjectContext, input: RefundInput) => refundOrder(ctx, await requireOrder(ctx), input),
    ),

    // Provider callbacks, delivered by the WebhookProcessor after verification and deduplication.
    recordPaymentEvent: restate.handlers.object.exclusive(
      { input: restate.serde.schema(PaymentEvent), ingressPrivate: true },
      async (ctx: ObjectContext, event: PaymentEvent) => react(ctx, event.eventId, (o, now) => applyPaymentEvent(o, event, now)),
    ),
    recordTracking: restate.handlers.object.exclusive(
      { input: restate.serde.schema(TrackingEvent), ingressPrivate: true },
      async (ctx: ObjectContext, event: TrackingEvent) => react(ctx, event.eventId, (o, now) => applyTracking(o, event, now)),
    ),
    recordLabelEvent: restate.handlers.object.exclusive(
      { input: restate.serde.schema(LabelEvent), ingressPrivate: true },
      async (ctx: ObjectContext, event: LabelEvent) => react(ctx, event.eventId, (o, now) => applyLabelEvent(o, event, now)),
    ),
    recordEmailEvent: restate.handlers.object.exclusive(
      { input: restate.serde.schema(EmailEvent), ingressPrivate: true },
      async (ctx: ObjectContext, event: EmailEvent) => react(ctx, event.eventId, (o, now) => applyEmailEvent(o, event, now)),
    ),
  },
});
