import * as restate from "@restatedev/restate-sdk";
import type { Context, ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import { AcknowledgeInput, RaiseAlertInput, addAlert, requireAlert, type OperatorAlert } from "../domain/operator-alerts.ts";
import { operatorEmail } from "../operator-email.ts";
import { providers, runPolicy } from "../providers/registry.ts";
import { decide } from "../restate/errors.ts";

const ALERTS = "alerts";
/** One inbox per shop; alerts are rare, so a single key is not a hot spot. */
export const OPERATOR_INBOX_KEY = "shop";

export const OperatorInbox = restate.object({
  name: "OperatorInbox",
  description: "Alerts for the people running the shop: low stock, stuck payments, disputes, failed refunds.",
  handlers: {
    raise: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RaiseAlertInput), ingressPrivate: true },
      async (ctx: ObjectContext, input: RaiseAlertInput) => {
        const alerts = (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
        if (alerts.some((a) => a.id === input.id)) return;
        const raisedAt = await ctx.date.now();
        let emailed = false;
        try {
          const message = operatorEmail(input);
          await ctx.run(`email:${input.id}`, () => providers().email.send(message), runPolicy("email"));
          emailed = true;
        } catch (error) {
          if (!(error instanceof restate.TerminalError)) throw error;
        }
        ctx.set(ALERTS, addAlert(alerts, { ...input, raisedAt, emailed }));
      },
    ),
    acknowledge: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AcknowledgeInput) },
      async (ctx: ObjectContext, input: { id: string }) => {
        const alerts = (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
        const alert = decide(() => requireAlert(alerts, input.id));
        if (alert.acknowledgedAt !== undefined) return;
        const acknowledgedAt = await ctx.date.now();
        ctx.set(ALERTS, alerts.map((a) => (a === alert ? { ...a, acknowledgedAt } : a)));
      },
    ),
    list: restate.handlers.object.shared({ input: restate.serde.empty }, async (ctx: ObjectSharedContext) => {
      return (await ctx.get<OperatorAlert[]>(ALERTS)) ?? [];
    }),
  },
});

/** One-way: whoever raises an alert never waits on (or deadlocks with) the inbox. */
export function raiseOperatorAlert(ctx: Context, alert: RaiseAlertInput): void {
  ctx.objectSendClient(OperatorInbox, OPERATOR_INBOX_KEY).raise(alert);
}
