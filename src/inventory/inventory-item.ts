import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../alerts/operator-inbox.ts";
import { Product } from "../catalog/product-object.ts";
import { publishEvent } from "../events/event-delivery.ts";
import { checkKey } from "../platform/domain/quantity.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide } from "../platform/restate/decide.ts";
import { project, projectIfChanged } from "../platform/restate/project.ts";
import type { Runtime } from "../providers/runtime.ts";
import {
  AwaitAllocationInput,
  allocateBackorders,
  applyStockSettings,
  availableUnits,
  CommitResult,
  commit,
  type InventoryState,
  ItemView,
  isLow,
  itemView,
  newAlerts,
  OrderRefInput,
  ReserveInput,
  ReserveResult,
  RestockInput,
  ReturnInput,
  release,
  requireItem,
  reserve,
  restock,
  returnUnits,
  StockSettings,
  StockView,
  UpsertItemInput,
  view,
} from "./domain/inventory.ts";
import type { SaleInput } from "./domain/replenishment.ts";
import { stockRow, stockTable } from "./stock-row.ts";
import { watchStock } from "./stock-watch.ts";
import type { Wishers } from "./wishers.ts";

/** The state key of the stock (the migration from the catalog-and-stock value rewrites it: scripts/lib/migrate-products.ts). */
export const ITEM = "item";
const stockView = restate.serde.schema(StockView);
const soldKey = (orderId: string) => `sold:${orderId}`;
const returnedKey = (orderId: string) => `returned:${orderId}`;
const restockKey = (reference: string) => `restock:${reference}`;
const returnKey = (reference: string) => `return:${reference}`;
const waiterKey = (orderId: string) => `backorder-waiter:${orderId}`;

/** An order's backordered units are there: they are now held for it, and the order is woken if it waits. */
export interface Allocation {
  sku: string;
  orderId: string;
}

/** Gives arrived units to waiting backorders (oldest first) and wakes the orders that were served. */
async function serveBackorders(ctx: ObjectContext, state: InventoryState, now: number): Promise<InventoryState> {
  const { state: next, served } = allocateBackorders(state, now);
  for (const orderId of served) {
    const awakeableId = await ctx.get<string>(waiterKey(orderId));
    if (awakeableId === null) continue;
    ctx.resolveAwakeable<Allocation>(awakeableId, { sku: ctx.key, orderId });
    ctx.clear(waiterKey(orderId));
  }
  return next;
}

/** A burst of moves (an order's reserve, then its commit) rides along with the first one's flush. */
const FIRST_FLUSH_DELAY_MS = 200;

/**
 * Stock moves on every reserve, commit and release of every order line. Instead of one projection
 * per move, a move schedules one flush (a delayed one-way send to this item) unless one is pending,
 * and marks the item; later moves ride along, and the flush sends whatever the item is by then.
 * Flushes of one item are at least STOCK_PROJECTION_INTERVAL_MS apart: a quiet item's move shows
 * within moments, a busy item costs one projection per interval. The mark and the last flush's time
 * live in the item's own value, so a move costs no state read and no clock read (a round trip to the
 * server inside every reservation): the flush itself reads the clock and, when it comes too soon
 * after the last one, waits out the rest of the interval.
 */
function withProjectionScheduled(ctx: ObjectContext, state: InventoryState): InventoryState {
  if (state.projectionPending) return state;
  scheduleFlush(ctx, FIRST_FLUSH_DELAY_MS);
  return { ...state, projectionPending: true };
}

function scheduleFlush(ctx: ObjectContext, delay: number): void {
  ctx.objectSendClient(InventoryItem, ctx.key).flushProjection(restate.rpc.sendOpts({ delay }));
}

/**
 * Saves the item; a low-stock alert raised by this change goes to the operators' inbox, and an item
 * crossing its threshold (either way) tells the stock watch the replenishment scan reads.
 */
