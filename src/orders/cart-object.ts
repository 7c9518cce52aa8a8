import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import type { Analytics } from "../analytics/analytics-service.ts";
import { DEFAULT_CURRENCY } from "../catalog/domain/product.ts";
import { Product } from "../catalog/product-object.ts";
import { loyaltyBenefit } from "../customers/customer-object.ts";
import { cartOwner } from "../customers/domain/customer.ts";
import { InventoryItem } from "../inventory/inventory-item.ts";
import { conflict } from "../platform/domain/domain-errors.ts";
import { requireApiCallerFor, signedSendOptions } from "../platform/restate/api-caller.ts";
import { decide, reject } from "../platform/restate/decide.ts";
import { Coupon } from "../pricing/coupon.ts";
import type { CouponEffect } from "../pricing/domain/coupons.ts";
import { priceOrder } from "../pricing/domain/pricing.ts";
import { NO_TAX, taxRateFor } from "../pricing/domain/tax.ts";
import type { Runtime } from "../providers/runtime.ts";
import { CustomerOrders } from "./customer-orders-object.ts";
import {
  AddItemInput,
  ApplyCouponInput,
  type CartState,
  CartView,
  CheckoutInput,
  CheckoutSubmitted,
  checkCartId,
  currentEstimate,
  EstimateShippingInput,
  emptyCart,
  FollowCheckoutInput,
  orderIdFor,
  priceRiseMessage,
  priceRises,
  quantityOf,
  RemoveItemInput,
  RestoreInput,
  restored,
  sameDestination,
  setQuantity,
  submitted,
  UpdateItemInput,
  unitsIn,
  withPricesSeen,
} from "./domain/cart.ts";
import { assertMayHoldMore } from "./domain/customer-orders.ts";
import { assertTotalNotRaised, parcelOf } from "./domain/order.ts";
import { DEFAULT_SHIPPING_METHOD } from "./domain/order-input.ts";
import { OrderResult } from "./domain/order-model.ts";
import { numberShardOf } from "./domain/order-numbers.ts";
import { providerStep } from "./orchestrator/effects.ts";
import { OrderNumberAllocator } from "./order-number-allocator.ts";
import { OrderOrchestrator } from "./order-orchestrator.ts";
import type { OrderSettings } from "./order-settings.ts";

const CART = "cart";
const MIXED = "MIXED";
/** Cart.get and applyCoupon check a coupon for "a guest": per-customer limits are decided at checkout, for the account that pays. */
const GUEST = "cart-preview";

type AnyObjectContext = ObjectSharedContext | ObjectContext;

/** Each line's catalog entry now, read side by side. */
const catalogOf = (ctx: AnyObjectContext, cart: CartState) =>
  RestatePromise.all(cart.items.map((line) => ctx.objectClient(Product, line.sku).get()));

/** The cart's lines at these catalog prices, and their currency (MIXED when they differ). */
function linesAt(cart: CartState, catalog: ReadonlyArray<{ name: string; price: number; currency: string }>) {
  const lines = cart.items.map((line, i) => {
    const item = catalog[i]!;
    return {
      sku: line.sku,
      name: item.name,
      quantity: line.quantity,
      unitPrice: item.price,
      currency: item.currency,
      lineTotal: item.price * line.quantity,
    };
  });
  const currencies = [...new Set(lines.map((l) => l.currency))];
  const currency = currencies.length === 1 ? currencies[0]! : currencies.length === 0 ? null : MIXED;
  return { lines, currency };
}

/** The cart's lines priced from the catalog now, and their currency. */
const pricedLines = async (ctx: AnyObjectContext, cart: CartState) => linesAt(cart, await catalogOf(ctx, cart));

/**
 * What the cart costs at these catalog prices, as the checkout will price it: the coupon, the
 * shipping estimate (while it fits the cart), tax where the address is known, the owner's tier.
 */
