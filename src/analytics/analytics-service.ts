import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { UNTIL_THE_DATABASE_IS_BACK, writeStep } from "../platform/database/write-step.ts";
import type { Runtime } from "../providers/runtime.ts";
import { insertEvents } from "./analytics-events.ts";
import { type AnalyticsEvent, RecordInput, TrackInput } from "./domain/analytics.ts";

/** Stores the event once under its id; while PostgreSQL is away the invocation waits and retries. */
async function store(ctx: Context, rt: Runtime, event: Omit<AnalyticsEvent, "occurredAt">): Promise<void> {
  const occurredAt = await ctx.date.now();
  await writeStep(ctx, rt.database, `store ${event.event}`, (pool) => insertEvents(pool, [{ ...event, occurredAt }]));
}

/**
 * The tracked-events log of the conversion funnel. Callers send one way: a page view or a cart change
 * never waits for, or fails because of, its analytics.
 */
export const analyticsService = (rt: Runtime) =>
  restate.service({
    name: "Analytics",
    description: "Tracked events for the conversion funnel, stored in PostgreSQL once each.",
    handlers: {
      track: restate.handlers.handler(
        {
          input: restate.serde.schema(TrackInput),
          output: restate.serde.empty,
          description: "A storefront event (product_view, product_list_view, search, cart_view); the same eventId counts once.",
        },
        async (ctx: Context, input: TrackInput) => store(ctx, rt, input),
      ),
      record: restate.handlers.handler(
        {
          input: restate.serde.schema(RecordInput),
          output: restate.serde.empty,
          ingressPrivate: true,
          description: "An event the shop records itself (add_to_cart from the cart).",
        },
        async (ctx: Context, input: RecordInput) => store(ctx, rt, input),
      ),
    },
    options: {
      // Like the projections: an event waits for PostgreSQL however long it is away.
      retryPolicy: UNTIL_THE_DATABASE_IS_BACK,
    },
  });

/** The typed handle other handlers call Analytics by (its name); the endpoint binds {@link analyticsService} with its runtime. */
export type Analytics = ReturnType<typeof analyticsService>;
export const Analytics: Analytics = { name: "Analytics" };
