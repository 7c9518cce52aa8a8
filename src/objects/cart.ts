import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import {
  AddItemInput,
  ApplyCouponInput,
  afterCheckout,
  afterFailedCheckout,
  assertOpen,
  CartState,
  CartView,
  CheckoutInput,
  checkCartId,
  checkingOut,
  currentEstimate,
  EstimateShippingInput,
  emptyCart,
  orderIdFor,
  priceRiseMessage,
  priceRises,
  quantityOf,
  RemoveItemInput,
  sameDestination,
  setQuantity,
  UpdateItemInput,
  unitsIn,
  withPricesSeen,
} from "../domain/cart.ts";
import type { CouponEffect } from "../domain/coupons.ts";
import { cartOwner } from "../domain/customer.ts";
import { assertMayHoldMore } from "../domain/customer-orders.ts";
import { conflict } from "../domain/errors.ts";
import { DEFAULT_CURRENCY } from "../domain/inventory.ts";
import { assertTotalNotRaised, DEFAULT_UNIT_WEIGHT_GRAMS, toResult } from "../domain/order.ts";
import { DEFAULT_SHIPPING_METHOD } from "../domain/order-input.ts";
import { OrderResult } from "../domain/order-model.ts";
import { yearOf } from "../domain/order-numbers.ts";
import { priceOrder } from "../domain/pricing.ts";
import { NO_TAX, taxRateFor } from "../domain/tax.ts";
import { providers } from "../providers/registry.ts";
import { requireApiCallerFor, signedCallOptions } from "../restate/api-caller.ts";
import { decide, reject } from "../restate/errors.ts";
import type { Analytics } from "../services/analytics.ts";
import { settings } from "../settings.ts";
import { Coupon } from "./coupon.ts";
import { Customer, loyaltyBenefit } from "./customer.ts";
import { CustomerOrders } from "./customer-orders.ts";
import { InventoryItem } from "./inventory-item.ts";
import { providerStep } from "./order/effects.ts";
import { OrderNumbers } from "./order-numbers.ts";
import { OrderOrchestrator } from "./order-orchestrator.ts";

const CART = "cart";
const MIXED = "MIXED";
/** Cart.get and applyCoupon check a coupon for "a guest": per-customer limits are decided at checkout, for the account that pays. */
const GUEST = "cart-preview";

type AnyObjectContext = ObjectSharedContext | ObjectContext;

/** Each line's catalog entry now, read side by side. */
const catalogOf = (ctx: AnyObjectContext, cart: CartState) =>
  RestatePromise.all(cart.items.map((line) => ctx.objectClient(InventoryItem, line.sku).get()));

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
  const loyalty = owner && currency && currency !== MIXED ? await loyaltyBenefit(ctx, owner, currency) : undefined;
  const priced = decide(() =>
    priceOrder({
      lines: lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice })),
      currency: currency ?? DEFAULT_CURRENCY,
      shipping: estimate?.quote.amount ?? 0,
      coupon: coupon?.effect,
      loyalty,
      taxRate: address ? taxRateFor(settings().taxTable, address) : NO_TAX,
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
const contents = restate.serde.schema(CartState);

/** 12 hex digits of the invocation's deterministic randomness: the same on every replay, unknowable in advance. */
const checkoutNonce = (ctx: ObjectContext) => ctx.rand.uuidv4().replace(/-/g, "").slice(0, 12);

async function openCart(ctx: ObjectContext): Promise<CartState> {
  decide(() => checkCartId(ctx.key));
  const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
  decide(() => assertOpen(cart, ctx.key));
  return cart;
}

