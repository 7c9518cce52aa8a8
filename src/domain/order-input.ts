import { z } from "zod";
import { couponCode } from "./coupons.ts";
import { RefundRequestInput } from "./returns.ts";
import { currencyCode, minorUnits } from "./money.ts";
import { identifier, positiveQuantity } from "./quantity.ts";

const text = (field: string, max: number) =>
  z.string().trim().min(1, `${field} must not be empty`).max(max, `${field} must be at most ${max} characters`);

export const Customer = z.strictObject({
  email: z.email("must be a valid email address").max(254),
  name: text("name", 200),
});
export type Customer = z.infer<typeof Customer>;

export const ShippingAddress = z.strictObject({
  name: text("name", 200).optional(),
  street: text("street", 200),
  city: text("city", 100),
  state: text("state", 100),
  zip: text("zip", 20),
  country: z.string().regex(/^[A-Z]{2}$/, "must be a two-letter upper-case ISO 3166 country code"),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const DEFAULT_PAYMENT_METHOD = "pm_card_visa";
export const DEFAULT_SHIPPING_METHOD = "standard";

export const ShippingMethod = z.enum(["standard", "express"], { message: "must be standard or express" });

export const PaymentMethod = z
  .string()
  .min(1, "paymentMethod must not be empty")
  .max(255)
  .regex(/^[A-Za-z0-9_]+$/, "paymentMethod must be a payment method id such as pm_card_visa");

export const OrderLineInput = z.strictObject({
  productId: identifier("productId"),
  quantity: positiveQuantity,
  /** Optional client-side unit price; checked against the catalog, never trusted. */
  price: minorUnits.optional(),
});

/** `processOrder`: the shape known from Restate's tutorials, productId being the SKU. */
export const ProcessOrderInput = z.strictObject({
  items: z.array(OrderLineInput).min(1, "items must contain at least one line").max(100, "items must have at most 100 lines"),
  customer: Customer,
  shipping: ShippingAddress,
  paymentMethod: PaymentMethod.optional().meta({ default: DEFAULT_PAYMENT_METHOD }),
  shippingMethod: ShippingMethod.optional().meta({ default: DEFAULT_SHIPPING_METHOD }),
  currency: currencyCode.optional(),
  /** Set by Cart.checkout; lets the order point back to where it came from. */
  cartId: identifier("cartId").optional(),
  /** The shop's customer account placing the order (set by the public API): loyalty and coupon limits count per account. */
  customerId: identifier("customerId").optional(),
  couponCode: couponCode.optional(),
  /** The total the customer was shown; a higher total now is refused (409) rather than charged. */
  expectedTotal: minorUnits.optional(),
});
export type ProcessOrderInput = z.infer<typeof ProcessOrderInput>;

export const CancelInput = z.strictObject({ reason: text("reason", 500).optional() });
export type CancelInput = z.infer<typeof CancelInput>;

/** An admin's refund: money back at once, optionally with units back to stock. */
export const RefundInput = RefundRequestInput.extend({
  by: identifier("by").optional().describe("who refunds (an admin's id), for the order's log"),
});
export type RefundInput = z.infer<typeof RefundInput>;
