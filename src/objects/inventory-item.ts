import * as restate from "@restatedev/restate-sdk";
import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import {
  OrderRefInput,
  ReserveInput,
  RestockInput,
  ReturnInput,
  UpsertItemInput,
  commit,
  release,
  requireItem,
  reserve,
  restock,
  returnUnits,
  upsertItem,
  view,
  availableUnits,
  newAlerts,
  type InventoryState,
} from "../domain/inventory.ts";
import { checkKey } from "../domain/quantity.ts";
import { decide } from "../restate/errors.ts";
import { raiseOperatorAlert } from "./operator-inbox.ts";

const ITEM = "item";
const soldKey = (orderId: string) => `sold:${orderId}`;
const returnedKey = (orderId: string) => `returned:${orderId}`;
const restockKey = (reference: string) => `restock:${reference}`;
const returnKey = (reference: string) => `return:${reference}`;

/** Saves the item; a low-stock alert raised by this change goes to the operators' inbox. */
function save(ctx: ObjectContext, before: InventoryState, after: InventoryState): void {
  ctx.set(ITEM, after);
  for (const alert of newAlerts(before, after)) {
    raiseOperatorAlert(ctx, {
      id: `${after.sku}:low-stock:${alert.id}`,
      kind: "low_stock",
      sku: after.sku,
      message: `${after.sku} (${after.name}) is low on stock: ${alert.available} available, threshold ${alert.threshold}`,
    });
  }
}

/**
 * The time only stamps low-stock alerts. An item without a threshold never reads it, so it does not
 * pay for a journaled clock read (a round trip to the server) on every reservation.
 */
async function clock(ctx: ObjectContext, state: InventoryState): Promise<number> {
  return state.lowStockThreshold === undefined ? 0 : ctx.date.now();
}

async function load(ctx: ObjectSharedContext): Promise<InventoryState> {
  const state = await ctx.get<InventoryState>(ITEM);
  return decide(() => requireItem(state, ctx.key));
}

export const InventoryItem = restate.object({
  name: "InventoryItem",
  description: "One product SKU: catalog data, stock on hand and per-order reservations.",
  handlers: {
    upsert: restate.handlers.object.exclusive(
      { input: restate.serde.schema(UpsertItemInput), description: "Create or update the product data of this SKU." },
      async (ctx: ObjectContext, input: UpsertItemInput) => {
        decide(() => checkKey("sku", ctx.key));
        const next = upsertItem(await ctx.get<InventoryState>(ITEM), ctx.key, input);
        ctx.set(ITEM, next);
        return view(next);
      },
    ),

    restock: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RestockInput), description: "Add stock; idempotent per reference." },
      async (ctx: ObjectContext, input: RestockInput) => {
        const state = await load(ctx);
        if (input.reference !== undefined) {
          if ((await ctx.get<number>(restockKey(input.reference))) !== null) return view(state);
          ctx.set(restockKey(input.reference), input.quantity);
        }
        const next = restock(state, input.quantity, await clock(ctx, state));
        save(ctx, state, next);
        return view(next);
      },
    ),

    reserve: restate.handlers.object.exclusive(
      { input: restate.serde.schema(ReserveInput), description: "Hold stock for an order; the same orderId twice is one reservation." },
      async (ctx: ObjectContext, input: ReserveInput) => {
        const state = await load(ctx);
        const alreadySold = (await ctx.get<number>(soldKey(input.orderId))) !== null;
        const now = await clock(ctx, state);
        const next = decide(() => reserve(state, input, alreadySold, now));
        if (next !== state) save(ctx, state, next);
        return { sku: ctx.key, orderId: input.orderId, quantity: input.quantity, available: availableUnits(next) };
      },
    ),

    release: restate.handlers.object.exclusive(
      { input: restate.serde.schema(OrderRefInput), description: "Drop an order's reservation; unknown orders are a no-op." },
      async (ctx: ObjectContext, input: OrderRefInput) => {
        const state = await load(ctx);
        const next = release(state, input.orderId, await clock(ctx, state));
        if (next !== state) save(ctx, state, next);
        return view(next);
      },
    ),

    commit: restate.handlers.object.exclusive(
      { input: restate.serde.schema(OrderRefInput), description: "Turn an order's reservation into a sale; idempotent." },
      async (ctx: ObjectContext, input: OrderRefInput) => {
        const state = await load(ctx);
        const { state: next, sold } = commit(state, input.orderId);
        if (sold > 0) {
          ctx.set(ITEM, next);
          ctx.set(soldKey(input.orderId), sold);
        }
        return { sku: ctx.key, orderId: input.orderId, sold: sold || ((await ctx.get<number>(soldKey(input.orderId))) ?? 0) };
      },
    ),

    returnUnits: restate.handlers.object.exclusive(
      { input: restate.serde.schema(ReturnInput), description: "Put units an order bought back on hand; idempotent per reference." },
      async (ctx: ObjectContext, input: ReturnInput) => {
        const state = await load(ctx);
        if ((await ctx.get<number>(returnKey(input.reference))) !== null) return view(state);
        const history = {
          sold: (await ctx.get<number>(soldKey(input.orderId))) ?? 0,
          returned: (await ctx.get<number>(returnedKey(input.orderId))) ?? 0,
        };
        const now = await clock(ctx, state);
        const next = decide(() => returnUnits(state, input, history, now));
        save(ctx, state, next);
        ctx.set(returnKey(input.reference), input.quantity);
        ctx.set(returnedKey(input.orderId), history.returned + input.quantity);
        return view(next);
      },
    ),

    undoOrder: restate.handlers.object.exclusive(
      {
        input: restate.serde.schema(OrderRefInput),
        description: "Compensation: release the order's reservation, or put back what it bought; idempotent.",
      },
      async (ctx: ObjectContext, input: OrderRefInput) => {
        const state = await load(ctx);
        const now = await clock(ctx, state);
        let next = release(state, input.orderId, now);
        const sold = (await ctx.get<number>(soldKey(input.orderId))) ?? 0;
        const returned = (await ctx.get<number>(returnedKey(input.orderId))) ?? 0;
        if (sold > returned) {
          const back = { orderId: input.orderId, quantity: sold - returned, reference: `undo:${input.orderId}` };
          next = decide(() => returnUnits(next, back, { sold, returned }, now));
          ctx.set(returnedKey(input.orderId), sold);
        }
        if (next !== state) save(ctx, state, next);
        return view(next);
      },
    ),

    get: restate.handlers.object.shared(
      { input: restate.serde.empty, description: "Product data and stock levels of this SKU; 404 if it was never configured." },
      async (ctx: ObjectSharedContext) => view(await load(ctx)),
    ),
  },
});
