import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { publishEvent } from "../events/event-delivery.ts";
import { apiOnly, signedCallOptions } from "../platform/restate/api-caller.ts";
import { decide } from "../platform/restate/decide.ts";
import { type Runtime, runPolicy } from "../providers/runtime.ts";
import { purchaseOrderEmail } from "./domain/purchase-order-email.ts";
import {
  ActorInput,
  approve,
  cancel,
  DraftInput,
  markOrdered,
  newPurchaseOrder,
  PurchaseOrder as PurchaseOrderSchema,
  type PurchaseOrder as PurchaseOrderState,
  ReceiveInput,
  receive,
  requirePurchaseOrder,
} from "./domain/replenishment.ts";
import { InventoryItem } from "./inventory-item.ts";
import type { InventorySettings } from "./inventory-settings.ts";
import { recordPurchaseOrder } from "./purchase-order-book.ts";

const PO = "po";
const answer = restate.serde.schema(PurchaseOrderSchema);

async function load(ctx: ObjectSharedContext): Promise<PurchaseOrderState> {
  const po = await ctx.get<PurchaseOrderState>(PO);
  return decide(() => requirePurchaseOrder(po, ctx.key));
}

function save(ctx: ObjectContext, po: PurchaseOrderState): PurchaseOrderState {
  ctx.set(PO, po);
  recordPurchaseOrder(ctx, po);
  return po;
}

/**
 * One purchase order to one supplier: drafted by the replenishment scan, approved by an admin (the
 * supplier is emailed), received in one or more deliveries — each delivery restocks its SKUs exactly
 * once (the receipt reference is the restock's), which also serves waiting backorders.
 */
export const purchaseOrderObject = (rt: Runtime<InventorySettings>) =>
  restate.object({
    name: "PurchaseOrder",
    metadata: { key: "{PO-…}" },
    description: "A purchase order to a supplier: draft → approved → ordered → partially_received → received, or cancelled.",
    handlers: {
      createDraft: restate.handlers.object.exclusive(
        { input: restate.serde.schema(DraftInput), output: answer, ingressPrivate: true },
        async (ctx: ObjectContext, input: DraftInput) => {
          const existing = await ctx.get<PurchaseOrderState>(PO);
          if (existing) return existing;
          return save(ctx, newPurchaseOrder(ctx.key, input, await ctx.date.now()));
        },
      ),

      approve: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ActorInput),
          output: answer,
          description: "Approve a draft: the supplier is emailed the order, which is then ordered.",
        },
        async (ctx: ObjectContext, input: { by: string }) => {
          const now = await ctx.date.now();
          const po = await load(ctx);
          const approved = save(
            ctx,
            decide(() => approve(po, input.by, now)),
          );
          const message = purchaseOrderEmail(approved, rt.settings.shopName);
          let detail = `emailed ${approved.supplier}`;
          try {
            await ctx.run(`email:${message.dedupKey}`, () => rt.providers.email.send(message), runPolicy(rt, "email"));
          } catch (error) {
            if (!(error instanceof TerminalError)) throw error;
            // The order stands; the supplier has to be told another way.
            detail = `the email to ${approved.supplier} failed (${error.message}); tell the supplier another way`;
          }
          const at = await ctx.date.now();
          publishEvent(ctx, {
            type: "PurchaseOrderApproved",
            subject: po.id,
            occurredAt: at,
            data: {
              purchaseOrderId: po.id,
              supplier: po.supplier,
              by: input.by,
              lines: po.lines.map(({ sku, ordered }) => ({ sku, ordered })),
            },
          });
          return save(ctx, markOrdered(approved, at, detail));
        },
      ),

      receive: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ReceiveInput),
          output: answer,
          description: "Book a delivery: its units go into stock once per receipt reference.",
        },
        async (ctx: ObjectContext, input: ReceiveInput) => {
          const now = await ctx.date.now();
          const po = await load(ctx);
          if (po.receipts.includes(input.reference)) return po;
          const received = decide(() => receive(po, input, now));
          await RestatePromise.all(
            input.lines.map((line) => {
              const restock = { quantity: line.quantity, reference: `${po.id}:${input.reference}:${line.sku}` };
              // Restocking demands the API's credential; this call from the shop's own handler is signed.
              return ctx
                .objectClient(InventoryItem, line.sku)
                .restock(restock, signedCallOptions(rt, { service: InventoryItem, key: line.sku, handler: "restock" }, restock));
            }),
          );
          publishEvent(ctx, {
            type: "PurchaseOrderReceived",
            subject: po.id,
            occurredAt: now,
            data: { purchaseOrderId: po.id, reference: input.reference, status: received.status, lines: input.lines },
          });
          return save(ctx, received);
        },
      ),

      cancel: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(ActorInput),
          output: answer,
          description: "Cancel an order nothing has arrived for yet.",
        },
        async (ctx: ObjectContext, input: { by: string }) => {
          const now = await ctx.date.now();
          const po = await load(ctx);
          return save(
            ctx,
            decide(() => cancel(po, input.by, now)),
          );
        },
      ),

      get: restate.handlers.object.shared(
        { input: restate.serde.empty, output: answer, description: "The purchase order with its lines and log; 404 if unknown." },
        async (ctx: ObjectSharedContext) => load(ctx),
      ),
    },
  });

/** The typed handle other handlers call PurchaseOrder by (its name); the endpoint binds {@link purchaseOrderObject} with its runtime. */
export type PurchaseOrder = ReturnType<typeof purchaseOrderObject>;
export const PurchaseOrder: PurchaseOrder = { name: "PurchaseOrder" };
