import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { apiOnly } from "../platform/restate/api-caller.ts";
import type { Runtime } from "../providers/runtime.ts";

const STOPPED_AT = "stoppedAt";

const Keyword = z.strictObject({ keyword: z.enum(["stop", "start"]) });
const NumberStatus = z.object({ stoppedAt: z.number().int().nullable() });

/**
 * One phone number (keyed by its E.164 form) and whether it texted STOP. STOP belongs to the number,
 * so every account that gives it is stopped too; subscriptions ask here before each text.
 */
export const smsNumbersObject = (rt: Runtime) =>
  restate.object({
    name: "SmsNumbers",
    metadata: { key: "{+E.164}" },
    description: "A phone number's STOP, from the carrier's inbound messages.",
    handlers: {
      keyword: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(Keyword),
          output: restate.serde.empty,
          description: "STOP or START texted from this number (the API's verified Twilio webhook).",
        },
        async (ctx: ObjectContext, { keyword }: z.infer<typeof Keyword>) => {
          if (keyword === "start") ctx.clear(STOPPED_AT);
          else if ((await ctx.get<number>(STOPPED_AT)) === null) ctx.set(STOPPED_AT, await ctx.date.now());
        },
      ),
      status: restate.handlers.object.shared(
        { input: restate.serde.empty, output: restate.serde.schema(NumberStatus), ingressPrivate: true },
        async (ctx: ObjectSharedContext) => ({ stoppedAt: (await ctx.get<number>(STOPPED_AT)) ?? null }),
      ),
    },
  });

/** The typed handle other handlers call SmsNumbers by (its name); the endpoint binds {@link smsNumbersObject} with its runtime. */
export type SmsNumbers = ReturnType<typeof smsNumbersObject>;
export const SmsNumbers: SmsNumbers = { name: "SmsNumbers" };
