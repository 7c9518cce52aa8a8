import { z } from "zod";
import { CustomerId } from "../../customers/domain/customer.ts";
import { ShippingAddress } from "../../platform/domain/address.ts";
import { conflict, invalid } from "../../platform/domain/domain-errors.ts";
import { formatMoney, minorUnits } from "../../platform/domain/money.ts";
import { identifier, MAX_QUANTITY, positiveQuantity } from "../../platform/domain/quantity.ts";
import { couponCode } from "../../pricing/domain/coupons.ts";
import { Customer, DEFAULT_PAYMENT_METHOD, DEFAULT_SHIPPING_METHOD, OrderNotes, PaymentMethod, ShippingMethod } from "./order-input.ts";

export const AddItemInput = z.strictObject({ sku: identifier("sku"), quantity: positiveQuantity });
export type AddItemInput = z.infer<typeof AddItemInput>;

export const UpdateItemInput = z.strictObject({
  sku: identifier("sku"),
  quantity: z.number().int("must be a whole number").min(0, "must not be negative").max(MAX_QUANTITY, `must not exceed ${MAX_QUANTITY}`),
});
export type UpdateItemInput = z.infer<typeof UpdateItemInput>;

export const RemoveItemInput = z.strictObject({ sku: identifier("sku") });
export type RemoveItemInput = z.infer<typeof RemoveItemInput>;

export const CheckoutInput = z.strictObject({
  customer: Customer,
  shippingAddress: ShippingAddress,
  paymentMethod: PaymentMethod.optional().meta({ default: DEFAULT_PAYMENT_METHOD }),
  shippingMethod: ShippingMethod.optional().meta({ default: DEFAULT_SHIPPING_METHOD }),
  /** The total the customer was shown (Cart.get); a higher one at checkout is refused with 409. */
  expectedTotal: minorUnits.optional(),
  /** The shop's customer account (set by the public API); its order list and current cart follow the checkout. */
  customerId: CustomerId.optional(),
  notes: OrderNotes.optional(),
});

/**
 * Cart.checkout's answer: the order it submitted. The checkout runs on in the order's own
 * invocation (`invocationId`): attach to it (`GET /restate/invocation/{invocationId}/attach`) for
 * the paid order or the failure, which carries `metadata.orderNumber`.
 */
export const CheckoutSubmitted = z.object({
  orderId: z.string().describe("the order's key (OrderOrchestrator/{orderId})"),
  orderNumber: z.string().describe("ORD-<year>-<n>"),
  invocationId: z.string().describe("the order's checkout, to attach to"),
});
export type CheckoutSubmitted = z.infer<typeof CheckoutSubmitted>;

/** The cart's last submitted order, which failed for good: its lines come back to the cart. */
export const RestoreInput = z.strictObject({ orderId: z.string().min(1).max(200) });
export type RestoreInput = z.infer<typeof RestoreInput>;

/** Why an order failed, as the cart shows it with the lines that came back. */
export interface CheckoutFailed {
  orderId: string;
  orderNumber: string;
  message: string;
  code: number;
}

/** The cart's last submitted checkout, followed by Cart.followCheckout until it ends. */
export const FollowCheckoutInput = CheckoutSubmitted.strict();
export type FollowCheckoutInput = z.infer<typeof FollowCheckoutInput>;

export const ApplyCouponInput = z.strictObject({ code: couponCode });
export type ApplyCouponInput = z.infer<typeof ApplyCouponInput>;

export const EstimateShippingInput = z.strictObject({
  shippingAddress: ShippingAddress,
  shippingMethod: ShippingMethod.optional().meta({ default: DEFAULT_SHIPPING_METHOD }),
});
export type EstimateShippingInput = z.infer<typeof EstimateShippingInput>;
export type CheckoutInput = z.infer<typeof CheckoutInput>;

export const CartLine = z.object({
  sku: z.string(),
  quantity: z.number().int(),
  unitPrice: z
    .number()
    .int()
    .optional()
    .describe(
      "the unit price the customer was shown when the line was added (or when a checkout refused a rise); checkout refuses a higher catalog price",
    ),
});
export type CartLine = z.infer<typeof CartLine>;

