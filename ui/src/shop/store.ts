import { ApiClient } from "../lib/api.ts";

/** The storefront's own sign-in (its own refresh cookie), kept apart from the admin's. */
export const shop = new ApiClient("shop");

export interface CartLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Address {
  name?: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export interface Cart {
  items: CartLine[];
  subtotal: number;
  discount: number;
  coupon?: { code: string; valid: boolean; reason?: string };
  /** The carrier's quote, with the address and method it was made for: what the order is placed with. */
  shipping?: { amount: number; carrier: string; service: string; method: "standard" | "express"; address: Address };
  tax?: number;
  total: number;
  currency: string;
  lastCheckoutFailure?: { orderNumber?: string; message: string; status: number };
}

type Listener = (cart: Cart | undefined) => void;
const listeners = new Set<Listener>();
let last: Cart | undefined;

/** Every cart answer goes through here, so the top bar's count follows the cart page. */
export const cartState = {
  set(cart: Cart | undefined): Cart | undefined {
    last = cart;
    for (const l of listeners) l(cart);
    return cart;
  },
  get: () => last,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export async function cartCall(method: string, path: string, body?: unknown): Promise<Cart> {
  const { body: cart } = await shop.request<Cart>(method, path, body === undefined ? {} : { body });
  cartState.set(cart);
  return cart;
}
