import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, TerminalError } from "@restatedev/restate-sdk";
import { z } from "zod";
import { type Runtime, runPolicy } from "../providers/runtime.ts";
import { BackInStock, Wisher } from "./domain/back-in-stock.ts";
import { backInStockEmail } from "./domain/back-in-stock-email.ts";
import type { InventorySettings } from "./inventory-settings.ts";

const toldKey = (restockId: string) => `told:${restockId}`;
const NoticeInput = BackInStock.extend({ sku: z.string(), wisher: Wisher });

/**
 * One customer's back-in-stock email for one SKU (keyed `{sku}~{customerId}`): sent once per restock,
 * whatever redelivers the message, as a journaled step with its own Message-ID.
 */
export const backInStockNoticeObject = (rt: Runtime<InventorySettings>) =>
  restate.object({
    name: "BackInStockNotice",
    metadata: { key: "{sku}~{cus_…}" },
    description: "Emails one customer that a saved SKU is back, once per restock.",
    handlers: {
      send: restate.handlers.object.exclusive(
        { input: restate.serde.schema(NoticeInput), output: restate.serde.empty, ingressPrivate: true },
        async (ctx: ObjectContext, input: z.infer<typeof NoticeInput>) => {
          if (await ctx.get<boolean>(toldKey(input.restockId))) return;
          const message = backInStockEmail(input.wisher, input.sku, input, rt.settings.shopName);
          try {
            await ctx.run(`email:${message.dedupKey}`, () => rt.providers.email.send(message), runPolicy(rt, "email"));
          } catch (error) {
            if (!(error instanceof TerminalError)) throw error;
            ctx.console.warn(`back-in-stock email for ${input.wisher.customerId} refused: ${error.message}`);
          }
          ctx.set(toldKey(input.restockId), true);
        },
      ),
    },
  });

/** The typed handle other handlers call BackInStockNotice by (its name); the endpoint binds {@link backInStockNoticeObject} with its runtime. */
export type BackInStockNotice = ReturnType<typeof backInStockNoticeObject>;
export const BackInStockNotice: BackInStockNotice = { name: "BackInStockNotice" };
