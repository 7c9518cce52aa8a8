import type { Context } from "hono";
import type { ShippingAddress } from "../domain/order-input.ts";
import type { Order } from "../domain/order-model.ts";
import { destinationOf } from "./addresses.ts";
import { principalOf } from "./auth/guards.ts";
import type { ApiEnv } from "./context.ts";
import { currentCart, leaveCart } from "./current-cart.ts";
import { ApiError, CODE_BY_STATUS } from "./errors.ts";
import { renamed, reread } from "./order-access.ts";
import { call, isTimeout, writeOptions } from "./restate.ts";

export interface PlaceOrderRequest {
  shippingAddressId?: string | undefined;
  shippingAddress?: ShippingAddress | undefined;
  shippingMethod?: "standard" | "express" | undefined;
  paymentMethodId: string;
  notes?: string | undefined;
  expectedTotal?: number | undefined;
}

/** What POST /orders answers: the order, and whether its checkout has finished (201) or goes on (202). */
export interface Placed {
  order: Order;
  finished: boolean;
}

const stillStarting = () =>
  new ApiError(503, "unavailable", "the checkout is still starting; send the request again with the same Idempotency-Key to follow it");

/**
 * Checks out the customer's cart: the profile's name and email, the destination, the payment
 * method. The client's Idempotency-Key goes to Restate (a retry attaches to the same checkout) and
 * to the cart (a retry after the customer moved on to a fresh cart still reaches this one).
 */
export async function placeOrder(c: Context<ApiEnv>, body: PlaceOrderRequest, idempotencyKey: string | undefined): Promise<Placed> {
  const deps = c.var.deps;
  const owner = await currentCart(c, idempotencyKey);
  const input = {
    customer: { email: owner.customer.email, name: owner.customer.name },
    shippingAddress: destinationOf(body, owner.addresses),
    paymentMethod: body.paymentMethodId,
    customerId: principalOf(c).customerId,
    ...(body.shippingMethod ? { shippingMethod: body.shippingMethod } : {}),
    ...(body.expectedTotal !== undefined ? { expectedTotal: body.expectedTotal } : {}),
    ...(body.notes ? { notes: body.notes } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const cart = deps.restate.cart(owner.cartId);
  try {
    const placed = await call(() => cart.checkout(input, writeOptions(idempotencyKey, { timeout: deps.config.CHECKOUT_WAIT_MS })));
    // An answer Restate recorded for this key before carts answered with the order (a rolling upgrade) lacks it.
    return { order: placed.order ?? (await reread(c, placed.orderId)), finished: true };
  } catch (error) {
    if (isTimeout(error)) return orderInFlight(c, owner.cartId, idempotencyKey);
    throw error instanceof ApiError ? inOrderTerms(error, owner.cartId) : error;
  }
}

/** A failed checkout's message names its order by the Restate key (`{cartId}.{attempt}-{nonce}`); the client knows the number. */
function inOrderTerms(error: ApiError, cartId: string): ApiError {
  const orderNumber = error.details.orderNumber;
  // A customer's cart id is `cus_<hex>-<generation>`: nothing in it needs escaping.
  const orderId = orderNumber ? new RegExp(`${cartId}\\.\\d+-[0-9a-f]{12}`).exec(error.message)?.[0] : undefined;
  return orderId && orderNumber ? renamed(error, orderId, orderNumber) : error;
}

/**
 * The checkout outlived the wait (backordered stock, an asynchronous payment, or a crash before it
 * began): it goes on in Restate. The cart tells only what this request's own checkout did — its
 * Idempotency-Key is on the failure and on the order in flight. Another attempt's outcome (an earlier
 * declined order, another request's checkout) is never the answer: until this one shows, the client
 * is told to ask again with the same key, and Restate answers that retry from this checkout.
 */
async function orderInFlight(c: Context<ApiEnv>, cartId: string, idempotencyKey: string | undefined): Promise<Placed> {
  const view = await call(() => c.var.deps.restate.cart(cartId).get());
  const ours = (checkoutKey: string | null | undefined) => (checkoutKey ?? undefined) === idempotencyKey;
  if (view.status === "checked_out" && ours(view.checkoutKey)) return { order: await reread(c, view.orderId!), finished: true };
  // A failure is told only to the request that owns it: without a key, nothing proves it is this one's.
  const failure = view.lastFailure;
  if (failure && !view.checkingOut && idempotencyKey !== undefined && ours(failure.checkoutKey)) {
    throw new ApiError(
      failure.code,
      CODE_BY_STATUS[failure.code] ?? "request_failed",
      failure.message,
      failure.orderNumber ? { details: { orderNumber: failure.orderNumber } } : {},
    );
  }
  if (!view.checkingOut || !ours(view.checkingOut.checkoutKey)) throw stillStarting();
  const order = await reread(c, view.checkingOut.orderId).catch((error) => {
    if (error instanceof ApiError && error.status === 404) throw stillStarting();
    throw error;
  });
  // The checkout holds this cart until it ends, possibly for days: the customer shops on in a fresh one.
  await leaveCart(c, cartId, idempotencyKey);
  return { order, finished: false };
}
