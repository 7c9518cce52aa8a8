import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type { OrderRefInput, ReserveInput, ReturnInput } from "../../src/inventory/domain/inventory.ts";
import { InventoryItem } from "../../src/inventory/inventory-item.ts";
import { post } from "./restate.ts";

/** `{sku, body}`: the body goes to the item unchecked, so the item's own validation is what a test sees. */
interface Forward {
  sku: string;
  body: unknown;
}

const item = (ctx: Context, sku: string) => ctx.objectClient(InventoryItem, sku);

/**
 * Test-only path to InventoryItem's ingress-private handlers, which only the order saga may call in
 * production. Bound by the test harness's endpoint alone (never by src/server/endpoint.ts), so the inventory tests
 * can drive reserve/commit/release directly through a real Restate call.
 */
export const InventoryDriver = restate.service({
  name: "TestInventoryDriver",
  handlers: {
    reserve: async (ctx: Context, { sku, body }: Forward) => item(ctx, sku).reserve(body as ReserveInput),
    release: async (ctx: Context, { sku, body }: Forward) => item(ctx, sku).release(body as OrderRefInput),
    commit: async (ctx: Context, { sku, body }: Forward) => item(ctx, sku).commit(body as OrderRefInput),
    returnUnits: async (ctx: Context, { sku, body }: Forward) => item(ctx, sku).returnUnits(body as ReturnInput),
    undoOrder: async (ctx: Context, { sku, body }: Forward) => item(ctx, sku).undoOrder(body as OrderRefInput),
  },
});

export type InventoryOperation = "reserve" | "release" | "commit" | "returnUnits" | "undoOrder";

/** Calls an ingress-private InventoryItem handler through the driver; status and body as the item answered. */
export const inventoryOp = (operation: InventoryOperation, sku: string, body: unknown, url?: string) =>
  post(`/TestInventoryDriver/${operation}`, { sku, body }, url ? { url } : {});