async function priceCart(
  ctx: AnyObjectContext,
  rt: Runtime<OrderSettings>,
  cart: CartState,
  catalog: ReadonlyArray<{ name: string; price: number; currency: string }>,
) {
  const { lines, currency } = linesAt(cart, catalog);
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const coupon = cart.couponCode && currency && currency !== MIXED ? await couponFor(ctx, cart.couponCode, subtotal, currency) : undefined;
  const estimate = currentEstimate(cart, currency);
  const address = cart.shipping?.address;
  // The owner's tier, as the checkout will apply it: the total shown is the total charged.
  const owner = cartOwner(ctx.key);
  const loyalty = owner && currency && currency !== MIXED ? await loyaltyBenefit(ctx, rt.settings.loyalty, owner, currency) : undefined;
  const priced = decide(() =>
    priceOrder({
      lines: lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice })),
      currency: currency ?? DEFAULT_CURRENCY,
      shipping: estimate?.quote.amount ?? 0,
      coupon: coupon?.effect,
      loyalty,
      taxRate: address ? taxRateFor(rt.settings.taxTable, address) : NO_TAX,
    }),
  );
  return { lines, currency, subtotal, coupon, estimate, address, priced };
}

/** The coupon's effect on this cart now, or why it no longer applies. */
async function couponFor(
  ctx: AnyObjectContext,
  code: string,
  subtotal: number,
  currency: string,
): Promise<{ effect?: CouponEffect; reason?: string }> {
  try {
    return { effect: await ctx.objectClient(Coupon, code).check({ subtotal, currency, customer: GUEST }) };
  } catch (error) {
    if (error instanceof TerminalError && error.code < 500) return { reason: error.message };
    throw error;
  }
}
/** What the cart answers, to a read and to every change: its lines priced now. */
const view = restate.serde.schema(CartView);

/**
 * The submitted order's outcome. The send reaches the order's partition on its own schedule, so an
 * attach may come before the order's invocation exists (404): look again shortly, on a durable timer.
 */
async function outcomeOf(ctx: ObjectSharedContext, invocationId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.attach(restate.InvocationIdParser.fromString(invocationId), restate.serde.schema(OrderResult));
      return;
    } catch (error) {
      if (!(error instanceof TerminalError) || error.code !== 404 || attempt >= ATTACH_ATTEMPTS) throw error;
      await ctx.sleep(ATTACH_RETRY_MS);
    }
  }
}
const ATTACH_ATTEMPTS = 20;
const ATTACH_RETRY_MS = 250;

/** 12 hex digits of the invocation's deterministic randomness: the same on every replay, unknowable in advance. */
const checkoutNonce = (ctx: ObjectContext) => ctx.rand.uuidv4().replace(/-/g, "").slice(0, 12);

async function openCart(ctx: ObjectContext): Promise<CartState> {
  decide(() => checkCartId(ctx.key));
  const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
  return cart;
}

/** Stock on hand and today's price of a SKU, read side by side; an unknown SKU is the caller's mistake (404). */
async function stockOf(ctx: ObjectContext, sku: string): Promise<{ onHand: number; price: number }> {
  try {
    const [{ onHand }, { price }] = await RestatePromise.all([
      ctx.objectClient(InventoryItem, sku).get(),
      ctx.objectClient(Product, sku).get(),
    ]);
    return { onHand, price };
  } catch (error) {
    if (error instanceof TerminalError && error.code === 404) throw new TerminalError(`unknown sku ${sku}`, { errorCode: 404 });
    throw error;
  }
}

/** The funnel's add_to_cart, once per invocation (its id is the event's), sent one way. */
function recordAddToCart(ctx: ObjectContext, input: AddItemInput): void {
  const customerId = cartOwner(ctx.key);
  ctx.serviceSendClient<typeof Analytics>({ name: "Analytics" }).record({
    eventId: `add_to_cart:${ctx.request().id}`,
    event: "add_to_cart",
    sku: input.sku,
    properties: { quantity: input.quantity, cartId: ctx.key },
    ...(customerId ? { customerId } : {}),
  });
}

