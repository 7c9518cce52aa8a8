import type { Context } from "hono";
import type { CustomerClient } from "../customers/customers-ingress.ts";
import type { CartView } from "../orders/domain/cart.ts";
import { CartApi, type CartClient } from "../orders/orders-ingress.ts";
import type { ApiEnv } from "./context.ts";
import { ownAccount } from "./own-account.ts";
import { call, writeOptions } from "./restate-client.ts";

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
