import type { Coupon } from "../objects/coupon.ts";
import type { CouponRegistry } from "../objects/coupon-registry.ts";
import { noInput, object } from "./contract.ts";

export const CouponApi = object<typeof Coupon>("Coupon", noInput("get"));
export const CouponRegistryApi = object<typeof CouponRegistry>("CouponRegistry");
