import type { ObjectContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { API_ONLY } from "../restate/api-caller.ts";
import type { SmsSubscription } from "./sms-subscription.ts";

const CUSTOMERS = "customers";
const STOPPED_AT = "stoppedAt";

const Link = z.strictObject({ customerId: z.string() });
const Keyword = z.strictObject({ keyword: z.enum(["stop", "start"]) });

const subscription = (ctx: ObjectContext, customerId: string) =>
  ctx.objectSendClient<typeof SmsSubscription>({ name: "SmsSubscription" }, customerId);

/**
 * One phone number (keyed by its E.164 form): the accounts that gave it, and whether it texted STOP.
 * STOP is the number's, so it reaches every account that gave the number, and one that gives it later.
 */
export const SmsNumbers = restate.object({
  name: "SmsNumbers",
  description: "A phone number's accounts and its STOP, from the carrier's inbound messages.",
  handlers: {
    link: restate.handlers.object.exclusive(
      { input: restate.serde.schema(Link), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, { customerId }: z.infer<typeof Link>) => {
        const customers = (await ctx.get<string[]>(CUSTOMERS)) ?? [];
        if (!customers.includes(customerId)) ctx.set(CUSTOMERS, [...customers, customerId]);
        const stoppedAt = await ctx.get<number>(STOPPED_AT);
        if (stoppedAt !== null) subscription(ctx, customerId).stopped({ phone: ctx.key, stoppedAt });
      },
    ),
    unlink: restate.handlers.object.exclusive(
      { input: restate.serde.schema(Link), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, { customerId }: z.infer<typeof Link>) => {
        ctx.set(
          CUSTOMERS,
          ((await ctx.get<string[]>(CUSTOMERS)) ?? []).filter((c) => c !== customerId),
        );
      },
    ),
    keyword: restate.handlers.object.exclusive(
      {
        ...API_ONLY,
        input: restate.serde.schema(Keyword),
        output: restate.serde.empty,
        description: "STOP or START texted from this number (the API's verified Twilio webhook).",
      },
      async (ctx: ObjectContext, { keyword }: z.infer<typeof Keyword>) => {
        const stoppedAt = keyword === "stop" ? await ctx.date.now() : null;
        if (stoppedAt === null) ctx.clear(STOPPED_AT);
        else ctx.set(STOPPED_AT, stoppedAt);
        for (const customerId of (await ctx.get<string[]>(CUSTOMERS)) ?? [])
          subscription(ctx, customerId).stopped({ phone: ctx.key, stoppedAt });
      },
    ),
  },
});
