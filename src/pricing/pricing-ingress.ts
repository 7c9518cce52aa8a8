import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { Coupon } from "./coupon.ts";
import type { CouponRegistry } from "./coupon-registry.ts";

export const CouponApi = object<typeof Coupon>("Coupon", noInput("get"));
export const CouponRegistryApi = object<typeof CouponRegistry>("CouponRegistry");
