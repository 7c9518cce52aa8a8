import type { Context } from "hono";
import type { CartView } from "../domain/cart.ts";
import type { CustomerClient } from "../ingress/customers.ts";
import { CartApi, type CartClient } from "../ingress/orders.ts";
import type { ApiEnv } from "./context.ts";
import { ownAccount } from "./own-account.ts";
import { call, writeOptions } from "./restate.ts";

/** A customer's cart, with the profile and saved addresses a checkout needs. */
export type CartOwner = Awaited<ReturnType<CustomerClient["currentCart"]>>;

export const currentCart = (c: Context<ApiEnv>): Promise<CartOwner> => ownAccount(c, (me) => me.currentCart());

type CallOptions = ReturnType<typeof writeOptions>;

/** Changes the customer's cart; the cart answers the change priced. */
export async function changeCurrentCart(
  c: Context<ApiEnv>,
  change: (cart: CartClient, owner: CartOwner, options: CallOptions) => PromiseLike<CartView>,
  idempotencyKey?: string,
): Promise<CartView> {
  const owner = await currentCart(c);
  return call(() => change(c.var.deps.restate.object(CartApi, owner.cartId), owner, writeOptions(idempotencyKey)));
}

/** The customer's cart, priced. */
export async function currentCartView(c: Context<ApiEnv>): Promise<CartView> {
  const { cartId } = await currentCart(c);
  return call(() => c.var.deps.restate.object(CartApi, cartId).get());
}
