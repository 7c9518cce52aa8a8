import { z } from "zod";
import { ShippingAddress } from "../../platform/domain/address.ts";
import { currencyCode, minorUnits } from "../../platform/domain/money.ts";
import { identifier, positiveQuantity } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";
import { couponCode } from "../../pricing/domain/coupons.ts";
import { OrderNumber } from "./order-numbers.ts";

export const Customer = z.strictObject({
  email: z.email("must be a valid email address").max(254),
  name: freeText("name", 200),
});
export type Customer = z.infer<typeof Customer>;

export const DEFAULT_PAYMENT_METHOD = "pm_card_visa";
export const DEFAULT_SHIPPING_METHOD = "standard";

export const ShippingMethod = z.enum(["standard", "express"], { message: "must be standard or express" });

export const PaymentMethod = z
  .string()
  .min(1, "paymentMethod must not be empty")
  .max(255)
  .regex(/^[A-Za-z0-9_]+$/, "paymentMethod must be a payment method id such as pm_card_visa");

export const OrderLineInput = z.strictObject({
  sku: identifier("sku"),
  quantity: positiveQuantity,
  /** Optional client-side unit price; checked against the catalog, never trusted. */
  price: minorUnits.optional(),
});

/** A note from the customer for the shop, kept with the order. */
export const OrderNotes = freeText("notes", 500);

/** `processOrder`: the order's lines (each a SKU and a quantity), the customer, where it ships and how it is paid. */
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
  /** Allocated by Cart.checkout before it places the order. */
  orderNumber: OrderNumber.optional(),
  notes: OrderNotes.optional(),
  /** Answer with the whole order too (spares the caller a getOrder); not part of the request's identity. */
  includeOrder: z.boolean().optional().meta({ default: false }),
});
export type ProcessOrderInput = z.infer<typeof ProcessOrderInput>;

export const CancelInput = z.strictObject({ reason: freeText("reason", 500).optional() });
export type CancelInput = z.infer<typeof CancelInput>;
