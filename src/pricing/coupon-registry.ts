import type { Context, ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { PageInput, pageOf } from "../platform/domain/paged-list.ts";
import { append, newestPage } from "../platform/restate/chunked-list.ts";

/** One registry per shop, like the operator inbox. */
export const COUPON_REGISTRY_KEY = "shop";

const RegisteredCoupon = z.object({ code: z.string(), createdAt: z.number().int() });
type RegisteredCoupon = z.infer<typeof RegisteredCoupon>;
const RegisterInput = z.strictObject({ code: z.string().min(1).max(32), createdAt: z.number().int().min(0) });

/**
 * The codes of every coupon created, newest first, so admins can list them: Restate has no way to
 * list the keys of an object, so Coupon.create tells this registry (one-way) about each new code.
 */
export const CouponRegistry = restate.object({
  name: "CouponRegistry",
  metadata: { key: "shop" },
  description: "The codes of all coupons, newest first.",
  options: { enableLazyState: true },
  handlers: {
    register: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RegisterInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: RegisteredCoupon) => append(ctx, input),
    ),
    list: restate.handlers.object.shared(
      {
        input: restate.serde.schema(PageInput),
        output: restate.serde.schema(pageOf(RegisteredCoupon)),
        description: "One page of coupon codes, newest first.",
      },
      async (ctx: ObjectSharedContext, input: PageInput) => newestPage<RegisteredCoupon>(ctx, input),
    ),
  },
});

/** One-way: creating a coupon never waits on the registry. */
export function registerCoupon(ctx: Context, coupon: RegisteredCoupon): void {
  ctx.objectSendClient(CouponRegistry, COUPON_REGISTRY_KEY).register(coupon);
}