/** Why the cart's last checkout failed: its lines came back to the cart. */
const CheckoutFailure = z.object({
  orderId: z.string(),
  orderNumber: z.string().optional(),
  message: z.string(),
  code: z.number().int(),
});

/** The checkout the cart submitted last: its lines, kept to come back to the cart if it fails. */
const SubmittedCheckout = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  items: z.array(CartLine),
  couponCode: z.string().optional(),
});

/** A carrier's quote for the cart as it was: it stands while the cart has as many units in that currency. */
const ShippingEstimate = z.object({
  address: ShippingAddress,
  method: ShippingMethod,
  quote: z.object({
    amount: z.number().int(),
    currency: z.string(),
    carrier: z.string(),
    service: z.string(),
    itemCount: z.number().int(),
  }),
});
export type ShippingEstimate = z.infer<typeof ShippingEstimate>;

/** The cart as it is kept, and what its editing handlers answer. */
export const CartState = z.object({
  items: z.array(CartLine),
  /** Checkout number; every checkout is a fresh order id. */
  attempt: z.number().int(),
  lastCheckout: SubmittedCheckout.optional(),
  lastFailure: CheckoutFailure.optional(),
  couponCode: z.string().optional(),
  shipping: ShippingEstimate.optional(),
});
export type CartState = z.infer<typeof CartState>;

/** Cart.get: the lines priced from the catalog now. */
export const CartView = z.object({
  cartId: z.string(),
  lastCheckout: z
    .object({ orderId: z.string(), orderNumber: z.string() })
    .nullable()
    .describe("the order the cart's last checkout submitted; the cart was emptied for the next one"),
  items: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      currency: z.string(),
      lineTotal: z.number().int(),
    }),
  ),
  subtotal: z.number().int(),
  discount: z.number().int(),
  coupon: z.object({ code: z.string(), valid: z.boolean(), reason: z.string().optional() }).nullable(),
  shipping: z
    .object({ amount: z.number().int(), carrier: z.string(), service: z.string(), method: ShippingMethod, address: ShippingAddress })
    .nullable()
    .describe("null until a shipping estimate for the cart as it is; the address and method it was made for"),
  tax: z.number().int().nullable().describe("null until the shipping address is known"),
  total: z
    .number()
    .int()
    .describe("subtotal − discount + shipping + tax, as far as they are known; what checkout will charge if nothing changes"),
  currency: z.string().nullable().describe("the lines' currency; MIXED when they differ, null for an empty cart"),
  lastFailure: CheckoutFailure.nullable().describe("why the last checkout failed; its lines are back in the cart"),
});
export type CartView = z.infer<typeof CartView>;

export const MAX_CART_LINES = 100;

/** Cart ids become part of order ids, so they follow the identifier rules with room for a suffix. */
export function checkCartId(cartId: string): void {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(cartId)) {
    throw invalid("cartId (the key) must be 1-100 letters, digits, '.', '_', ':' or '-'");
  }
}

export const emptyCart = (): CartState => ({ items: [], attempt: 1 });

/**
 * Sets a line's quantity; `stock.onHand` is what the warehouse has, the cap for any one cart. A new
 * line keeps the price the customer sees now; a line already there keeps the price it was added at.
 */
export function setQuantity(cart: CartState, sku: string, quantity: number, stock: { onHand: number; price: number }): CartState {
  if (quantity > stock.onHand) throw conflict(`only ${stock.onHand} of ${sku} exist; the cart asks for ${quantity}`);
  const others = cart.items.filter((line) => line.sku !== sku);
  if (quantity === 0) return { ...cart, items: others };
  const had = cart.items.some((line) => line.sku === sku);
  if (!had && cart.items.length >= MAX_CART_LINES) throw conflict(`a cart holds at most ${MAX_CART_LINES} lines`);
  const items = had
    ? cart.items.map((line) => (line.sku === sku ? { ...line, quantity, unitPrice: line.unitPrice ?? stock.price } : line))
    : [...cart.items, { sku, quantity, unitPrice: stock.price }];
  return { ...cart, items };
}

/** A line whose catalog price went up since the customer saw it. */
export interface PriceRise {
  sku: string;
  name: string;
  was: number;
  now: number;
  currency: string;
}

