import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { conflict } from "../platform/domain/domain-errors.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import type { Runtime } from "../providers/runtime.ts";
import { Customer } from "./customer-object.ts";
import { BootstrapAdminInput, checkEmailKey, customerIdFrom, Profile, RegisterInput } from "./domain/customer.ts";

const CUSTOMER_ID = "customerId";

/**
 * Normalised email → customer id. Keyed by the address, so its exclusive handlers are the single
 * writer for that address: of any number of concurrent registrations exactly one claims it.
 * Calls go down only (EmailIndex → Customer), never back.
 */
export const emailIndexObject = (rt: Runtime) =>
  restate.object({
    name: "EmailIndex",
    metadata: { key: "{email}" },
    description: "Who owns an email address; registrations and the admin bootstrap claim addresses here.",
    handlers: {
      register: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RegisterInput),
          output: restate.serde.schema(z.object({ customer: Profile, sessionId: z.string() })),
          description: "Claim the address and create its customer with a first session; 409 when taken.",
        },
        async (ctx: ObjectContext, input: RegisterInput): Promise<{ customer: Profile; sessionId: string }> => {
          decide(() => checkEmailKey(ctx.key));
          if (await ctx.get<string>(CUSTOMER_ID)) reject(conflict(`email ${ctx.key} is already registered`));
          const id = customerIdFrom(ctx.rand.uuidv4());
          const profile = await ctx
            .objectClient(Customer, id)
            .create({ email: ctx.key, name: input.name, passwordHash: input.passwordHash, role: "customer", session: input.session });
          ctx.set(CUSTOMER_ID, id);
          // Which session was opened tells the API whether this answer is a replay of an earlier call.
          return { customer: profile, sessionId: input.session.id };
        },
      ),

      lookup: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(z.string().nullable()),
          description: "The customer id owning this address, or null.",
        },
        async (ctx: ObjectSharedContext): Promise<string | null> => {
          decide(() => checkEmailKey(ctx.key));
          return (await ctx.get<string>(CUSTOMER_ID)) ?? null;
        },
      ),

      bootstrapAdmin: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(BootstrapAdminInput),
          output: restate.serde.schema(Profile),
          description: "Make this address an admin account: created, or promoted (and its password set).",
        },
        async (ctx: ObjectContext, input: BootstrapAdminInput): Promise<Profile> => {
          decide(() => checkEmailKey(ctx.key));
          const claimed = await ctx.get<string>(CUSTOMER_ID);
          if (claimed) {
            return ctx.objectClient(Customer, claimed).grantAdmin(input.replacePassword ? { passwordHash: input.passwordHash } : {});
          }
          const id = customerIdFrom(ctx.rand.uuidv4());
          const profile = await ctx
            .objectClient(Customer, id)
            .create({ email: ctx.key, name: input.name, passwordHash: input.passwordHash, role: "admin" });
          ctx.set(CUSTOMER_ID, id);
          return profile;
        },
      ),
    },
  });

/** The typed handle other handlers call EmailIndex by (its name); the endpoint binds {@link emailIndexObject} with its runtime. */
export type EmailIndex = ReturnType<typeof emailIndexObject>;
export const EmailIndex: EmailIndex = { name: "EmailIndex" };
