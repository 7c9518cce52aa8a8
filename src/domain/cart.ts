import { z } from "zod";
import { conflict, invalid } from "./errors.ts";
import { Customer, PaymentMethod, ShippingAddress, ShippingMethod } from "./order-input.ts";
import type { OrderResult } from "./order.ts";
import { MAX_QUANTITY, identifier, positiveQuantity } from "./quantity.ts";

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
  paymentMethod: PaymentMethod.default("pm_card_visa"),
  shippingMethod: ShippingMethod.default("standard"),
});
export type CheckoutInput = z.infer<typeof CheckoutInput>;

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface CartState {
  items: CartLine[];
  status: "open" | "checked_out";
  /** Checkout attempt number; a failed attempt moves on to a fresh order id. */
  attempt: number;
  orderId?: string;
  lastFailure?: { orderId: string; message: string; code: number };
}

export const MAX_CART_LINES = 100;

/** Cart ids become part of order ids, so they follow the identifier rules with room for a suffix. */
export function checkCartId(cartId: string): void {
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(cartId)) {
    throw invalid("cartId (the key) must be 1-100 letters, digits, '.', '_', ':' or '-'");
  }
}

export const emptyCart = (): CartState => ({ items: [], status: "open", attempt: 1 });

export function assertOpen(cart: CartState, cartId: string): void {
  if (cart.status === "checked_out") {
    throw conflict(`cart ${cartId} is checked out (order ${cart.orderId}); it can no longer be modified`);
  }
}

/** Sets a line's quantity; `exists` is what the warehouse has, the cap for any one cart. */
export function setQuantity(cart: CartState, sku: string, quantity: number, exists: number): CartState {
  if (quantity > exists) throw conflict(`only ${exists} of ${sku} exist; the cart asks for ${quantity}`);
  const others = cart.items.filter((line) => line.sku !== sku);
  if (quantity === 0) return { ...cart, items: others };
  const had = cart.items.some((line) => line.sku === sku);
  if (!had && cart.items.length >= MAX_CART_LINES) throw conflict(`a cart holds at most ${MAX_CART_LINES} lines`);
  const items = had
    ? cart.items.map((line) => (line.sku === sku ? { sku, quantity } : line))
    : [...cart.items, { sku, quantity }];
  return { ...cart, items };
}

export function quantityOf(cart: CartState, sku: string): number {
  return cart.items.find((line) => line.sku === sku)?.quantity ?? 0;
}

export const orderIdFor = (cartId: string, attempt: number) => `${cartId}.${attempt}`;

export function afterCheckout(cart: CartState, orderId: string): CartState {
  return { ...cart, status: "checked_out", orderId };
}

export function afterFailedCheckout(cart: CartState, orderId: string, message: string, code: number): CartState {
  return { ...cart, attempt: cart.attempt + 1, lastFailure: { orderId, message, code } };
}

export type CheckoutResult = OrderResult;