/** The lines priced higher now than when the customer saw them (a line with no price kept takes today's). */
export function priceRises(
  cart: CartState,
  catalog: ReadonlyArray<{ sku: string; name: string; price: number; currency: string }>,
): PriceRise[] {
  return cart.items.flatMap((line, i) => {
    const item = catalog[i]!;
    return line.unitPrice !== undefined && item.price > line.unitPrice
      ? [{ sku: line.sku, name: item.name, was: line.unitPrice, now: item.price, currency: item.currency }]
      : [];
  });
}

/** The cart with today's prices as the ones the customer has now seen. */
export function withPricesSeen(cart: CartState, catalog: ReadonlyArray<{ price: number }>): CartState {
  return { ...cart, items: cart.items.map((line, i) => ({ ...line, unitPrice: catalog[i]!.price })) };
}

/** Why a checkout is refused when prices rose: each line with both prices, for a person to read. */
export function priceRiseMessage(rises: readonly PriceRise[]): string {
  const lines = rises.map(
    (r) =>
      `${r.name} (${r.sku}) from ${formatMoney({ amount: r.was, currency: r.currency })} to ${formatMoney({ amount: r.now, currency: r.currency })}`,
  );
  return `prices rose since these items were added to the cart: ${lines.join("; ")}. The cart now shows the new prices; place the order again to accept them`;
}

export function quantityOf(cart: CartState, sku: string): number {
  return cart.items.find((line) => line.sku === sku)?.quantity ?? 0;
}

/**
 * The order id of a checkout attempt. The nonce (from the checkout's own deterministic randomness)
 * makes it unguessable, so nobody can create the order under this id before the cart does.
 */
export const orderIdFor = (cartId: string, attempt: number, nonce: string) => `${cartId}.${attempt}-${nonce}`;

/**
 * The checkout is submitted: its lines and coupon went into the order, and the cart is empty for the
 * next one at once (the order runs on in its own invocation). The lines are kept to come back if the
 * order fails; the shipping estimate was for these lines and goes with them.
 */
export function submitted(cart: CartState, order: { orderId: string; orderNumber: string }): CartState {
  return {
    items: [],
    attempt: cart.attempt + 1,
    lastCheckout: { ...order, items: cart.items, ...(cart.couponCode ? { couponCode: cart.couponCode } : {}) },
  };
}

/**
 * The submitted order failed for good: its lines come back (beside any added since, quantities
 * summed, at most MAX_CART_LINES lines), the coupon too unless another is in use, with why it failed.
 * Only the last checkout's failure restores: an older one's lines were submitted again or let go.
 */
export function restored(cart: CartState, failure: CheckoutFailed): CartState {
  const last = cart.lastCheckout;
  if (!last || last.orderId !== failure.orderId) return cart;
  const items = [...cart.items];
  for (const line of last.items) {
    const i = items.findIndex((l) => l.sku === line.sku);
    if (i >= 0) items[i] = { ...items[i]!, quantity: Math.min(items[i]!.quantity + line.quantity, MAX_QUANTITY) };
    else if (items.length < MAX_CART_LINES) items.push(line);
  }
  const { lastCheckout: _done, ...rest } = cart;
  return {
    ...rest,
    items,
    ...(rest.couponCode || !last.couponCode ? {} : { couponCode: last.couponCode }),
    lastFailure: { orderId: failure.orderId, orderNumber: failure.orderNumber, message: failure.message, code: failure.code },
  };
}

/** Whether a checkout goes where, and how, the cart's shipping estimate was made for. */
export function sameDestination(estimate: ShippingEstimate, address: ShippingAddress, method: string): boolean {
  const fields = ["name", "street", "city", "state", "zip", "country"] as const;
  return estimate.method === method && fields.every((f) => (estimate.address[f] ?? "") === (address[f] ?? ""));
}

/** The cart's item count: what a shipping quote was made for. */
export const unitsIn = (cart: CartState) => cart.items.reduce((sum, line) => sum + line.quantity, 0);

/** The shipping estimate, if it still fits the cart (same number of units, same currency). */
export function currentEstimate(cart: CartState, currency: string | null): ShippingEstimate | undefined {
  const estimate = cart.shipping;
  if (!estimate || estimate.quote.itemCount !== unitsIn(cart) || estimate.quote.currency !== currency) return undefined;
  return estimate;
}
