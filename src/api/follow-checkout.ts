import type { Context } from "hono";
import type { CheckoutSubmitted } from "../orders/domain/cart.ts";
import { type Order, OrderResult } from "../orders/domain/order-model.ts";
import { CartApi } from "../orders/orders-ingress.ts";
import type { ShippingAddress } from "../platform/domain/address.ts";
import { destinationOf } from "./addresses.ts";
import { ApiError } from "./api-errors.ts";
import { principalOf } from "./auth/guards.ts";
import type { ApiEnv } from "./context.ts";
import { currentCart } from "./current-cart.ts";
import { reread } from "./order-access.ts";
import { call, isTimeout, writeOptions } from "./restate-client.ts";

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

/**
 * Checks out the customer's cart: the profile's name and email, the destination, the payment
 * method. The client's Idempotency-Key goes to Restate, so a retry reaches the same submitted
 * checkout (the cart is empty by then) and follows the same order.
 */
export async function placeOrder(c: Context<ApiEnv>, body: PlaceOrderRequest, idempotencyKey: string | undefined): Promise<Placed> {
  const owner = await currentCart(c);
  const input = {
    customer: { email: owner.customer.email, name: owner.customer.name },
    shippingAddress: destinationOf(body, owner.addresses),
    paymentMethod: body.paymentMethodId,
    customerId: principalOf(c).customerId,
    ...(body.shippingMethod ? { shippingMethod: body.shippingMethod } : {}),
    ...(body.expectedTotal !== undefined ? { expectedTotal: body.expectedTotal } : {}),
    ...(body.notes ? { notes: body.notes } : {}),
  };
  return followOrder(c, owner.cartId, () =>
    c.var.deps.restate.object(CartApi, owner.cartId).checkout(input, submitOptions(c, idempotencyKey)),
  );
}

/** The submission's own wait: a checkout Restate has not begun yet (its endpoint was down) is answered 503, to follow with the same key. */
export const submitOptions = (c: Context<ApiEnv>, idempotencyKey: string | undefined) =>
  writeOptions(idempotencyKey, { timeout: c.var.deps.config.CHECKOUT_WAIT_MS });

const stillStarting = () =>
  new ApiError(503, "unavailable", "the checkout is still starting; send the request again with the same Idempotency-Key to follow it");

/**
 * Submits a checkout and waits for it, up to CHECKOUT_WAIT_MS in all: the paid order (finished), its failure (the
 * error names the order by its number), or, when it waits on (backordered stock, an asynchronous
 * payment, a risk review), the order as it stands.
 */
export async function followOrder(c: Context<ApiEnv>, cartId: string, submit: () => PromiseLike<CheckoutSubmitted>): Promise<Placed> {
  const { restate, config } = c.var.deps;
  const deadline = Date.now() + config.CHECKOUT_WAIT_MS;
  const submitted = await call(submit).catch((error) => {
    throw isTimeout(error) ? stillStarting() : error;
  });
  try {
    const result = await call(() => restate.attach(submitted.invocationId, OrderResult, Math.max(deadline - Date.now(), 1)));
    return { order: result.order ?? (await reread(c, submitted.orderId)), finished: true };
  } catch (error) {
    if (!isTimeout(error)) {
      // A failed order's lines are back in the cart before the customer hears of it (the cart's own
      // follower does the same, for an order that fails after this wait; restoring twice is once).
      if (error instanceof ApiError && error.status < 500)
        await call(() => restate.object(CartApi, cartId).restore({ orderId: submitted.orderId }));
      throw error;
    }
  }
  const order = await reread(c, submitted.orderId).catch((error) => {
    // Submitted, but not begun yet (Restate was busy or restarting): the same key follows it.
    if (error instanceof ApiError && error.status === 404)
      throw new ApiError(
        503,
        "unavailable",
        "the checkout is still starting; send the request again with the same Idempotency-Key to follow it",
      );
    throw error;
  });
  return { order, finished: false };
}
