import * as restate from "@restatedev/restate-sdk";
import { type ObjectSharedContext, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { notFound } from "../platform/domain/domain-errors.ts";
import { fingerprint } from "../platform/domain/fingerprint.ts";
import { checkKey, identifier } from "../platform/domain/quantity.ts";
import { freeText } from "../platform/domain/text.ts";
import { apiOnly, requireApiCallerFor } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import type { Runtime } from "../providers/runtime.ts";
import { EmailEvent, LabelEvent, PaymentEvent, TrackingEvent } from "../providers/webhooks/domain/webhook-events.ts";
import { SetStatusInput } from "./domain/fulfilment.ts";
import { assertSameRequest, mergeLines, type Order, type OrderResult, toResult } from "./domain/order.ts";
import { applyEmailEvent, applyLabelEvent, applyPaymentEvent, applyTracking } from "./domain/order-events.ts";
import { CancelInput, DEFAULT_PAYMENT_METHOD, DEFAULT_SHIPPING_METHOD, ProcessOrderInput } from "./domain/order-input.ts";
import { OrderResult as OrderResultSchema, Order as OrderSchema, orderName, RefundRequest } from "./domain/order-model.ts";
import { ReceivedLine, RefundInput, RefundRequestInput } from "./domain/returns.ts";
import { cancelOrder } from "./orchestrator/cancel-order.ts";
import { runCheckout, sendConfirmation } from "./orchestrator/checkout.ts";
import { interruptCheckout } from "./orchestrator/interrupt.ts";
import { projected } from "./orchestrator/order-projection.ts";
import { type OrderInvocation, readOrder } from "./orchestrator/order-store.ts";
import { react } from "./orchestrator/provider-updates.ts";
import { receiveReturn, refundOrder, requestRefund, reviewRefundRequest } from "./orchestrator/refunds.ts";
import { setStatusByHand } from "./orchestrator/tracking.ts";
import type { OrderSettings } from "./order-settings.ts";

/** The order, for a shared handler; 404 when there is none. */
async function readExisting(ctx: ObjectSharedContext): Promise<Order> {
  return (await readOrder(ctx)) ?? reject(notFound(`order ${ctx.key} not found`));
}

/** The order, for an exclusive handler: read through its invocation, so what it changes is projected. */
async function requireOrder(invocation: OrderInvocation): Promise<Order> {
  return (await invocation.load()) ?? reject(notFound(`order ${invocation.ctx.key} not found`));
}

/** An order that already ran answers again with its result, or with its failure. */
function replay(order: Order) {
  if (order.status === "failed") {
    throw new TerminalError(order.failureReason ?? `order ${orderName(order)} failed`, {
      errorCode: order.failureCode ?? 409,
      metadata: { ending: "failed", ...(order.orderNumber ? { orderNumber: order.orderNumber } : {}) },
    });
  }
  return toResult(order);
}

/** processOrder's input as the checkout runs it: defaults filled in, lines of one SKU merged. */
function checkoutRequest(orderId: string, input: ProcessOrderInput) {
  return {
    orderId,
    lines: input.items,
    customer: input.customer,
    shippingAddress: input.shipping,
    paymentMethod: input.paymentMethod ?? DEFAULT_PAYMENT_METHOD,
    shippingMethod: input.shippingMethod ?? DEFAULT_SHIPPING_METHOD,
    currency: input.currency,
    cartId: input.cartId,
    customerId: input.customerId,
    couponCode: input.couponCode,
    expectedTotal: input.expectedTotal,
    orderNumber: input.orderNumber,
    notes: input.notes,
  };
}

const withOrder = (result: OrderResult, order: Order, include: boolean | undefined): OrderResult =>
  include ? { ...result, order } : result;

const result = restate.serde.schema(OrderResultSchema);
const RefundRequestOutcome = z.object({
  order: OrderResultSchema,
  request: RefundRequest.nullable().describe("set when the request waits for an admin"),
});
const ReviewRefundInput = z.strictObject({
  requestId: z.string().min(1).max(50),
  approve: z.boolean(),
  by: identifier("by").describe("the deciding admin's id"),
  note: freeText("note", 500).optional(),
});
type ReviewRefundInput = z.infer<typeof ReviewRefundInput>;
const ReceiveReturnInput = z.strictObject({
  requestId: z.string().min(1).max(50),
  items: z.array(ReceivedLine).min(1, "items must name at least one line").max(100).optional(),
  by: identifier("by").describe("the receiving admin's id"),
  note: freeText("note", 500).optional(),
});
type ReceiveReturnInput = z.infer<typeof ReceiveReturnInput>;
/** Whether a provider event changed the order (false for an order that does not exist). */
const reacted = restate.serde.schema(z.object({ applied: z.boolean() }));

export const orderOrchestratorObject = (rt: Runtime<OrderSettings>) =>
  restate.object({
    name: "OrderOrchestrator",
    metadata: { key: "{orderId}" },
    description: "One order, from checkout to delivery, refund or cancellation.",
    handlers: {
      processOrder: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(ProcessOrderInput),
          output: result,
          description: "Run the checkout saga for this order id; calling it again returns the same result.",
        },
        projected(rt, async (invocation: OrderInvocation, input: ProcessOrderInput) => {
          const { ctx } = invocation;
          // Whose order it is and which number it bears: only the API and Cart.checkout (which sign) say so.
          requireApiCallerFor(rt, ctx.request(), { orderNumber: input.orderNumber, customerId: input.customerId, cartId: input.cartId });
          decide(() => checkKey("orderId", ctx.key));
          const request = checkoutRequest(ctx.key, input);
          // Defaults filled in first: leaving out a default and sending it are the same request.
          const requestFingerprint = fingerprint(request);
          const existing = await invocation.load();
          if (existing) {
            decide(() => assertSameRequest(existing, requestFingerprint));
            return withOrder(replay(existing), existing, input.includeOrder);
          }
          const lines = decide(() => mergeLines(input.items));
          const checkoutInvocationId = ctx.request().id;
          const result = await runCheckout(invocation, { ...request, lines, requestFingerprint, checkoutInvocationId });
          // Paid: the confirmation email goes one way, after this answer, in its own invocation.
          ctx.objectSendClient(OrderOrchestrator, ctx.key).sendConfirmation();
          return withOrder(result, (await invocation.load())!, input.includeOrder);
        }),
      ),

      sendConfirmation: restate.handlers.object.exclusive(
        { input: restate.serde.empty, output: restate.serde.empty, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation) => sendConfirmation(invocation, await requireOrder(invocation))),
      ),

      getOrder: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(OrderSchema),
          description: "The whole order with its event log; 404 for an unknown order.",
        },
        async (ctx: ObjectSharedContext) => readExisting(ctx),
      ),

      cancel: restate.handlers.object.shared(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(CancelInput),
          output: result,
          description: "Cancel before shipping: void or refund, restock, email.",
        },
        async (ctx: ObjectSharedContext, input: CancelInput): Promise<OrderResult> => {
          await readExisting(ctx);
          // Shared, so it runs beside a checkout that holds the order's key while it waits (for an
          // asynchronous payment, for backordered stock): it calls that wait off at once, then queues
          // for the key like any change.
          await interruptCheckout(ctx, input.reason ?? "cancelled by the customer");
          return ctx.objectClient(OrderOrchestrator, ctx.key).applyCancel(input);
        },
      ),

      applyCancel: restate.handlers.object.exclusive(
        { input: restate.serde.schema(CancelInput), output: result, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation, input: CancelInput) =>
          cancelOrder(invocation, await requireOrder(invocation), input),
        ),
      ),

      refund: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RefundInput),
          output: result,
          description: "An admin's refund of part or all of the captured amount, with returned units back to stock.",
        },
        projected(rt, async (invocation: OrderInvocation, input: RefundInput) =>
          refundOrder(invocation, await requireOrder(invocation), input),
        ),
      ),

      requestRefund: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RefundRequestInput),
          output: restate.serde.schema(RefundRequestOutcome),
          description:
            "A customer's refund request after delivery, within the return window: refunded at once up to the auto-approval limit, otherwise waiting for an admin (request is then set).",
        },
        projected(rt, async (invocation: OrderInvocation, input: RefundRequestInput) =>
          requestRefund(invocation, await requireOrder(invocation), input),
        ),
      ),

      reviewRefundRequest: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ReviewRefundInput),
          output: result,
          description:
            "An admin approves or rejects a waiting request: an approved refund is paid at once, an approved return waits for its units (receiveReturn).",
        },
        projected(rt, async (invocation: OrderInvocation, input: ReviewRefundInput) =>
          reviewRefundRequest(invocation, await requireOrder(invocation), input),
        ),
      ),

      receiveReturn: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ReceiveReturnInput),
          output: result,
          description: "The units of an approved return arrived: the undamaged ones go back to stock and every received unit is refunded.",
        },
        projected(rt, async (invocation: OrderInvocation, input: ReceiveReturnInput) =>
          receiveReturn(invocation, await requireOrder(invocation), input),
        ),
      ),

      setStatus: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(SetStatusInput),
          output: result,
          description: "An admin marks the order shipped or delivered by hand; illegal moves are 409.",
        },
        projected(rt, async (invocation: OrderInvocation, input: SetStatusInput) =>
          setStatusByHand(invocation, await requireOrder(invocation), input),
        ),
      ),

      // Provider callbacks, delivered by the WebhookProcessor after verification and deduplication.
      recordPaymentEvent: restate.handlers.object.exclusive(
        { input: restate.serde.schema(PaymentEvent), output: reacted, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation, event: PaymentEvent) =>
          react(invocation, event.eventId, (o, now) => applyPaymentEvent(o, event, now)),
        ),
      ),
      recordTracking: restate.handlers.object.exclusive(
        { input: restate.serde.schema(TrackingEvent), output: reacted, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation, event: TrackingEvent) =>
          react(invocation, event.eventId, (o, now) => applyTracking(o, event, now)),
        ),
      ),
      recordLabelEvent: restate.handlers.object.exclusive(
        { input: restate.serde.schema(LabelEvent), output: reacted, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation, event: LabelEvent) =>
          react(invocation, event.eventId, (o, now) => applyLabelEvent(o, event, now)),
        ),
      ),
      recordEmailEvent: restate.handlers.object.exclusive(
        { input: restate.serde.schema(EmailEvent), output: reacted, ingressPrivate: true },
        projected(rt, async (invocation: OrderInvocation, event: EmailEvent) =>
          react(invocation, event.eventId, (o, now) => applyEmailEvent(o, event, now)),
        ),
      ),
    },
  });

/** The typed handle other handlers call OrderOrchestrator by (its name); the endpoint binds {@link orderOrchestratorObject} with its runtime. */
export type OrderOrchestrator = ReturnType<typeof orderOrchestratorObject>;
export const OrderOrchestrator: OrderOrchestrator = { name: "OrderOrchestrator" };
