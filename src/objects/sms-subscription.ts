import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { chooseSms, mayText, NotifySmsInput, noSmsSettings, orderSms, SmsSettings, SmsSettingsInput } from "../domain/sms.ts";
import { providers, runPolicy } from "../providers/registry.ts";
import { API_ONLY } from "../restate/api-caller.ts";
import { decide } from "../restate/errors.ts";
import { settings } from "../settings.ts";
import type { SmsNumbers } from "./sms-numbers.ts";

const SETTINGS = "settings";

const numbers = (ctx: ObjectContext, phone: string) => ctx.objectSendClient<typeof SmsNumbers>({ name: "SmsNumbers" }, phone);

/**
 * A customer's SMS choice (keyed by customer id): their number and opt-in. Orders tell it one way
 * when they ship and arrive; it texts only with consent and while the number has not said STOP.
 */
export const SmsSubscription = restate.object({
  name: "SmsSubscription",
  description: "A customer's number and SMS opt-in; texts their shipped and delivered updates, honouring STOP.",
  handlers: {
    set: restate.handlers.object.exclusive(
      {
        ...API_ONLY,
        input: restate.serde.schema(SmsSettingsInput),
        output: restate.serde.schema(SmsSettings),
        description: "Set the number and the opt-in.",
      },
      async (ctx: ObjectContext, input: SmsSettingsInput) => {
        const current = (await ctx.get<SmsSettings>(SETTINGS)) ?? noSmsSettings();
        const now = await ctx.date.now();
        const next = decide(() => chooseSms(current, input, now));
        ctx.set(SETTINGS, next);
        if (current.phone !== next.phone) {
          if (current.phone) numbers(ctx, current.phone).unlink({ customerId: ctx.key });
          // The number answers with its own STOP, if it ever sent one.
          if (next.phone) numbers(ctx, next.phone).link({ customerId: ctx.key });
        }
        return next;
      },
    ),
    get: restate.handlers.object.shared(
      { ...API_ONLY, input: restate.serde.empty, output: restate.serde.schema(SmsSettings), description: "The number and opt-in." },
      async (ctx: ObjectSharedContext) => (await ctx.get<SmsSettings>(SETTINGS)) ?? noSmsSettings(),
    ),
    stopped: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(z.strictObject({ phone: z.string(), stoppedAt: z.number().int().nullable() })),
        output: restate.serde.empty,
        ingressPrivate: true,
      },
      async (ctx: ObjectContext, input: { phone: string; stoppedAt: number | null }) => {
        const current = (await ctx.get<SmsSettings>(SETTINGS)) ?? noSmsSettings();
        if (current.phone === input.phone) ctx.set(SETTINGS, { ...current, stoppedAt: input.stoppedAt });
      },
    ),
    notify: restate.handlers.object.exclusive(
      { input: restate.serde.schema(NotifySmsInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: NotifySmsInput) => {
        const current = (await ctx.get<SmsSettings>(SETTINGS)) ?? noSmsSettings();
        if (!mayText(current)) return;
        const message = orderSms(input, current.phone, settings().shopName);
        try {
          await ctx.run(`sms:${message.dedupKey}`, () => providers().sms.send(message), runPolicy("sms"));
        } catch (error) {
          if (!(error instanceof TerminalError)) throw error;
          // An update the customer also gets by email: a refused text is noted, never retried for ever.
          ctx.console.warn(`sms for ${input.orderNumber} refused: ${error.message}`);
        }
      },
    ),
  },
});
