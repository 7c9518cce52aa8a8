import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { type Runtime, runPolicy } from "../providers/runtime.ts";
import type { CustomerSettings } from "./customer-settings.ts";
import { welcomeEmail } from "./domain/welcome-email.ts";

const SENT = "sent";

const WelcomeInput = z.strictObject({ email: z.email(), name: z.string().min(1).max(200) });
const WelcomeRecord = z.object({ status: z.enum(["sent", "failed"]), at: z.number().int(), messageId: z.string().optional() });
type WelcomeRecord = z.infer<typeof WelcomeRecord>;

/**
 * The welcome email of one account (keyed by its customer id), sent one way by Customer.create so a
 * registration never waits on the mail provider. The send is a journaled step with the same
 * Message-ID on every try; what it did is kept, so a second request for the account sends nothing.
 */
export const welcomeEmailObject = (rt: Runtime<CustomerSettings>) =>
  restate.object({
    name: "WelcomeEmail",
    metadata: { key: "{cus_…}" },
    description: "Sends an account's welcome email, once.",
    handlers: {
      send: restate.handlers.object.exclusive(
        { input: restate.serde.schema(WelcomeInput), output: restate.serde.schema(WelcomeRecord), ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof WelcomeInput>): Promise<WelcomeRecord> => {
          const done = await ctx.get<WelcomeRecord>(SENT);
          if (done) return done;
          const message = welcomeEmail({ id: ctx.key, ...input }, rt.settings.shopName);
          let record: WelcomeRecord;
          try {
            const receipt = await ctx.run(`email:${message.dedupKey}`, () => rt.providers.email.send(message), runPolicy(rt, "email"));
            record = { status: "sent", at: await ctx.date.now(), messageId: receipt.messageId };
          } catch (error) {
            if (!(error instanceof TerminalError)) throw error;
            // A refused address is not worth retrying for a greeting; the account stands.
            ctx.console.warn(`welcome email for ${ctx.key} refused: ${error.message}`);
            record = { status: "failed", at: await ctx.date.now() };
          }
          ctx.set(SENT, record);
          return record;
        },
      ),
    },
  });

/** The typed handle other handlers call WelcomeEmail by (its name); the endpoint binds {@link welcomeEmailObject} with its runtime. */
export type WelcomeEmail = ReturnType<typeof welcomeEmailObject>;
export const WelcomeEmail: WelcomeEmail = { name: "WelcomeEmail" };
