import http from "node:http";
import https from "node:https";
import type { Context, ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { endpointMetrics } from "../platform/metrics/endpoint-metrics.ts";
import type { Runtime } from "../providers/runtime.ts";
import { guardedLookup, internalHostReason, REFUSED_DESTINATION } from "./destination.ts";
import { attemptOutcome, DomainEvent, type EventType, retryDelayMs, wants } from "./domain/domain-events.ts";
import type { EventSettings } from "./event-settings.ts";
import { subscriptionSecret } from "./signing.ts";
import { SUBSCRIPTIONS_KEY, WebhookSubscriptions } from "./webhook-subscriptions.ts";

const DeliverInput = z.strictObject({ subscriptionId: z.string(), event: DomainEvent });
type DeliverInput = z.infer<typeof DeliverInput>;

const subscriptions = (ctx: Context) => ctx.objectSendClient(WebhookSubscriptions, SUBSCRIPTIONS_KEY);

/** What one attempt came to: the HTTP status (0 when no answer came), or why it was not sent at all. */
const Attempt = z.object({ status: z.number().int(), refused: z.string().optional() });
type Attempt = z.infer<typeof Attempt>;

/**
 * One POST as Standard Webhooks describes it. Unless internal addresses are allowed, the host must
 * not be one on its face, and the connection's own DNS lookup refuses names that resolve to one.
 * Redirects are not followed (a 3xx is an answer like any other).
 */
function post(url: string, secret: string, event: DomainEvent, allowInternal: boolean): Promise<Attempt> {
  const refused = allowInternal ? undefined : internalHostReason(url);
  if (refused) return Promise.resolve({ status: 0, refused });
  const payload = JSON.stringify({
    type: event.type,
    timestamp: new Date(event.occurredAt).toISOString(),
    data: { subject: event.subject, ...event.data },
  });
  const sentAt = new Date();
  const target = new URL(url);
  return new Promise((resolve) => {
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          "webhook-id": event.id,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": new Webhook(secret).sign(event.id, sentAt, payload),
        },
        signal: AbortSignal.timeout(10_000),
        ...(allowInternal ? {} : { lookup: guardedLookup }),
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "EREFUSED_DESTINATION" ? { status: 0, refused: REFUSED_DESTINATION } : { status: 0 }),
    );
    request.end(payload);
  });
}

/**
 * The deliveries of one subscription about one subject (an order, a SKU), in the order the events
 * happened: the object is keyed `${subscriptionId}~${subject}` and its handler is exclusive, so an
 * event waits until the one before it was delivered or given up. Each attempt is one journaled step
 * whose outcome is logged; between attempts the object sleeps durably (retries last days).
 */
export const eventDeliveryObject = (rt: Runtime<EventSettings>) =>
  restate.object({
    name: "EventDelivery",
    metadata: { key: "{subscriptionId}~{subject}" },
    description: "Delivers domain events to one subscriber, in order per subject, with retries for days.",
    handlers: {
      deliver: restate.handlers.object.exclusive(
        { input: restate.serde.schema(DeliverInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, { subscriptionId, event }: DeliverInput) => {
          const { eventsSigningKey, eventRetryInitialMs, eventMaxAttempts, eventsAllowPrivateUrls } = rt.settings;
          if (!eventsSigningKey) {
            ctx.console.warn(
              `event ${event.id} not delivered to ${subscriptionId}: EVENTS_SIGNING_KEY is not configured, so it cannot be signed`,
            );
            subscriptions(ctx).recordAttempt({
              id: subscriptionId,
              eventId: event.id,
              type: event.type,
              attempt: 0,
              status: 0,
              at: await ctx.date.now(),
              ending: "failed",
            });
            return;
          }
          for (let attempt = 1; ; attempt++) {
            const subscription = (await ctx.objectClient(WebhookSubscriptions, SUBSCRIPTIONS_KEY).list()).find(
              (s) => s.id === subscriptionId,
            );
            // Removed or disabled meanwhile: nothing more goes out.
            if (!subscription || subscription.disabled) return;
            const { status, refused } = await ctx.run(
              `attempt ${attempt}`,
              async () => {
                const answered = await post(
                  subscription.url,
                  subscriptionSecret(eventsSigningKey, subscriptionId),
                  event,
                  eventsAllowPrivateUrls,
                );
                endpointMetrics.deliveryAttempt(answered.refused ? "refused" : attemptOutcome(answered.status));
                return answered;
              },
              { serde: restate.serde.schema(Attempt) },
            );
            const outcome = attemptOutcome(status);
            const ending =
              outcome === "delivered" ? "delivered" : refused || outcome === "gone" || attempt >= eventMaxAttempts ? "failed" : undefined;
            const at = await ctx.date.now();
            subscriptions(ctx).recordAttempt({
              id: subscriptionId,
              eventId: event.id,
              type: event.type,
              attempt,
              status,
              at,
              ...(ending ? { ending } : {}),
            });
            if (outcome === "gone")
              subscriptions(ctx).disable({ id: subscriptionId, reason: `the subscriber answered 410 Gone to event ${event.id}` });
            // It would be refused every time: nothing more goes there until an admin subscribes a URL that can be reached.
            if (refused) subscriptions(ctx).disable({ id: subscriptionId, reason: `${refused} (event ${event.id})` });
            if (ending) return;
            await ctx.sleep(retryDelayMs(attempt, eventRetryInitialMs));
          }
        },
      ),
    },
  });

/** The typed handle other handlers call EventDelivery by (its name); the endpoint binds {@link eventDeliveryObject} with its runtime. */
export type EventDelivery = ReturnType<typeof eventDeliveryObject>;
export const EventDelivery: EventDelivery = { name: "EventDelivery" };

/**
 * Where an event enters: one outbox per subject, exclusive, so the events of one order are handed to
 * each subscriber's delivery queue in the order they were published.
 */
export const EventOutbox = restate.object({
  name: "EventOutbox",
  metadata: { key: "{subject}" },
  description: "Fans a subject's domain events out to the subscriptions that want them, in order.",
  handlers: {
    publish: restate.handlers.object.exclusive(
      { input: restate.serde.schema(z.array(DomainEvent)), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, events: DomainEvent[]) => {
        const all = await ctx.objectClient(WebhookSubscriptions, SUBSCRIPTIONS_KEY).list();
        for (const event of events) {
          for (const subscription of all.filter((s) => wants(s, event.type))) {
            subscriptions(ctx).started({ id: subscription.id });
            ctx.objectSendClient(EventDelivery, `${subscription.id}~${event.subject}`).deliver({ subscriptionId: subscription.id, event });
          }
        }
      },
    ),
  },
});

/** An event about to be published: what happened, to what, when. */
export interface NewEvent {
  type: EventType;
  subject: string;
  occurredAt: number;
  data?: Record<string, unknown>;
}

/**
 * Publishes domain events of one subject from a handler, one-way and in one message: their ids
 * come from the handler's deterministic randomness, so a replay publishes the same events, once.
 */
export function publishEvents(ctx: Context, subject: string, events: readonly NewEvent[]): void {
  if (events.length === 0) return;
  const stamped = events.map(
    (e): DomainEvent => ({
      id: `evt_${ctx.rand.uuidv4().replace(/-/g, "")}`,
      type: e.type,
      occurredAt: e.occurredAt,
      subject: e.subject,
      data: e.data ?? {},
    }),
  );
  ctx.objectSendClient(EventOutbox, subject).publish(stamped);
}

export const publishEvent = (ctx: Context, event: NewEvent) => publishEvents(ctx, event.subject, [event]);
