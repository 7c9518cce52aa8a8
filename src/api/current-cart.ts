import type { Context } from "hono";
import type { CartView } from "../domain/cart.ts";
import type { ApiEnv } from "./context.ts";
import { ApiError } from "./errors.ts";
import { ownAccount } from "./own-account.ts";
import { type CartClient, type CustomerClient, call, isTimeout, writeOptions } from "./restate.ts";

/**
 * A customer's cart is `Cart/{customerId}-{generation}`. A checkout freezes its cart, and the
 * customer moves on to the next generation (Cart.checkout tells the Customer object one-way). A
 * request that still finds the frozen cart — it came in the instant before that message — or a cart
 * whose checkout goes on, moves the customer on itself; Customer.cartCheckedOut moves once however
 * many requests report the same cart.
 */
async function movedOn(c: Context<ApiEnv>, cartId: string): Promise<string | undefined> {
  const view = await call(() => c.var.deps.restate.cart(cartId).get());
  if (view.status !== "checked_out" && !view.checkingOut) return undefined;
  return leaveCart(c, cartId, view.checkoutKey ?? undefined);
}

/**
 * The customer is done with this cart: it is checked out, or its checkout goes on (waiting for
 * backordered stock holds the cart for days). The customer moves on to a fresh one; a checkout's
 * Idempotency-Key keeps leading to this cart.
 */
export async function leaveCart(c: Context<ApiEnv>, cartId: string, idempotencyKey: string | undefined): Promise<string> {
  const { cartId: next } = await ownAccount(c, (me) => me.cartCheckedOut({ cartId, ...(idempotencyKey ? { idempotencyKey } : {}) }));
  return next;
}

/** The cart to use, with the profile and saved addresses a checkout needs. */
export type CartOwner = Awaited<ReturnType<CustomerClient["currentCart"]>>;

export const currentCart = (c: Context<ApiEnv>, idempotencyKey?: string): Promise<CartOwner> =>
  ownAccount(c, (me) => me.currentCart(idempotencyKey ? { idempotencyKey } : {}));

type CallOptions = ReturnType<typeof writeOptions>;

/**
 * Changes the customer's current cart and answers it priced. A cart just checked out (409) or held
 * by a checkout that goes on (the change waits longer than CART_WAIT_MS) is left for a fresh one,
 * where the change is made.
 */
export async function changeCurrentCart<T>(
  c: Context<ApiEnv>,
  change: (cart: CartClient, owner: CartOwner, options: CallOptions) => PromiseLike<T>,
  idempotencyKey?: string,
): Promise<CartView> {
  const owner = await currentCart(c);
  const options = writeOptions(idempotencyKey, { timeout: c.var.deps.config.CART_WAIT_MS });
  let cartId = owner.cartId;
  try {
    await call(() => change(c.var.deps.restate.cart(cartId), owner, options));
  } catch (error) {
    const held = isTimeout(error);
    if (!held && !(error instanceof ApiError && error.status === 409)) throw error;
    const next = await movedOn(c, cartId);
    if (next === undefined) throw held ? new ApiError(503, "unavailable", "the cart is busy; try again") : error;
    cartId = next;
    await call(() => change(c.var.deps.restate.cart(cartId), owner, options));
  }
  return call(() => c.var.deps.restate.cart(cartId).get());
}

/** The customer's current cart, priced. */
export async function currentCartView(c: Context<ApiEnv>): Promise<CartView> {
  const { cartId } = await currentCart(c);
  const view = await call(() => c.var.deps.restate.cart(cartId).get());
  if (view.status !== "checked_out" && !view.checkingOut) return view;
  const next = (await movedOn(c, cartId)) ?? cartId;
  return call(() => c.var.deps.restate.cart(next).get());
}
