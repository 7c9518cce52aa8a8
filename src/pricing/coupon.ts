import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { conflict, notFound } from "../platform/domain/domain-errors.ts";
import { currencyCode, minorUnits } from "../platform/domain/money.ts";
import { identifier } from "../platform/domain/quantity.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import { project } from "../platform/restate/project.ts";
import type { Runtime } from "../providers/runtime.ts";
import { registerCoupon } from "./coupon-registry.ts";
import { couponRow, couponsTable } from "./coupon-row.ts";
import {
  type CouponCounts,
  CouponDefinition,
  commitRedemption,
  couponEffect,
  ineligibility,
  type OrderRedemption,
  releaseRedemption,
  reserveRedemption,
} from "./domain/coupons.ts";

const DEFINITION = "definition";
const COUNTS = "counts";
const DISABLED = "disabledAt";
const orderKey = (orderId: string) => `order:${orderId}`;
const customerKey = (customer: string) => `customer:${customer}`;

const Use = z.strictObject({
  subtotal: minorUnits,
  currency: currencyCode,
  customer: z.string().min(1).max(300).describe("customer id, or email:<address> for a guest"),
});
const ReserveInput = Use.extend({ orderId: identifier("orderId") });
const OrderRef = z.strictObject({ orderId: identifier("orderId") });
const DisableInput = z.strictObject({ by: identifier("by").optional().describe("who withdrew it (an admin's id), for the log") });

export const CouponEffect = z.object({
  code: z.string(),
  type: z.enum(["percent", "fixed", "free_shipping"]),
  discount: z.number().int(),
  freeShipping: z.boolean(),
});

export const CouponView = z.object({
  definition: CouponDefinition,
  redeemed: z.number().int(),
  reserved: z.number().int(),
  createdAt: z.number().int(),
  disabledAt: z.number().int().optional().describe("when the shop withdrew it: no checkout takes it from then on"),
});
export type CouponView = z.infer<typeof CouponView>;

async function definitionOf(ctx: ObjectSharedContext): Promise<CouponDefinition> {
  return (await ctx.get<CouponDefinition>(DEFINITION)) ?? reject(notFound(`unknown coupon ${ctx.key}`));
}

const countsOf = async (ctx: ObjectSharedContext): Promise<CouponCounts> =>
  (await ctx.get<CouponCounts>(COUNTS)) ?? { redeemed: 0, reserved: 0 };
const disabledAtOf = async (ctx: ObjectSharedContext): Promise<number | undefined> => (await ctx.get<number>(DISABLED)) ?? undefined;

/** The coupons projection follows every change of the definition, the counts or whether it is withdrawn. */
async function projectCoupon(ctx: ObjectContext, definition: CouponDefinition, counts: CouponCounts): Promise<void> {
  await project(ctx, couponsTable, couponRow(definition, counts, (await ctx.get<number>("createdAt")) ?? 0, await disabledAtOf(ctx)));
}

async function viewOf(ctx: ObjectSharedContext): Promise<CouponView> {
  const disabledAt = await disabledAtOf(ctx);
  return {
    definition: await definitionOf(ctx),
    ...(await countsOf(ctx)),
    createdAt: (await ctx.get<number>("createdAt")) ?? 0,
    ...(disabledAt === undefined ? {} : { disabledAt }),
  };
}

const usesOf = async (ctx: ObjectSharedContext, customer: string) => (await ctx.get<number>(customerKey(customer))) ?? 0;

/**
 * One coupon code, its rules and its redemptions. Every redemption goes through this object's
 * exclusive handlers, so however many checkouts race for a single-use code, one holds it: a checkout
 * reserves a redemption before it pays, commits it once the payment is captured, and releases it
 * when it fails or the order is cancelled. Per-order and per-customer counts live under their own
 * state keys, so the coupon's value stays small however often it is used.
 */
