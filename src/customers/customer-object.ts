import * as restate from "@restatedev/restate-sdk";
import { type Context, type ObjectContext, type ObjectSharedContext, type RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { conflict, unauthorized } from "../platform/domain/domain-errors.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import { project, projectIfChanged } from "../platform/restate/project.ts";
import { addSpend, benefitOf, emptyStanding, type LoyaltyProgram, LoyaltyStanding } from "../pricing/domain/loyalty.ts";
import type { LoyaltyBenefit } from "../pricing/domain/pricing.ts";
import type { Runtime } from "../providers/runtime.ts";
import { customerRow, customersTable } from "./customer-row.ts";
import type { CustomerSettings } from "./customer-settings.ts";
import {
  Address,
  AddressInput,
  addAddress,
  addressIdFrom,
  type CartPointer,
  ChangePasswordInput,
  CheckPasswordInput,
  CreateCustomerInput,
  CurrentCart,
  CustomerView,
  cartIdOf,
  checkCustomerKey,
  EndSessionInput,
  endSession,
  firstCart,
  GrantAdminInput,
  keepOnlySession,
  newProfile,
  openSession,
  Profile,
  RefreshInput,
  RefreshResult,
  RemoveAddressInput,
  type Role,
  removeAddress,
  requireProfile,
  rotateSession,
  type Sessions,
  SetRoleInput,
  SignInDetails,
  StartSessionInput,
  UpdateProfileInput,
} from "./domain/customer.ts";
import { changePurpose, checkPurpose, passwordParametersOf, proofMatches, sessionPurpose } from "./domain/password-proof.ts";
import { WelcomeEmail } from "./welcome-email-object.ts";

// Separate entries, so reading a profile never loads the password hash or the sessions.
const PROFILE = "profile";
const PASSWORD = "passwordHash";
const ADDRESSES = "addresses";
const SESSIONS = "sessions";
const CART = "cart";
const LOYALTY = "loyalty";
const spendKey = (reference: string) => `spend:${reference}`;
const WRONG_PASSWORD = "the password proof does not match";

/** A captured order adds to the lifetime spend, a refund takes away; `reference` makes each count once. */
const SpendInput = z.strictObject({
  kind: z.enum(["order", "refund"]),
  reference: z.string().min(1).max(200).describe("the order id, or order id and refund number"),
  amount: z.number().int().describe("positive for an order, negative for a refund"),
  currency: z.string(),
});
type SpendInput = z.infer<typeof SpendInput>;

/** What the customer's loyalty tier gives on an order in this currency; nothing for an account that is gone. */
export async function loyaltyBenefit(
  ctx: Context,
  program: LoyaltyProgram,
  customerId: string,
  currency: string,
): Promise<LoyaltyBenefit | undefined> {
  const standing = await loyaltyStanding(ctx, customerId);
  return standing && benefitOf(program, standing, currency);
}

/** The account's lifetime spend and tier (undefined for an unknown account), to await with other calls. */
export function loyaltyStanding(ctx: Context, customerId: string): RestatePromise<LoyaltyStanding | undefined> {
  return unlessGone(ctx.objectClient(Customer, customerId).loyalty(), (standing) => standing);
}

/**
 * When the account was opened (epoch ms), for risk screening; undefined for an unknown account. A
 * RestatePromise, so the order can await it together with its other calls (RestatePromise.all).
 */
export function accountCreatedAt(ctx: Context, customerId: string): RestatePromise<number | undefined> {
  return unlessGone(ctx.objectClient(Customer, customerId).get(), (profile) => Date.parse(profile.createdAt));
}

/** What a call to an account answers, picked; undefined when the account does not exist (404). */
function unlessGone<T, R>(call: RestatePromise<T>, pick: (answer: T) => R): RestatePromise<R | undefined> {
  return call.map((answer, failure) => {
    if (failure instanceof TerminalError && failure.code === 404) return undefined;
    if (failure || answer === undefined) throw failure;
    return pick(answer);
  });
}

/** Tells the customer's account what an order captured or refunded (one-way: the order never waits on it). */
export function recordSpend(ctx: Context, customerId: string, spend: SpendInput): void {
  ctx.objectSendClient(Customer, customerId).recordSpend(spend);
}
const profileOut = restate.serde.schema(Profile);

async function existing(ctx: ObjectSharedContext | ObjectContext): Promise<Profile> {
  decide(() => checkCustomerKey(ctx.key));
  const profile = await ctx.get<Profile>(PROFILE);
  return decide(() => requireProfile(profile, ctx.key));
}

async function saveProfile(ctx: ObjectContext, change: Partial<Profile>): Promise<Profile> {
  const before = await existing(ctx);
  const next = { ...before, ...change };
  ctx.set(PROFILE, next);
  await projectIfChanged(ctx, customersTable, customerRow(before), customerRow(next));
  return next;
}

/**
 * A shop account: profile, addresses, role, loyalty tier, the password hash (made by the API, which
 * alone sees passwords) and its refresh-token sessions (hashes of their secrets only). The id is
 * drawn at registration by the EmailIndex, the one writer per email address.
 */
export const customerObject = (rt: Runtime<CustomerSettings>) =>
  restate.object({
    name: "Customer",
    metadata: { key: "{cus_…}" },
    description: "A shop account. Called by the HTTP API (trusted, behind the ingress) and by EmailIndex.",
    handlers: {
      create: restate.handlers.object.exclusive(
        { input: restate.serde.schema(CreateCustomerInput), output: profileOut, ingressPrivate: true },
        async (ctx: ObjectContext, input: CreateCustomerInput): Promise<Profile> => {
          decide(() => checkCustomerKey(ctx.key));
          if (await ctx.get<Profile>(PROFILE)) reject(conflict(`customer ${ctx.key} already exists`));
          const now = await ctx.date.now();
          const profile = newProfile(ctx.key, input, now);
          ctx.set(PROFILE, profile);
          ctx.set(PASSWORD, input.passwordHash);
          ctx.set(ADDRESSES, []);
          ctx.set(SESSIONS, input.session ? openSession({}, input.session, now) : {});
          await project(ctx, customersTable, customerRow(profile));
          // One way: the registration answers without waiting on the mail provider.
          if (profile.role === "customer") ctx.objectSendClient(WelcomeEmail, ctx.key).send({ email: profile.email, name: profile.name });
          return profile;
        },
      ),

      get: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(CustomerView),
          description: "Profile and addresses; 404 for an unknown customer.",
        },
        async (ctx: ObjectSharedContext) => {
          const profile = await existing(ctx);
          return { ...profile, addresses: (await ctx.get<Address[]>(ADDRESSES)) ?? [] };
        },
      ),

      signInDetails: restate.handlers.object.shared(
        {
          ...apiOnly(rt),
          input: restate.serde.empty,
          output: restate.serde.schema(SignInDetails),
          description: "The profile and the password hash's parameters and salt (never its key), for the API to derive a sign-in's key.",
        },
        async (ctx: ObjectSharedContext) => {
          const profile = await existing(ctx);
          return { customer: profile, passwordParameters: passwordParametersOf((await ctx.get<string>(PASSWORD))!) };
        },
      ),

      startSession: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(StartSessionInput),
          output: profileOut,
          description: "Open a refresh-token session for whoever proves the password for it; 401 otherwise, changing nothing.",
        },
        async (ctx: ObjectContext, input: StartSessionInput): Promise<Profile> => {
          const profile = await existing(ctx);
          const { proof, ...grant } = input;
          if (!proofMatches((await ctx.get<string>(PASSWORD)) ?? undefined, sessionPurpose(grant), proof))
            reject(unauthorized(WRONG_PASSWORD));
          const now = await ctx.date.now();
          ctx.set(SESSIONS, openSession((await ctx.get<Sessions>(SESSIONS)) ?? {}, grant, now));
          return profile;
        },
      ),

      checkPassword: restate.handlers.object.shared(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(CheckPasswordInput),
          output: restate.serde.schema(z.boolean()),
          description: "Whether a password proof for this nonce matches the account's password.",
        },
        async (ctx: ObjectSharedContext, input: CheckPasswordInput): Promise<boolean> => {
          await existing(ctx);
          return proofMatches((await ctx.get<string>(PASSWORD)) ?? undefined, checkPurpose(input.nonce), input.proof);
        },
      ),

      changePassword: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ChangePasswordInput),
          output: restate.serde.empty,
          description: "Set a new password for whoever proves the current one (401 otherwise, changing nothing); every other session ends.",
        },
        async (ctx: ObjectContext, input: ChangePasswordInput) => {
          await existing(ctx);
          if (!proofMatches((await ctx.get<string>(PASSWORD)) ?? undefined, changePurpose(input.newPasswordHash), input.proof))
            reject(unauthorized(WRONG_PASSWORD));
          ctx.set(PASSWORD, input.newPasswordHash);
          ctx.set(SESSIONS, keepOnlySession((await ctx.get<Sessions>(SESSIONS)) ?? {}, input.keepSessionId, await ctx.date.now()));
        },
      ),

      refresh: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RefreshInput),
          output: restate.serde.schema(RefreshResult),
          description: "Rotate a session's secret; a stale secret ends the session (reuse).",
        },
        async (ctx: ObjectContext, input: RefreshInput): Promise<RefreshResult> => {
          const profile = await existing(ctx);
          const now = await ctx.date.now();
          const sessions = (await ctx.get<Sessions>(SESSIONS)) ?? {};
          const rotation = rotateSession(sessions, input, now);
          // A refusal is an answer, not a failure: a session ended for reuse must be saved, and is.
          if (rotation.outcome !== "unknown") ctx.set(SESSIONS, rotation.sessions);
          if (rotation.outcome === "reused") ctx.console.warn(`customer ${ctx.key}: a rotated refresh token was used again; session ended`);
          return rotation.outcome === "rotated" ? { outcome: "rotated", customer: profile } : { outcome: "rejected" };
        },
      ),

      endSession: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(EndSessionInput),
          output: restate.serde.empty,
          description: "Sign out one session, given its secret's hash; unknown sessions are already ended, a wrong secret changes nothing.",
        },
        async (ctx: ObjectContext, input: EndSessionInput) => {
          await existing(ctx);
          const sessions = (await ctx.get<Sessions>(SESSIONS)) ?? {};
          const next = endSession(sessions, input, await ctx.date.now());
          if (Object.keys(next).length !== Object.keys(sessions).length) ctx.set(SESSIONS, next);
        },
      ),

      updateProfile: restate.handlers.object.exclusive(
        { ...apiOnly(rt), input: restate.serde.schema(UpdateProfileInput), output: profileOut, description: "Change the customer's name." },
        async (ctx: ObjectContext, input: UpdateProfileInput) => saveProfile(ctx, { name: input.name }),
      ),

      addAddress: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(AddressInput),
          output: restate.serde.schema(Address),
          description: "Save an address; its id is returned.",
        },
        async (ctx: ObjectContext, input: AddressInput): Promise<Address> => {
          await existing(ctx);
          const addresses = (await ctx.get<Address[]>(ADDRESSES)) ?? [];
          const address = { id: addressIdFrom(ctx.rand.uuidv4()), ...input };
          ctx.set(
            ADDRESSES,
            decide(() => addAddress(addresses, address)),
          );
          return address;
        },
      ),

      removeAddress: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RemoveAddressInput),
          output: restate.serde.empty,
          description: "Delete an address; 404 when it is not this customer's.",
        },
        async (ctx: ObjectContext, input: { id: string }) => {
          await existing(ctx);
          const addresses = (await ctx.get<Address[]>(ADDRESSES)) ?? [];
          ctx.set(
            ADDRESSES,
            decide(() => removeAddress(addresses, input.id)),
          );
        },
      ),

      currentCart: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(CurrentCart),
          description: "The customer's cart, profile and addresses.",
        },
        async (ctx: ObjectSharedContext) => {
          const profile = await existing(ctx);
          const pointer = (await ctx.get<CartPointer>(CART)) ?? firstCart();
          return {
            cartId: cartIdOf(ctx.key, pointer.generation),
            customer: profile,
            addresses: (await ctx.get<Address[]>(ADDRESSES)) ?? [],
          };
        },
      ),

      setRole: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(SetRoleInput),
          output: profileOut,
          description: "Make a customer an admin or back; the API allows only admins to call it.",
        },
        async (ctx: ObjectContext, input: { role: Role }) => saveProfile(ctx, { role: input.role }),
      ),

      loyalty: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(LoyaltyStanding),
          description: "Lifetime spend (captured minus refunded) and the tier it earns.",
        },
        async (ctx: ObjectSharedContext) => {
          await existing(ctx);
          return (await ctx.get<LoyaltyStanding>(LOYALTY)) ?? emptyStanding(rt.settings.loyalty);
        },
      ),

      recordSpend: restate.handlers.object.exclusive(
        { input: restate.serde.schema(SpendInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: SpendInput) => {
          const program = rt.settings.loyalty;
          // Once per captured order and once per refund, however often the order's send is replayed.
          if (input.currency !== program.currency || (await ctx.get<boolean>(spendKey(input.reference)))) return;
          ctx.set(spendKey(input.reference), true);
          const profile = await existing(ctx);
          const standing = addSpend(
            program,
            (await ctx.get<LoyaltyStanding>(LOYALTY)) ?? emptyStanding(program),
            input.amount,
            input.kind === "order",
          );
          ctx.set(LOYALTY, standing);
          if (standing.tier !== profile.loyaltyTier) await saveProfile(ctx, { loyaltyTier: standing.tier });
        },
      ),

      grantAdmin: restate.handlers.object.exclusive(
        { input: restate.serde.schema(GrantAdminInput), output: profileOut, ingressPrivate: true },
        async (ctx: ObjectContext, input: GrantAdminInput): Promise<Profile> => {
          const profile = await saveProfile(ctx, { role: "admin" });
          if (input.passwordHash) {
            // A new password signs every session out.
            ctx.set(PASSWORD, input.passwordHash);
            ctx.set(SESSIONS, {});
          }
          return profile;
        },
      ),
    },
  });

/** The typed handle other handlers call Customer by (its name); the endpoint binds {@link customerObject} with its runtime. */
export type Customer = ReturnType<typeof customerObject>;
export const Customer: Customer = { name: "Customer" };
