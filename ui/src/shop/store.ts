import { ApiClient } from "../lib/api.ts";
import type { Cart } from "../lib/api-types.ts";

/** The storefront's own sign-in (its own refresh cookie), kept apart from the admin's. */
export const shop = new ApiClient("shop");

export type { Address, Cart, CartLine } from "../lib/api-types.ts";

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

const GUEST_CART_KEY = "restate-commerce.shop.guest-cart";

/**
 * A visitor who is not signed in shops with a guest cart: a token this browser draws (32 random
 * bytes) and keeps; the API knows the cart by the token's hash. A checkout spends it.
 */
export const guestCart = {
  token(): string | undefined {
    return localStorage.getItem(GUEST_CART_KEY) ?? undefined;
  },
  draw(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = `gc_${btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "")}`;
    localStorage.setItem(GUEST_CART_KEY, token);
    return token;
  },
  spent(): void {
    localStorage.removeItem(GUEST_CART_KEY);
  },
};

/**
 * A call on the cart (`/cart…`): the signed-in customer's, or else the guest cart's (`/guest/cart…`,
 * where a line is removed by setting it to 0).
 */
export async function cartCall(method: string, path: string, body?: unknown): Promise<Cart> {
  if (shop.customer) {
    const { body: cart } = await shop.request<Cart>(method, path, body === undefined ? {} : { body });
    cartState.set(cart);
    return cart;
  }
  const token = guestCart.token() ?? guestCart.draw();
  const removal = method === "DELETE" && path.startsWith("/cart/items/");
  const guestPath = path.replace(/^\/cart/, "/guest/cart");
  const payload = removal ? { quantity: 0 } : body;
  const { body: cart } = await shop.request<Cart>(removal ? "PUT" : method, guestPath, {
    ...(payload === undefined ? {} : { body: payload }),
    headers: { "x-guest-cart": token },
  });
  cartState.set(cart);
  return cart;
}
