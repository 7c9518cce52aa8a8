import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { notFound } from "../platform/domain/domain-errors.ts";
import { identifier } from "../platform/domain/quantity.ts";
import { reject } from "../platform/restate/decide.ts";

const OWNER = "sku";
const SkuInput = z.strictObject({ sku: identifier("sku") });
const Owner = z.object({ sku: z.string() });

/**
 * The one owner of a slug. Two products created at once with the same slug both call `claim` on this
 * key; the object runs one at a time, so exactly one becomes the owner and the other learns who is.
 */
export const SlugClaim = restate.object({
  name: "SlugClaim",
  metadata: { key: "{slug}" },
  description: "Which SKU owns a product slug (internal).",
  handlers: {
    claim: restate.handlers.object.exclusive(
      { input: restate.serde.schema(SkuInput), output: restate.serde.schema(Owner), ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof SkuInput>) => {
        const owner = await ctx.get<string>(OWNER);
        if (owner !== null) return { sku: owner };
        ctx.set(OWNER, input.sku);
        return { sku: input.sku };
      },
    ),
    release: restate.handlers.object.exclusive(
      { input: restate.serde.schema(SkuInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof SkuInput>) => {
        if ((await ctx.get<string>(OWNER)) === input.sku) ctx.clear(OWNER);
      },
    ),
    get: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(Owner), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => ({
        sku: (await ctx.get<string>(OWNER)) ?? reject(notFound(`no product has the slug ${ctx.key}`)),
      }),
    ),
  },
});

/** productId → SKU, kept in Restate so an admin's change finds its item at once (PostgreSQL may lag). */
export const ProductIndex = restate.object({
  name: "ProductIndex",
  metadata: { key: "{productId}" },
  description: "Which SKU a product id names (internal).",
  handlers: {
    set: restate.handlers.object.exclusive(
      { input: restate.serde.schema(SkuInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: z.infer<typeof SkuInput>) => {
        ctx.set(OWNER, input.sku);
      },
    ),
    get: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(Owner), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => ({ sku: (await ctx.get<string>(OWNER)) ?? reject(notFound(`unknown product ${ctx.key}`)) }),
    ),
  },
});
