import * as restate from "@restatedev/restate-sdk";
import { type Context, TerminalError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../alerts/operator-inbox.ts";
import { endpointMetrics } from "../platform/metrics/endpoint-metrics.ts";
import { decide } from "../platform/restate/decide.ts";
import type { Runtime } from "../providers/runtime.ts";
import {
  type ProviderEvent,
  parseSendgridEvents,
  parseShippoEvent,
  parseStripeEvent,
  WebhookReceipt,
} from "../providers/webhooks/domain/webhook-events.ts";
import { type Verdict, verifySendgrid, verifyShippo, verifyStripe } from "../providers/webhooks/verify-webhook.ts";
import { WebhookEvents } from "../providers/webhooks/webhook-events-object.ts";
import { captureSettlementKey } from "./domain/payment-settlement.ts";
import { LabelWatch } from "./label-watch.ts";
import { OrderLookup } from "./order-lookup.ts";
import { OrderOrchestrator } from "./order-orchestrator.ts";
import type { OrderSettings } from "./order-settings.ts";
import { PaymentSettlement } from "./payment-settlement-object.ts";

type Provider = "stripe" | "shippo" | "sendgrid";
type Outcome = "applied" | "duplicate" | "ignored" | "unknown_order";

/**
 * Verifies once and journals the verdict: a retry hours later replays the verdict instead of
 * failing the timestamp tolerance. A rejected callback changes nothing and is logged without its body.
 * The verdict is counted where it is reached, inside the step: a replay reads it from the journal.
 */
async function verified(ctx: Context, provider: Provider, check: (raw: Buffer, now: number) => Verdict, raw: Uint8Array) {
  const verdict = await ctx.run("verify", () => {
    const reached = check(Buffer.from(raw), Date.now());
    endpointMetrics.webhookVerdict(provider, reached.ok ? "verified" : "rejected");
    return reached;
  });
  if (!verdict.ok) {
    ctx.console.warn("webhook rejected", { provider, reason: verdict.reason, bytes: raw.length });
    throw new TerminalError(verdict.reason, { errorCode: verdict.status });
  }
}

async function orderFor(ctx: Context, event: Exclude<ProviderEvent, { kind: "ignored" }>): Promise<string | null> {
  const reference =
    event.kind === "payment"
      ? `pi:${event.paymentIntentId}`
      : event.kind === "email"
        ? null
        : event.trackingNumber
          ? `track:${event.trackingNumber}`
          : null;
  const candidate = event.orderId ?? (reference ? await ctx.objectClient(OrderLookup, reference).get() : null);
  if (!candidate) return null;
  try {
    await ctx.objectClient(OrderOrchestrator, candidate).getOrder();
    return candidate;
  } catch (error) {
    if (error instanceof TerminalError && error.code === 404) return null;
    throw error;
  }
}

/** Applies one event at most once: claim its id, find its order, hand it over with a one-way send. */
async function dispatch(ctx: Context, provider: Provider, event: ProviderEvent): Promise<Outcome> {
  if (event.kind === "ignored") {
    ctx.console.info("webhook event type not handled; acknowledged", { provider, type: event.type });
    return "ignored";
  }
  const { duplicate } = await ctx.objectClient(WebhookEvents, `${provider}:${event.eventId}`).claim();
  if (duplicate) {
    // A step of its own, only for duplicates: counted in handler code, a duplicate would be counted
    // again by every replay of this invocation.
    await ctx.run("count duplicate", () => endpointMetrics.webhookVerdict(provider, "duplicate"));
    return "duplicate";
  }

  const orderId = await orderFor(ctx, event);
  if (!orderId) {
    raiseOperatorAlert(ctx, {
      id: `${provider}:${event.eventId}:unknown-order`,
      kind: "webhook_unknown_order",
      message: `${provider} ${event.kind} event ${event.eventId} names no known order${event.orderId ? ` (${event.orderId})` : ""}`,
    });
    return "unknown_order";
  }
  const order = ctx.objectSendClient(OrderOrchestrator, orderId);
  switch (event.kind) {
    case "payment": {
      const settles = {
        payment_authorized: "succeeded",
        payment_succeeded: "succeeded",
        payment_failed: "failed",
        payment_canceled: "canceled",
      } as const;
      const status = settles[event.type as keyof typeof settles];
      if (status) {
        const outcome = {
          paymentIntentId: event.paymentIntentId,
          status,
          eventId: event.eventId,
          ...(event.reason ? { reason: event.reason.slice(0, 500) } : {}),
        };
        ctx.objectSendClient(PaymentSettlement, orderId).settle(outcome);
        // A capture the provider was still processing ends with succeeded or payment_failed.
        if (event.type === "payment_succeeded" || event.type === "payment_failed")
          ctx.objectSendClient(PaymentSettlement, captureSettlementKey(orderId)).settle(outcome);
      }
      order.recordPaymentEvent({ ...event, orderId });
      break;
    }
    case "tracking":
      order.recordTracking({ ...event, orderId });
      break;
    case "label":
      order.recordLabelEvent({ ...event, orderId });
      // An order waiting for a queued label looks it up again now, instead of at its next timer.
      ctx.objectSendClient(LabelWatch, orderId).nudge();
      break;
    case "email":
      order.recordEmailEvent({ ...event, orderId });
      break;
  }
  return "applied";
}

async function dispatchAll(ctx: Context, provider: Provider, events: ProviderEvent[]) {
  const outcomes: Record<Outcome, number> = { applied: 0, duplicate: 0, ignored: 0, unknown_order: 0 };
  for (const event of events) outcomes[await dispatch(ctx, provider, event)]++;
  return { received: events.length, ...outcomes };
}

const webhook = { input: restate.serde.binary, accept: "*/*", output: restate.serde.schema(WebhookReceipt) };

export const webhookProcessorService = (rt: Runtime<OrderSettings>) =>
  restate.service({
    name: "WebhookProcessor",
    description: "Provider callbacks: verified on the raw body, deduplicated, turned into order progress.",
    handlers: {
      stripe: restate.handlers.handler(webhook, async (ctx: Context, raw: Uint8Array) => {
        const headers = ctx.request().headers;
        await verified(ctx, "stripe", (body, now) => verifyStripe(body, headers, rt.webhookCredentials, now), raw);
        return dispatchAll(ctx, "stripe", [decide(() => parseStripeEvent(raw))]);
      }),
      shippo: restate.handlers.handler(webhook, async (ctx: Context, raw: Uint8Array) => {
        const headers = ctx.request().headers;
        await verified(ctx, "shippo", (body, now) => verifyShippo(body, headers, rt.webhookCredentials, now), raw);
        return dispatchAll(ctx, "shippo", [decide(() => parseShippoEvent(raw))]);
      }),
      sendgrid: restate.handlers.handler(webhook, async (ctx: Context, raw: Uint8Array) => {
        const headers = ctx.request().headers;
        await verified(ctx, "sendgrid", (body, now) => verifySendgrid(body, headers, rt.webhookCredentials, now), raw);
        return dispatchAll(
          ctx,
          "sendgrid",
          decide(() => parseSendgridEvents(raw)),
        );
      }),
    },
  });

/** The typed handle other handlers call WebhookProcessor by (its name); the endpoint binds {@link webhookProcessorService} with its runtime. */
export type WebhookProcessor = ReturnType<typeof webhookProcessorService>;
export const WebhookProcessor: WebhookProcessor = { name: "WebhookProcessor" };