async function setLine(ctx: ObjectContext, rt: Runtime<OrderSettings>, sku: string, quantity: (current: number) => number) {
  const cart = await openCart(ctx);
  const wanted = quantity(quantityOf(cart, sku));
  const stock = wanted === 0 ? { onHand: 0, price: 0 } : await stockOf(ctx, sku);
  return saved(
    ctx,
    rt,
    decide(() => setQuantity(cart, sku, wanted, stock)),
  );
}

/** The cart priced from the catalog now, as Cart.get answers it and every change answers with it. */
async function viewOf(ctx: AnyObjectContext, rt: Runtime<OrderSettings>, cart: CartState): Promise<CartView> {
  const { lines, currency, subtotal, coupon, estimate, address, priced } = await priceCart(ctx, rt, cart, await catalogOf(ctx, cart));
  return {
    cartId: ctx.key,
    lastCheckout: cart.lastCheckout ? { orderId: cart.lastCheckout.orderId, orderNumber: cart.lastCheckout.orderNumber } : null,
    items: lines,
    subtotal,
    discount: priced.discount,
    coupon: cart.couponCode
      ? { code: cart.couponCode, valid: coupon?.effect !== undefined, ...(coupon?.reason ? { reason: coupon.reason } : {}) }
      : null,
    shipping: estimate
      ? {
          amount: priced.shippingCost,
          carrier: estimate.quote.carrier,
          service: estimate.quote.service,
          method: estimate.method,
          address: estimate.address,
        }
      : null,
    tax: address ? priced.tax : null,
    total: priced.total,
    currency,
    lastFailure: cart.lastFailure ?? null,
  };
}

/** Saves the changed cart and answers it priced: the caller needs no second read. */
async function saved(ctx: ObjectContext, rt: Runtime<OrderSettings>, next: CartState): Promise<CartView> {
  ctx.set(CART, next);
  return viewOf(ctx, rt, next);
}

