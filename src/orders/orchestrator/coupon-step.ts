import type { ObjectContext } from "@restatedev/restate-sdk";
import { Coupon } from "../../pricing/coupon.ts";
import type { CouponEffect } from "../../pricing/domain/coupons.ts";
import type { Order } from "../domain/order.ts";

/** Whose redemption it is: the customer's account, or a guest's email. */
export const redeemer = (order: Order) => order.customerId ?? `email:${order.customer.email.toLowerCase()}`;

/** Holds one redemption of the code for this order (409 when the coupon cannot be used, 404 when it does not exist). */
export function reserveCoupon(ctx: ObjectContext, order: Order, code: string): Promise<CouponEffect> {
  return ctx
    .objectClient(Coupon, code)
    .reserve({ orderId: order.orderId, customer: redeemer(order), subtotal: order.subtotal, currency: order.currency });
}

/** Compensation: the order failed or was cancelled; the redemption is given back. */
export async function releaseCoupon(ctx: ObjectContext, order: Order, code: string): Promise<void> {
  await ctx.objectClient(Coupon, code).release({ orderId: order.orderId });
}

/** The payment was captured: the redemption counts for good. One-way: the order does not wait on the coupon. */
export function commitCoupon(ctx: ObjectContext, order: Order, code: string): void {
  ctx.objectSendClient(Coupon, code).commit({ orderId: order.orderId });
}
