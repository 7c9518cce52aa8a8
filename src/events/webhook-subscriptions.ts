import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { conflict, invalid, notFound } from "../platform/domain/domain-errors.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { reject } from "../platform/restate/decide.ts";
import type { Runtime } from "../providers/runtime.ts";
import { internalHostReason } from "./destination.ts";
import { Subscription, SubscriptionId, SubscriptionInput } from "./domain/domain-events.ts";
import type { EventSettings } from "./event-settings.ts";

const SUBSCRIPTIONS = "subscriptions";
export const SUBSCRIPTIONS_KEY = "shop";
/** Few systems subscribe to a shop; the list stays one small value. */
const MAX_SUBSCRIPTIONS = 100;

const Ref = z.strictObject({ id: SubscriptionId });
const DisableInput = Ref.extend({ reason: z.string().min(1).max(500) });
const AttemptInput = z.strictObject({
  id: SubscriptionId,
  eventId: z.string(),
  type: z.string(),
  attempt: z.number().int(),
  status: z.number().int(),
  at: z.number().int(),
  /** How this attempt ended the delivery, if it did. */
  ending: z.enum(["delivered", "failed"]).optional(),
});

async function all(ctx: ObjectSharedContext): Promise<Subscription[]> {
  return (await ctx.get<Subscription[]>(SUBSCRIPTIONS)) ?? [];
}

function change(ctx: ObjectContext, subscriptions: Subscription[], id: string, update: (s: Subscription) => Subscription): void {
  ctx.set(
    SUBSCRIPTIONS,
    subscriptions.map((s) => (s.id === id ? update(s) : s)),
  );
}

/**
 * The shop's outbound webhook subscriptions: who wants which domain events, and how their
 * deliveries went. Signing secrets are not kept here (see src/events/signing.ts).
 */
export const webhookSubscriptionsObject = (rt: Runtime<EventSettings>) =>
  restate.object({
    name: "WebhookSubscriptions",
    metadata: { key: "shop" },
    description: "Outbound webhook subscriptions (URL and event types) and their delivery log.",
    handlers: {
      create: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(SubscriptionInput),
          output: restate.serde.schema(Subscription),
          description: "Subscribe a URL to event types.",
        },
        async (ctx: ObjectContext, input: SubscriptionInput) => {
          // A host that is an internal address on its face is refused here; names are checked where each delivery connects.
          const internal = rt.settings.eventsAllowPrivateUrls ? undefined : internalHostReason(input.url);
          if (internal) reject(invalid(`${internal}; set EVENTS_ALLOW_PRIVATE_URLS=true to allow it`));
          const subscriptions = await all(ctx);
          if (subscriptions.filter((s) => !s.disabled).length >= MAX_SUBSCRIPTIONS) {
            reject(conflict(`a shop keeps at most ${MAX_SUBSCRIPTIONS} subscriptions; remove one first`));
          }
          const subscription: Subscription = {
            id: `whs_${ctx.rand.uuidv4().replace(/-/g, "").slice(0, 20)}`,
            ...input,
            events: [...new Set(input.events)],
            createdAt: await ctx.date.now(),
            deliveries: { succeeded: 0, failed: 0, pending: 0 },
          };
          ctx.set(SUBSCRIPTIONS, [...subscriptions, subscription]);
          return subscription;
        },
      ),

      list: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(z.array(Subscription)),
          description: "Every subscription with its delivery counts and last attempt.",
        },
        all,
      ),

      remove: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(Ref),
          output: restate.serde.empty,
          description: "Stop sending to a subscription and forget it; 404 if unknown.",
        },
        async (ctx: ObjectContext, input: { id: string }) => {
          const subscriptions = await all(ctx);
          if (!subscriptions.some((s) => s.id === input.id)) reject(notFound(`no webhook subscription ${input.id}`));
          ctx.set(
            SUBSCRIPTIONS,
            subscriptions.filter((s) => s.id !== input.id),
          );
        },
      ),

      disable: restate.handlers.object.exclusive(
        { input: restate.serde.schema(DisableInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof DisableInput>) => {
          const at = await ctx.date.now();
          change(ctx, await all(ctx), input.id, (s) => (s.disabled ? s : { ...s, disabled: { at, reason: input.reason } }));
        },
      ),

      started: restate.handlers.object.exclusive(
        { input: restate.serde.schema(Ref), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: { id: string }) => {
          change(ctx, await all(ctx), input.id, (s) => ({ ...s, deliveries: { ...s.deliveries, pending: s.deliveries.pending + 1 } }));
        },
      ),

      recordAttempt: restate.handlers.object.exclusive(
        { input: restate.serde.schema(AttemptInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof AttemptInput>) => {
          change(ctx, await all(ctx), input.id, (s) => {
            const { eventId, type, attempt, status, at } = input;
            const ended = input.ending !== undefined;
            return {
              ...s,
              deliveries: {
                succeeded: s.deliveries.succeeded + (input.ending === "delivered" ? 1 : 0),
                failed: s.deliveries.failed + (input.ending === "failed" ? 1 : 0),
                pending: Math.max(0, s.deliveries.pending - (ended ? 1 : 0)),
                lastAttempt: { eventId, type, attempt, status, at },
              },
            };
          });
        },
      ),
    },
  });

/** The typed handle other handlers call WebhookSubscriptions by (its name); the endpoint binds {@link webhookSubscriptionsObject} with its runtime. */
export type WebhookSubscriptions = ReturnType<typeof webhookSubscriptionsObject>;
export const WebhookSubscriptions: WebhookSubscriptions = { name: "WebhookSubscriptions" };