export const cartObject = (rt: Runtime<OrderSettings>) =>
  restate.object({
    name: "Cart",
    metadata: { key: "{cartId}; the API keys a customer's carts {cus_…}-{generation}" },
    description: "A customer's cart; checkout turns it into an order.",
    handlers: {
      addItem: restate.handlers.object.exclusive(
        { input: restate.serde.schema(AddItemInput), output: view, description: "Add units of a SKU (adds to a line already there)." },
        async (ctx: ObjectContext, input: AddItemInput) => {
          const view = await setLine(ctx, rt, input.sku, (current) => current + input.quantity);
          recordAddToCart(ctx, input);
          return view;
        },
      ),
      updateItem: restate.handlers.object.exclusive(
        { input: restate.serde.schema(UpdateItemInput), output: view, description: "Set a line's quantity; 0 removes it." },
        async (ctx: ObjectContext, input: UpdateItemInput) => setLine(ctx, rt, input.sku, () => input.quantity),
      ),
      removeItem: restate.handlers.object.exclusive(
        { input: restate.serde.schema(RemoveItemInput), output: view, description: "Remove a SKU's line." },
        async (ctx: ObjectContext, input: RemoveItemInput) => setLine(ctx, rt, input.sku, () => 0),
      ),
      clear: restate.handlers.object.exclusive(
        { input: restate.serde.empty, output: view, description: "Remove every line." },
        async (ctx: ObjectContext) => {
          const cart = await openCart(ctx);
          return saved(ctx, rt, { ...cart, items: [] });
        },
      ),

      get: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: view,
          description:
            "Lines priced from the catalog now, with the coupon's discount, the shipping estimate and tax where known, and the total.",
        },
        async (ctx: ObjectSharedContext) => {
          decide(() => checkCartId(ctx.key));
          return viewOf(ctx, rt, (await ctx.get<CartState>(CART)) ?? emptyCart());
        },
      ),

      applyCoupon: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(ApplyCouponInput),
          output: view,
          description: "Use a coupon code; 404 for an unknown code, 409 with the reason when it cannot be used.",
        },
        async (ctx: ObjectContext, input: ApplyCouponInput) => {
          const cart = await openCart(ctx);
          const { lines, currency } = await pricedLines(ctx, cart);
          if (!currency || currency === MIXED) reject(conflict(`cart ${ctx.key} has no items in one currency to apply a coupon to`));
          const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
          await ctx.objectClient(Coupon, input.code).check({ subtotal, currency, customer: GUEST });
          return saved(ctx, rt, { ...cart, couponCode: input.code });
        },
      ),

      removeCoupon: restate.handlers.object.exclusive(
        { input: restate.serde.empty, output: view, description: "Stop using the coupon." },
        async (ctx: ObjectContext) => {
          const { couponCode: _dropped, ...cart } = await openCart(ctx);
          return saved(ctx, rt, cart);
        },
      ),

      estimateShipping: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(EstimateShippingInput),
          output: view,
          description: "Ask the carrier what shipping the cart to this address costs; Cart.get then shows shipping and tax.",
        },
        async (ctx: ObjectContext, input: EstimateShippingInput) => {
          const cart = await openCart(ctx);
          const { currency } = await pricedLines(ctx, cart);
          if (!currency || currency === MIXED) reject(conflict(`cart ${ctx.key} has no items in one currency to ship`));
          const method = input.shippingMethod ?? DEFAULT_SHIPPING_METHOD;
          const itemCount = unitsIn(cart);
          const quote = await providerStep(ctx, rt, "quote", "quote", () =>
            rt.providers.shipping.quote({
              orderId: `cart-${ctx.key}`,
              to: input.shippingAddress,
              parcel: parcelOf(cart.items),
              method,
              currency,
            }),
          );
          const next: CartState = {
            ...cart,
            shipping: {
              address: input.shippingAddress,
              method,
              quote: {
                amount: quote.cost.amount,
                currency: quote.cost.currency,
                carrier: quote.carrier,
                service: quote.service,
                itemCount,
              },
            },
          };
          return saved(ctx, rt, next);
        },
      ),

      checkout: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(CheckoutInput),
          output: restate.serde.schema(CheckoutSubmitted),
          description:
            "Submit the cart as an order under the year's next order number and answer at once; the cart is empty for the next order. Attach to the answer's invocationId for the paid order or the failure (metadata.orderNumber); a failed order's lines come back to the cart.",
        },
        async (ctx: ObjectContext, input: CheckoutInput) => {
          // An order placed for an account (its list, its loyalty, its coupons): only the API says whose.
          requireApiCallerFor(rt, ctx.request(), { customerId: input.customerId });
          decide(() => checkCartId(ctx.key));
          const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
          if (cart.items.length === 0) reject(conflict(`cart ${ctx.key} is empty; add items before checkout`));
          // Refused before an order exists (nothing numbered, held or charged): too many orders holding stock
          // for a pending payment, or prices that rose since the customer saw them (the cart takes the new ones).
          const catalogReads = catalogOf(ctx, cart);
          const heldReads = input.customerId ? ctx.objectClient(CustomerOrders, input.customerId).awaitingPayment() : undefined;
          const [catalog, held] = [await catalogReads, heldReads ? (await heldReads).orders : []];
          decide(() => assertMayHoldMore(held, rt.settings.maxOrdersAwaitingPayment));
          const rises = priceRises(cart, catalog);
          if (rises.length > 0) {
            ctx.set(CART, withPricesSeen(cart, catalog));
            reject(conflict(priceRiseMessage(rises)));
          }
          // A total above the one the customer saw, for the destination that was quoted, is refused here too.
          const quoted = cart.shipping;
          if (
            input.expectedTotal !== undefined &&
            quoted &&
            sameDestination(quoted, input.shippingAddress, input.shippingMethod ?? DEFAULT_SHIPPING_METHOD)
          ) {
            const { priced, currency } = await priceCart(ctx, rt, cart, catalog);
            if (currency && currency !== MIXED) decide(() => assertTotalNotRaised({ total: priced.total, currency }, input.expectedTotal));
          }
          const orderId = orderIdFor(ctx.key, cart.attempt, checkoutNonce(ctx));
          // The number comes from the allocator of this cart (one of several), with the checkout's time.
          const { orderNumber, at: startedAt } = await ctx.objectClient(OrderNumberAllocator, numberShardOf(ctx.key)).allocate({ orderId });
          // The cart's currency goes with the order, so the carrier is asked in it from the start.
          const { currency } = linesAt(cart, catalog);
          const order = {
            items: cart.items.map((line) => ({ sku: line.sku, quantity: line.quantity })),
            ...(currency && currency !== MIXED ? { currency } : {}),
            customer: input.customer,
            shipping: input.shippingAddress,
            paymentMethod: input.paymentMethod,
            shippingMethod: input.shippingMethod,
            cartId: ctx.key,
            customerId: input.customerId,
            couponCode: cart.couponCode,
            expectedTotal: input.expectedTotal,
            orderNumber,
            notes: input.notes,
            // Whoever attaches (the HTTP API) answers with the whole order: it comes with the result, no second read.
            includeOrder: true,
          };
          // Submitted, not awaited: the order runs on in its own invocation (for days, if it waits for
          // stock or a bank), and the cart is free at once. Its order id keys the send, so the result
          // is kept and anyone holding the invocation id can attach to it.
          const target = { service: OrderOrchestrator, key: orderId, handler: "processOrder" };
          const invocationId = await ctx
            .objectSendClient(OrderOrchestrator, orderId)
            .processOrder(order, signedSendOptions(rt, target, order, orderId)).invocationId;
          const answer = { orderId, orderNumber, invocationId };
          ctx.objectSendClient(Cart, ctx.key).followCheckout(answer);
          if (input.customerId) {
            ctx.objectSendClient(CustomerOrders, input.customerId).record({ orderNumber, orderId, cartId: ctx.key, createdAt: startedAt });
          }
          ctx.set(CART, submitted(cart, { orderId, orderNumber }));
          return answer;
        },
      ),

      followCheckout: restate.handlers.object.shared(
        { input: restate.serde.schema(FollowCheckoutInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectSharedContext, input: FollowCheckoutInput) => {
          // Shared: it waits beside the cart, never holding it. An order that failed (not one the
          // customer or the shop called off) gives its lines back to the cart.
          try {
            await outcomeOf(ctx, input.invocationId);
          } catch (error) {
            if (!(error instanceof TerminalError) || error.metadata?.ending !== "failed") throw error;
            ctx.objectSendClient(Cart, ctx.key).restore({ orderId: input.orderId });
          }
        },
      ),

      restore: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(RestoreInput),
          output: restate.serde.empty,
          description:
            "The cart's last submitted order failed: its lines (and coupon) come back, with why. Only for that order, only if it failed (not cancelled), once; anything else changes nothing.",
        },
        async (ctx: ObjectContext, input: RestoreInput) => {
          const cart = await ctx.get<CartState>(CART);
          if (!cart || cart.lastCheckout?.orderId !== input.orderId) return;
          // Asked by the follower and by the API that saw the failure: the order says whether it failed.
          const order = await ctx.objectClient(OrderOrchestrator, input.orderId).getOrder();
          if (order.status !== "failed") return;
          ctx.set(
            CART,
            restored(cart, {
              orderId: order.orderId,
              orderNumber: order.orderNumber ?? order.orderId,
              message: order.failureReason ?? "the order failed",
              code: order.failureCode ?? 409,
            }),
          );
        },
      ),
    },
  });

/** The typed handle other handlers call Cart by (its name); the endpoint binds {@link cartObject} with its runtime. */
export type Cart = ReturnType<typeof cartObject>;
export const Cart: Cart = { name: "Cart" };