export const couponObject = (rt: Runtime) =>
  restate.object({
    name: "Coupon",
    metadata: { key: "{CODE}" },
    description: "A coupon code: its rules, and redemptions held, committed and released by checkouts.",
    handlers: {
      create: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(CouponDefinition),
          output: restate.serde.schema(CouponView),
          description: "Define this coupon; 409 if the code exists.",
        },
        async (ctx: ObjectContext, definition: CouponDefinition) => {
          if (definition.code !== ctx.key) reject(conflict(`code: the coupon is ${definition.code} but the key is ${ctx.key}`));
          if (await ctx.get<CouponDefinition>(DEFINITION)) reject(conflict(`coupon ${ctx.key} already exists`));
          const createdAt = await ctx.date.now();
          ctx.set(DEFINITION, definition);
          ctx.set("createdAt", createdAt);
          await projectCoupon(ctx, definition, { redeemed: 0, reserved: 0 });
          registerCoupon(ctx, { code: definition.code, createdAt });
          return { definition, redeemed: 0, reserved: 0, createdAt };
        },
      ),

      get: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(CouponView),
          description: "The coupon's rules and how often it was redeemed; 404 if unknown.",
        },
        async (ctx: ObjectSharedContext) => viewOf(ctx),
      ),

      disable: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(DisableInput),
          output: restate.serde.schema(CouponView),
          description:
            "Withdraw this coupon: carts and checkouts refuse it from now on (409 with the reason); redemptions already made stay. Again → unchanged; 404 if unknown.",
        },
        async (ctx: ObjectContext, input: z.infer<typeof DisableInput>) => {
          const definition = await definitionOf(ctx);
          if ((await disabledAtOf(ctx)) === undefined) {
            const at = await ctx.date.now();
            ctx.set(DISABLED, at);
            ctx.console.info(`coupon ${ctx.key} withdrawn${input.by ? ` by ${input.by}` : ""}`);
            await projectCoupon(ctx, definition, await countsOf(ctx));
          }
          return viewOf(ctx);
        },
      ),

      check: restate.handlers.object.shared(
        {
          input: restate.serde.schema(Use),
          output: restate.serde.schema(CouponEffect),
          description: "What the coupon takes off this cart, or 409 with why it cannot be used.",
        },
        async (ctx: ObjectSharedContext, use: z.infer<typeof Use>) => {
          const definition = await definitionOf(ctx);
          const why = ineligibility(definition, await countsOf(ctx), {
            ...use,
            now: await ctx.date.now(),
            customerUses: await usesOf(ctx, use.customer),
            disabledAt: await disabledAtOf(ctx),
          });
          if (why) reject(conflict(why));
          return couponEffect(definition, use.subtotal);
        },
      ),

      reserve: restate.handlers.object.exclusive(
        { input: restate.serde.schema(ReserveInput), output: restate.serde.schema(CouponEffect), ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof ReserveInput>) => {
          const definition = await definitionOf(ctx);
          const held = await ctx.get<OrderRedemption>(orderKey(input.orderId));
          // The same checkout asking again (a retry, a replay) holds what it held.
          if (held && held.status !== "released") return couponEffect(definition, input.subtotal);
          const counts = await countsOf(ctx);
          const uses = await usesOf(ctx, input.customer);
          const at = { ...input, now: await ctx.date.now(), customerUses: uses, disabledAt: await disabledAtOf(ctx) };
          const next = decide(() => reserveRedemption(definition, counts, at));
          ctx.set(COUNTS, next);
          ctx.set(orderKey(input.orderId), { customer: input.customer, status: "reserved" } satisfies OrderRedemption);
          ctx.set(customerKey(input.customer), uses + 1);
          await projectCoupon(ctx, definition, next);
          return couponEffect(definition, input.subtotal);
        },
      ),

      commit: restate.handlers.object.exclusive(
        { input: restate.serde.schema(OrderRef), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof OrderRef>) => {
          const held = await ctx.get<OrderRedemption>(orderKey(input.orderId));
          if (!held) return;
          const next = commitRedemption(await countsOf(ctx), held);
          ctx.set(COUNTS, next.counts);
          ctx.set(orderKey(input.orderId), next.order);
          await projectCoupon(ctx, await definitionOf(ctx), next.counts);
        },
      ),

      release: restate.handlers.object.exclusive(
        { input: restate.serde.schema(OrderRef), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof OrderRef>) => {
          const held = await ctx.get<OrderRedemption>(orderKey(input.orderId));
          if (!held || held.status === "released") return;
          const next = releaseRedemption(await countsOf(ctx), held);
          ctx.set(COUNTS, next.counts);
          ctx.set(orderKey(input.orderId), next.order);
          ctx.set(customerKey(held.customer), Math.max(0, (await usesOf(ctx, held.customer)) - 1));
          await projectCoupon(ctx, await definitionOf(ctx), next.counts);
        },
      ),
    },
  });

/** The typed handle other handlers call Coupon by (its name); the endpoint binds {@link couponObject} with its runtime. */
export type Coupon = ReturnType<typeof couponObject>;
export const Coupon: Coupon = { name: "Coupon" };