/** Stock on hand and today's price of a SKU; an unknown SKU is the caller's mistake (404). */
async function stockOf(ctx: ObjectContext, sku: string): Promise<{ onHand: number; price: number }> {
  try {
    const { onHand, price } = await ctx.objectClient(InventoryItem, sku).get();
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

async function setLine(ctx: ObjectContext, sku: string, quantity: (current: number) => number) {
  const cart = await openCart(ctx);
  const wanted = quantity(quantityOf(cart, sku));
  const stock = wanted === 0 ? { onHand: 0, price: 0 } : await stockOf(ctx, sku);
  const next = decide(() => setQuantity(cart, sku, wanted, stock));
  ctx.set(CART, next);
  return next;
}

export const Cart = restate.object({
  name: "Cart",
  description: "A customer's cart; checkout turns it into an order.",
  handlers: {
    addItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AddItemInput), output: contents, description: "Add units of a SKU (adds to a line already there)." },
      async (ctx: ObjectContext, input: AddItemInput) => {
        const next = await setLine(ctx, input.sku, (current) => current + input.quantity);
        recordAddToCart(ctx, input);
        return next;
      },
    ),
    updateItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(UpdateItemInput), output: contents, description: "Set a line's quantity; 0 removes it." },
      async (ctx: ObjectContext, input: UpdateItemInput) => setLine(ctx, input.sku, () => input.quantity),
    ),
    removeItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RemoveItemInput), output: contents, description: "Remove a SKU's line." },
      async (ctx: ObjectContext, input: RemoveItemInput) => setLine(ctx, input.sku, () => 0),
    ),
    clear: restate.handlers.object.exclusive(
      { input: restate.serde.empty, output: contents, description: "Remove every line." },
      async (ctx: ObjectContext) => {
        const cart = await openCart(ctx);
        const next = { ...cart, items: [] };
        ctx.set(CART, next);
        return next;
      },
    ),

    get: restate.handlers.object.shared(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(CartView),
        description:
          "Lines priced from the catalog now, with the coupon's discount, the shipping estimate and tax where known, and the total.",
      },
      async (ctx: ObjectSharedContext) => {
        decide(() => checkCartId(ctx.key));
        const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
        const { lines, currency, subtotal, coupon, estimate, address, priced } = await priceCart(ctx, cart, await catalogOf(ctx, cart));
        return {
          cartId: ctx.key,
          status: cart.status,
          orderId: cart.orderId ?? null,
          orderNumber: cart.orderNumber ?? null,
          checkoutKey: cart.checkoutKey ?? null,
          checkingOut: cart.checkingOut ?? null,
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
      },
    ),

    applyCoupon: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(ApplyCouponInput),
        output: contents,
        description: "Use a coupon code; 404 for an unknown code, 409 with the reason when it cannot be used.",
      },
      async (ctx: ObjectContext, input: ApplyCouponInput) => {
        const cart = await openCart(ctx);
        const { lines, currency } = await pricedLines(ctx, cart);
        if (!currency || currency === MIXED) reject(conflict(`cart ${ctx.key} has no items in one currency to apply a coupon to`));
        const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
        await ctx.objectClient(Coupon, input.code).check({ subtotal, currency, customer: GUEST });
        const next = { ...cart, couponCode: input.code };
        ctx.set(CART, next);
        return next;
      },
    ),

    removeCoupon: restate.handlers.object.exclusive(
      { input: restate.serde.empty, output: contents, description: "Stop using the coupon." },
      async (ctx: ObjectContext) => {
        const { couponCode: _dropped, ...cart } = await openCart(ctx);
        ctx.set(CART, cart);
        return cart;
      },
    ),

    estimateShipping: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(EstimateShippingInput),
        output: contents,
        description: "Ask the carrier what shipping the cart to this address costs; Cart.get then shows shipping and tax.",
      },
      async (ctx: ObjectContext, input: EstimateShippingInput) => {
        const cart = await openCart(ctx);
        const { currency } = await pricedLines(ctx, cart);
        if (!currency || currency === MIXED) reject(conflict(`cart ${ctx.key} has no items in one currency to ship`));
        const method = input.shippingMethod ?? DEFAULT_SHIPPING_METHOD;
        const itemCount = unitsIn(cart);
        const quote = await providerStep(ctx, "quote", "quote", () =>
          providers().shipping.quote({
            orderId: `cart-${ctx.key}`,
            to: input.shippingAddress,
            parcel: { weightGrams: itemCount * DEFAULT_UNIT_WEIGHT_GRAMS, itemCount },
            method,
            currency,
          }),
        );
        const next: CartState = {
          ...cart,
          shipping: {
            address: input.shippingAddress,
            method,
            quote: { amount: quote.cost.amount, currency: quote.cost.currency, carrier: quote.carrier, service: quote.service, itemCount },
          },
        };
        ctx.set(CART, next);
        return next;
      },
    ),

    checkout: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(CheckoutInput),
        output: restate.serde.schema(OrderResult),
        description:
          "Place the order under the next order number of the year; a second call returns the same order. The answer carries the whole order. A failed attempt keeps its number (the failed order is there) and its error carries it as metadata.orderNumber.",
      },
      async (ctx: ObjectContext, input: CheckoutInput) => {
        // An order placed for an account (its list, its loyalty, its coupons): only the API says whose.
        requireApiCallerFor(ctx.request(), { customerId: input.customerId });
        decide(() => checkCartId(ctx.key));
        const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
        if (cart.status === "checked_out") {
          const order = await ctx.objectClient(OrderOrchestrator, cart.orderId!).getOrder();
          return { ...toResult(order), order };
        }
        if (cart.items.length === 0) reject(conflict(`cart ${ctx.key} is empty; add items before checkout`));
        // Refused before an order exists (nothing numbered, held or charged): too many orders holding stock
        // for a pending payment, or prices that rose since the customer saw them (the cart takes the new ones).
        const catalogReads = catalogOf(ctx, cart);
        const heldReads = input.customerId ? ctx.objectClient(CustomerOrders, input.customerId).awaitingPayment() : undefined;
        const [catalog, held] = [await catalogReads, heldReads ? (await heldReads).orders : []];
        decide(() => assertMayHoldMore(held, settings().maxOrdersAwaitingPayment));
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
          const { priced, currency } = await priceCart(ctx, cart, catalog);
          if (currency && currency !== MIXED) decide(() => assertTotalNotRaised({ total: priced.total, currency }, input.expectedTotal));
        }
        const orderId = orderIdFor(ctx.key, cart.attempt, checkoutNonce(ctx));
        const startedAt = await ctx.date.now();
        const { orderNumber } = await ctx.objectClient(OrderNumbers, String(yearOf(startedAt))).allocate({ orderId });
        ctx.set(CART, checkingOut(cart, orderId, orderNumber, input.idempotencyKey));
        if (input.customerId) {
          ctx.objectSendClient(CustomerOrders, input.customerId).record({ orderNumber, orderId, cartId: ctx.key, createdAt: startedAt });
        }
        try {
          const order = {
            items: cart.items.map((line) => ({ productId: line.sku, quantity: line.quantity })),
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
            // The caller (the HTTP API) answers with the whole order: it comes with the result, no second read.
            includeOrder: true,
          };
          // The number, the cart and the account are fields only a signed call may set: this one is signed.
          const result = await ctx
            .objectClient(OrderOrchestrator, orderId)
            .processOrder(order, signedCallOptions({ service: OrderOrchestrator, key: orderId, handler: "processOrder" }, order));
          ctx.set(CART, afterCheckout(cart, orderId, orderNumber, input.idempotencyKey));
          // The customer moves on to a fresh cart; this one stays frozen and answers for its order.
          if (input.customerId)
            ctx.objectSendClient(Customer, input.customerId).cartCheckedOut({ cartId: ctx.key, idempotencyKey: input.idempotencyKey });
          return result;
        } catch (error) {
          if (!(error instanceof TerminalError)) throw error;
          ctx.set(
            CART,
            afterFailedCheckout(cart, {
              orderId,
              orderNumber,
              message: error.message,
              code: error.code,
              ...(input.idempotencyKey ? { checkoutKey: input.idempotencyKey } : {}),
            }),
          );
          throw new TerminalError(error.message, { errorCode: error.code, metadata: { orderNumber } });
        }
      },
    ),
  },
});
