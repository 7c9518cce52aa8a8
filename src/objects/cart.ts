import * as restate from "@restatedev/restate-sdk";
import { RestatePromise, TerminalError, type ObjectContext, type ObjectSharedContext } from "@restatedev/restate-sdk";
import {
  AddItemInput,
  CheckoutInput,
  RemoveItemInput,
  UpdateItemInput,
  afterCheckout,
  afterFailedCheckout,
  assertOpen,
  checkCartId,
  emptyCart,
  orderIdFor,
  quantityOf,
  setQuantity,
  type CartState,
} from "../domain/cart.ts";
import { invalid } from "../domain/errors.ts";
import { toResult } from "../domain/order.ts";
import { decide, reject } from "../restate/errors.ts";
import { InventoryItem } from "./inventory-item.ts";
import { OrderOrchestrator } from "./order-orchestrator.ts";

const CART = "cart";

async function openCart(ctx: ObjectContext): Promise<CartState> {
  decide(() => checkCartId(ctx.key));
  const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
  decide(() => assertOpen(cart, ctx.key));
  return cart;
}

/** Stock on hand for a SKU; an unknown SKU is the caller's mistake (404). */
async function onHand(ctx: ObjectContext, sku: string): Promise<number> {
  try {
    return (await ctx.objectClient(InventoryItem, sku).get()).onHand;
  } catch (error) {
    if (error instanceof TerminalError && error.code === 404) throw new TerminalError(`unknown sku ${sku}`, { errorCode: 404 });
    throw error;
  }
}

async function setLine(ctx: ObjectContext, sku: string, quantity: (current: number) => number) {
  const cart = await openCart(ctx);
  const wanted = quantity(quantityOf(cart, sku));
  const exists = wanted === 0 ? 0 : await onHand(ctx, sku);
  const next = decide(() => setQuantity(cart, sku, wanted, exists));
  ctx.set(CART, next);
  return next;
}

export const Cart = restate.object({
  name: "Cart",
  description: "A customer's cart; checkout turns it into an order.",
  handlers: {
    addItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(AddItemInput), description: "Add units of a SKU (adds to a line already there)." },
      async (ctx: ObjectContext, input: AddItemInput) => setLine(ctx, input.sku, (current) => current + input.quantity),
    ),
    updateItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(UpdateItemInput), description: "Set a line's quantity; 0 removes it." },
      async (ctx: ObjectContext, input: UpdateItemInput) => setLine(ctx, input.sku, () => input.quantity),
    ),
    removeItem: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RemoveItemInput) },
      async (ctx: ObjectContext, input: RemoveItemInput) => setLine(ctx, input.sku, () => 0),
    ),
    clear: restate.handlers.object.exclusive({ input: restate.serde.empty }, async (ctx: ObjectContext) => {
      const cart = await openCart(ctx);
      const next = { ...cart, items: [] };
      ctx.set(CART, next);
      return next;
    }),

    get: restate.handlers.object.shared(
      { input: restate.serde.empty, description: "Items with current unit prices from the catalog, line totals and subtotal." },
      async (ctx: ObjectSharedContext) => {
        decide(() => checkCartId(ctx.key));
        const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
        const items = await RestatePromise.all(cart.items.map((line) => ctx.objectClient(InventoryItem, line.sku).get()));
        const lines = cart.items.map((line, i) => {
          const item = items[i]!;
          return { sku: line.sku, name: item.name, quantity: line.quantity, unitPrice: item.price, currency: item.currency, lineTotal: item.price * line.quantity };
        });
        const currencies = [...new Set(lines.map((l) => l.currency))];
        return {
          cartId: ctx.key,
          status: cart.status,
          orderId: cart.orderId ?? null,
          items: lines,
          subtotal: lines.reduce((sum, l) => sum + l.lineTotal, 0),
          currency: currencies.length === 1 ? currencies[0] : currencies.length === 0 ? null : "MIXED",
          lastFailure: cart.lastFailure ?? null,
        };
      },
    ),

    checkout: restate.handlers.object.exclusive(
      { input: restate.serde.schema(CheckoutInput), description: "Place the order; a second call returns the same order." },
      async (ctx: ObjectContext, input: CheckoutInput) => {
        decide(() => checkCartId(ctx.key));
        const cart = (await ctx.get<CartState>(CART)) ?? emptyCart();
        if (cart.status === "checked_out") {
          return toResult(await ctx.objectClient(OrderOrchestrator, cart.orderId!).getOrder());
        }
        if (cart.items.length === 0) reject(invalid(`cart ${ctx.key} is empty; add items before checkout`));
        const orderId = orderIdFor(ctx.key, cart.attempt);
        try {
          const result = await ctx.objectClient(OrderOrchestrator, orderId).processOrder({
            items: cart.items.map((line) => ({ productId: line.sku, quantity: line.quantity })),
            customer: input.customer,
            shipping: input.shippingAddress,
            paymentMethod: input.paymentMethod,
            shippingMethod: input.shippingMethod,
            cartId: ctx.key,
          });
          ctx.set(CART, afterCheckout(cart, orderId));
          return result;
        } catch (error) {
          if (error instanceof TerminalError) ctx.set(CART, afterFailedCheckout(cart, orderId, error.message, error.code));
          throw error;
        }
      },
    ),
  },
});