async function save(ctx: ObjectContext, before: InventoryState, after: InventoryState): Promise<void> {
  ctx.set(ITEM, withProjectionScheduled(ctx, after));
  if (isLow(before) !== isLow(after)) watchStock(ctx, after.sku, isLow(after));
  const alerts = newAlerts(before, after);
  // The operators read which product it is: its name is the catalog's, asked only when an alert is raised.
  const name = alerts.length > 0 ? ` (${(await ctx.objectClient(Product, ctx.key).get()).name})` : "";
  for (const alert of alerts) {
    publishEvent(ctx, {
      type: "LowStockAlert",
      subject: after.sku,
      occurredAt: alert.raisedAt,
      data: { sku: after.sku, available: alert.available, threshold: alert.threshold },
    });
    raiseOperatorAlert(ctx, {
      id: `${after.sku}:low-stock:${alert.id}`,
      kind: "low_stock",
      sku: after.sku,
      message: `${after.sku}${name} is low on stock: ${alert.available} available, threshold ${alert.threshold}`,
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

/**
 * New stock settings are saved and, when the row changes, projected at once: they are rare, and
 * search's in-stock filter reads whether the item takes backorders. A new threshold can put the item on (or take it off) the
 * stock watch without any stock moving.
 */
async function configure(ctx: ObjectContext, settings: StockSettings): Promise<InventoryState> {
  const before = await ctx.get<InventoryState>(ITEM);
  const next = applyStockSettings(before, ctx.key, settings);
  ctx.set(ITEM, next);
  if ((before !== null && isLow(before)) !== isLow(next)) watchStock(ctx, next.sku, isLow(next));
  await projectIfChanged(ctx, stockTable, before && stockRow(before), stockRow(next));
  return next;
}

async function load(ctx: ObjectSharedContext): Promise<InventoryState> {
  const state = await ctx.get<InventoryState>(ITEM);
  return decide(() => requireItem(state, ctx.key));
}

/**
 * SkuReplenishment as a commit sees it: told one way what sold. Declared here rather than imported,
 * because SkuReplenishment reads this item back (request-response), and calls only go down.
 */
interface SalesLedger {
  recordSale(ctx: ObjectContext, input: SaleInput): Promise<void>;
}

/**
 * The stock of one SKU (its catalog data is Product/{sku}). Operators and trusted clients configure
 * and restock it through the ingress; reserve, commit, release, returnUnits and undoOrder belong to
 * the order saga alone and are ingress-private, so nobody outside this service can move stock on an
 * order's behalf.
 */
export const inventoryItemObject = (rt: Runtime) =>
  restate.object({
    name: "InventoryItem",
    metadata: { key: "{sku}" },
    description: "One SKU's stock: on hand, per-order reservations, backorders.",
    handlers: {
      upsert: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(UpsertItemInput),
          output: restate.serde.schema(ItemView),
          description: "Create or update a SKU in one call: its catalog data goes to Product/{sku}, its stock settings stay here.",
        },
        async (ctx: ObjectContext, input: UpsertItemInput) => {
          decide(() => checkKey("sku", ctx.key));
          const { lowStockThreshold, allowBackorder, ...catalog } = input;
          // The catalog first: a refusal there (a taken slug, an unknown category) leaves the stock as it was.
          const product = await ctx.objectClient(Product, ctx.key).upsert(catalog);
          const next = await configure(ctx, { lowStockThreshold: lowStockThreshold ?? null, allowBackorder: allowBackorder ?? false });
          return itemView(product, view(next));
        },
      ),

      configure: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(StockSettings),
          output: stockView,
          description: "An admin's stock settings (CatalogAdmin): the threshold and backorders; a new SKU starts with none on hand.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, settings: StockSettings) => {
          decide(() => checkKey("sku", ctx.key));
          return view(await configure(ctx, settings));
        },
      ),

      restock: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(RestockInput),
          output: stockView,
          description: "Add stock; idempotent per reference.",
        },
        async (ctx: ObjectContext, input: RestockInput) => {
          const state = await load(ctx);
          if (input.reference !== undefined) {
            if ((await ctx.get<number>(restockKey(input.reference))) !== null) return view(state);
            ctx.set(restockKey(input.reference), input.quantity);
          }
          const now = await ctx.date.now();
          const next = await serveBackorders(ctx, restock(state, input.quantity, now), now);
          await save(ctx, state, next);
          const { onHand, available, reserved } = view(next);
          // Back from none to some: the customers who saved it hear once for this restock (its invocation).
          if (view(state).available === 0 && available > 0) {
            ctx.objectSendClient<typeof Wishers>({ name: "Wishers" }, next.sku).backInStock({ restockId: ctx.request().id });
          }
          publishEvent(ctx, {
            type: "StockUpdated",
            subject: next.sku,
            occurredAt: now,
            data: {
              sku: next.sku,
              added: input.quantity,
              onHand,
              reserved,
              available,
              ...(input.reference ? { reference: input.reference } : {}),
            },
          });
          return view(next);
        },
      ),

      reserve: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(ReserveInput),
          output: restate.serde.schema(ReserveResult),
          description: "Hold stock for an order; the same orderId twice is one reservation. Its price is Product/{sku}'s, asked beside it.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, input: ReserveInput) => {
          const state = await load(ctx);
          const alreadySold = (await ctx.get<number>(soldKey(input.orderId))) !== null;
          // Every order for this SKU passes here, one at a time: no journaled step unless one is needed.
          // The time only stamps a low-stock alert, so it is read only by the reservation that raises one.
          let decided = decide(() => reserve(state, input, alreadySold, Number.NaN));
          if (newAlerts(state, decided.state).length > 0) {
            const now = await ctx.date.now();
            decided = decide(() => reserve(state, input, alreadySold, now));
          }
          const { state: next, status } = decided;
          if (next !== state) await save(ctx, state, next);
          return { sku: ctx.key, orderId: input.orderId, quantity: input.quantity, status, available: availableUnits(next) };
        },
      ),

      release: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(OrderRefInput),
          output: stockView,
          description: "Drop an order's reservation; unknown orders are a no-op.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, input: OrderRefInput) => {
          const state = await load(ctx);
          const now = await clock(ctx, state);
          const next = await serveBackorders(ctx, release(state, input.orderId, now), now);
          ctx.clear(waiterKey(input.orderId));
          if (next !== state) await save(ctx, state, next);
          return view(next);
        },
      ),

      commit: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(OrderRefInput),
          output: restate.serde.schema(CommitResult),
          description: "Turn an order's reservation into a sale; idempotent.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, input: OrderRefInput) => {
          const state = await load(ctx);
          const { state: next, sold } = commit(state, input.orderId);
          if (sold > 0) {
            ctx.set(ITEM, await withProjectionScheduled(ctx, next));
            ctx.set(soldKey(input.orderId), sold);
            // Sales velocity is only kept where the stock is watched (a threshold): the replenishment scan's input.
            if (state.lowStockThreshold !== undefined) {
              ctx.objectSendClient<SalesLedger>({ name: "SkuReplenishment" }, ctx.key).recordSale({ units: sold });
            }
          }
          return { sku: ctx.key, orderId: input.orderId, sold: sold || ((await ctx.get<number>(soldKey(input.orderId))) ?? 0) };
        },
      ),

      returnUnits: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(ReturnInput),
          output: stockView,
          description: "Put units an order bought back on hand; idempotent per reference.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, input: ReturnInput) => {
          const state = await load(ctx);
          if ((await ctx.get<number>(returnKey(input.reference))) !== null) return view(state);
          const history = {
            sold: (await ctx.get<number>(soldKey(input.orderId))) ?? 0,
            returned: (await ctx.get<number>(returnedKey(input.orderId))) ?? 0,
          };
          const now = await clock(ctx, state);
          const next = await serveBackorders(
            ctx,
            decide(() => returnUnits(state, input, history, now)),
            now,
          );
          await save(ctx, state, next);
          ctx.set(returnKey(input.reference), input.quantity);
          ctx.set(returnedKey(input.orderId), history.returned + input.quantity);
          return view(next);
        },
      ),

      undoOrder: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(OrderRefInput),
          output: stockView,
          description: "Compensation: release the order's reservation, or put back what it bought; idempotent.",
          ingressPrivate: true,
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
          next = await serveBackorders(ctx, next, now);
          ctx.clear(waiterKey(input.orderId));
          if (next !== state) await save(ctx, state, next);
          return view(next);
        },
      ),

      awaitAllocation: restate.handlers.object.exclusive(
        {
          input: restate.serde.schema(AwaitAllocationInput),
          output: restate.serde.empty,
          description: "A backordered order waits: its awakeable is resolved once its units are held for it.",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext, input: AwaitAllocationInput) => {
          const state = await load(ctx);
          if (input.orderId in state.reservations) {
            ctx.resolveAwakeable<Allocation>(input.awakeableId, { sku: ctx.key, orderId: input.orderId });
            return;
          }
          // Not queued (any more) either: the wait ends; the order finds out from its own state.
          if (!state.backorders?.some((b) => b.orderId === input.orderId)) {
            ctx.rejectAwakeable(input.awakeableId, `order ${input.orderId} has no backorder for ${ctx.key}`);
            return;
          }
          ctx.set(waiterKey(input.orderId), input.awakeableId);
        },
      ),

      flushProjection: restate.handlers.object.exclusive(
        {
          input: restate.serde.empty,
          output: restate.serde.empty,
          description: "Projects the item's current row (scheduled by its changes).",
          ingressPrivate: true,
        },
        async (ctx: ObjectContext) => {
          const pending = await ctx.get<InventoryState>(ITEM);
          if (!pending) return;
          const now = await ctx.date.now();
          const due = (pending.projectedAt ?? 0) + rt.projections.stockIntervalMs;
          // Too soon after the last flush: this one waits out the interval, still pending.
          if (now < due) return scheduleFlush(ctx, due - now);
          const { projectionPending: _flushed, ...state } = pending;
          ctx.set(ITEM, { ...state, projectedAt: now });
          await project(ctx, stockTable, stockRow(state));
        },
      ),

      get: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: stockView,
          description: "Stock levels of this SKU; 404 if it was never configured.",
        },
        async (ctx: ObjectSharedContext) => view(await load(ctx)),
      ),
    },
  });

/** The typed handle other handlers call InventoryItem by (its name); the endpoint binds {@link inventoryItemObject} with its runtime. */
export type InventoryItem = ReturnType<typeof inventoryItemObject>;
export const InventoryItem: InventoryItem = { name: "InventoryItem" };
