import type { Context, ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide } from "../platform/restate/decide.ts";
import { type Runtime, runPolicy } from "../providers/runtime.ts";
import type { AlertSettings } from "./alert-settings.ts";
import { AcknowledgeInput, addAlert, isRedundant, OperatorAlert, RaiseAlertInput, requireAlert } from "./domain/operator-alerts.ts";
import { operatorEmail } from "./operator-email.ts";
import { postToSlack, slackMessage } from "./slack.ts";

const ALERTS = "alerts";
/** One inbox per shop; alerts are rare, so a single key is not a hot spot. */
export const OPERATOR_INBOX_KEY = "shop";

export const operatorInboxObject = (rt: Runtime<AlertSettings>) =>
  restate.object({
    name: "OperatorInbox",
    metadata: { key: "shop" },
    description: "Alerts for the people running the shop: low stock, stuck payments, disputes, failed refunds.",
    handlers: {
      raise: restate.handlers.object.exclusive(
        { input: restate.serde.schema(RaiseAlertInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: RaiseAlertInput) => {
          const alerts = (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
          if (isRedundant(alerts, input)) return;
          const raisedAt = await ctx.date.now();
          const emailed = await tried(() =>
            ctx.run(`email:${input.id}`, () => rt.providers.email.send(operatorEmail(rt.settings, input)), runPolicy(rt, "email")),
          );
          const slackUrl = rt.settings.slackWebhookUrl;
          const chatted = slackUrl
            ? await tried(() => ctx.run(`chat:${input.id}`, () => postToSlack(slackUrl, slackMessage(input)), runPolicy(rt, "email")))
            : undefined;
          ctx.set(ALERTS, addAlert(alerts, { ...input, raisedAt, emailed, ...(chatted === undefined ? {} : { chatted }) }));
        },
      ),
      acknowledge: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(AcknowledgeInput),
          output: restate.serde.empty,
          description: "Mark an alert as seen; 404 for an id the inbox never held.",
        },
        async (ctx: ObjectContext, input: { id: string }) => {
          const alerts = (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
          const alert = decide(() => requireAlert(alerts, input.id));
          if (alert.acknowledgedAt !== undefined) return;
          const acknowledgedAt = await ctx.date.now();
          ctx.set(
            ALERTS,
            alerts.map((a) => (a === alert ? { ...a, acknowledgedAt } : a)),
          );
        },
      ),
      list: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(z.array(OperatorAlert)),
          description: "The latest alerts, oldest first.",
        },
        async (ctx: ObjectSharedContext) => {
          return (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
        },
      ),
    },
  });

/** The typed handle other handlers call OperatorInbox by (its name); the endpoint binds {@link operatorInboxObject} with its runtime. */
export type OperatorInbox = ReturnType<typeof operatorInboxObject>;
export const OperatorInbox: OperatorInbox = { name: "OperatorInbox" };

/** Whether a notification step went through; giving up after its retries is an answer, not a failure. */
async function tried(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (error) {
    if (!(error instanceof restate.TerminalError)) throw error;
    return false;
  }
}

/** One-way: whoever raises an alert never waits on (or deadlocks with) the inbox. */
export function raiseOperatorAlert(ctx: Context, alert: RaiseAlertInput): void {
  ctx.objectSendClient(OperatorInbox, OPERATOR_INBOX_KEY).raise(alert);
}
