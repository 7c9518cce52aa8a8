import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, TerminalError } from "@restatedev/restate-sdk";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide } from "../platform/restate/decide.ts";
import { type Runtime, runPolicy } from "../providers/runtime.ts";
import type { CustomerSettings } from "./customer-settings.ts";
import { chooseSms, mayText, NotifySmsInput, noSmsChoice, orderSms, type SmsChoice, SmsSettings, SmsSettingsInput } from "./domain/sms.ts";
import { SmsNumbers } from "./sms-numbers.ts";

const CHOICE = "choice";

/** The choice with its number's STOP, read from SmsNumbers at the moment it matters. */
async function current(ctx: ObjectContext | ObjectSharedContext): Promise<SmsSettings> {
  const choice = (await ctx.get<SmsChoice>(CHOICE)) ?? noSmsChoice();
  const { stoppedAt } = choice.phone ? await ctx.objectClient(SmsNumbers, choice.phone).status() : { stoppedAt: null };
  return { ...choice, stoppedAt };
}

/**
 * A customer's SMS choice (keyed by customer id): their number and opt-in. Orders tell it one way
 * when they ship and arrive; it texts only with consent and while the number has not said STOP.
 */
export const smsSubscriptionObject = (rt: Runtime<CustomerSettings>) =>
  restate.object({
    name: "SmsSubscription",
    metadata: { key: "{cus_…}" },
    description: "A customer's number and SMS opt-in; texts their shipped and delivered updates, honouring STOP.",
    handlers: {
      set: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(SmsSettingsInput),
          output: restate.serde.schema(SmsSettings),
          description: "Set the number and the opt-in.",
        },
        async (ctx: ObjectContext, input: SmsSettingsInput) => {
          const before = (await ctx.get<SmsChoice>(CHOICE)) ?? noSmsChoice();
          const now = await ctx.date.now();
          ctx.set(
            CHOICE,
            decide(() => chooseSms(before, input, now)),
          );
          return current(ctx);
        },
      ),
      get: restate.handlers.object.shared(
        {
          ...apiOnly(rt),
          input: restate.serde.empty,
          output: restate.serde.schema(SmsSettings),
          description: "The number, the opt-in and the number's STOP.",
        },
        async (ctx: ObjectSharedContext) => current(ctx),
      ),
      notify: restate.handlers.object.exclusive(
        { input: restate.serde.schema(NotifySmsInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: NotifySmsInput) => {
          const now = await current(ctx);
          if (!mayText(now)) return;
          const message = orderSms(input, now.phone, rt.settings.shopName);
          try {
            await ctx.run(`sms:${message.dedupKey}`, () => rt.providers.sms.send(message), runPolicy(rt, "sms"));
          } catch (error) {
            if (!(error instanceof TerminalError)) throw error;
            // An update the customer also gets by email: a refused text is noted, never retried for ever.
            ctx.console.warn(`sms for ${input.orderNumber} refused: ${error.message}`);
          }
        },
      ),
    },
  });

/** The typed handle other handlers call SmsSubscription by (its name); the endpoint binds {@link smsSubscriptionObject} with its runtime. */
export type SmsSubscription = ReturnType<typeof smsSubscriptionObject>;
export const SmsSubscription: SmsSubscription = { name: "SmsSubscription" };
