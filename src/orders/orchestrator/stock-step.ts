import { type ObjectContext, RestatePromise, TerminalError, TimeoutError } from "@restatedev/restate-sdk";
import { type ProductView, priceLine } from "../../catalog/domain/product.ts";
import { Product } from "../../catalog/product-object.ts";
import type { ReserveResult } from "../../inventory/domain/inventory.ts";
import { type Allocation, InventoryItem } from "../../inventory/inventory-item.ts";
import { decide } from "../../platform/restate/decide.ts";
import type { LineReservation, RequestedLine } from "../domain/order.ts";
import type { Interrupt } from "./interrupt.ts";

/**
 * Reserves every line and reads its product, all side by side: one call per SKU to its stock
 * (InventoryItem, lines of one SKU were merged) and one to its catalog data (Product), which the
 * order is priced from, in one wait. An unknown SKU is the caller's mistake (404); a product not for
 * sale refuses the order (409); a price other than the caller expected is the line's `price_changed`.
 * What a refused order reserved meanwhile, the checkout's compensation releases.
 */
export function reserveLines(ctx: ObjectContext, orderId: string, lines: readonly RequestedLine[]): RestatePromise<LineReservation[]> {
  const reserving = RestatePromise.allSettled(
    lines.map((line) => ctx.objectClient(InventoryItem, line.sku).reserve({ orderId, quantity: line.quantity })),
  );
  const pricing = RestatePromise.allSettled(lines.map((line) => ctx.objectClient(Product, line.sku).get()));
  return RestatePromise.all([reserving, pricing]).map((answers, failure) => {
    if (failure || !answers) throw failure;
    return reservationsOf(answers[0], answers[1], lines);
  });
}

function reservationsOf(
  reserved: PromiseSettledResult<ReserveResult>[],
  products: PromiseSettledResult<ProductView>[],
  lines: readonly RequestedLine[],
): LineReservation[] {
  const answer = <T>(settled: PromiseSettledResult<T>, line: RequestedLine): T => {
    if (settled.status === "fulfilled") return settled.value;
    if (settled.reason instanceof TerminalError && settled.reason.code === 404) {
      throw new TerminalError(`items: unknown sku ${line.sku}`, { errorCode: 404 });
    }
    throw settled.reason;
  };
  return lines.map((line, i) => {
    const product = answer(products[i]!, line);
    const stock = answer(reserved[i]!, line);
    const { name, price, currency } = product;
    const status = decide(() => priceLine(product, stock.status, line.price));
    return {
      sku: line.sku,
      quantity: stock.quantity,
      available: stock.available,
      status,
      name,
      price,
      currency,
      expectedPrice: line.price,
    };
  });
}

/** The reservations become sales. */
export function commitLines(ctx: ObjectContext, orderId: string, skus: readonly string[]) {
  return RestatePromise.all(skus.map((sku) => ctx.objectClient(InventoryItem, sku).commit({ orderId })));
}

/** Compensation: releases reservations and queued backorders, and puts back anything already sold; idempotent per SKU. */
export async function undoStock(ctx: ObjectContext, orderId: string, skus: readonly string[]): Promise<void> {
  await RestatePromise.all(skus.map((sku) => ctx.objectClient(InventoryItem, sku).undoOrder({ orderId })));
}

export type BackorderWait = { kind: "served" } | { kind: "timeout" } | { kind: "interrupted"; reason: string };

/**
 * Waits, durably and for as long as the deadline allows, until every backordered SKU holds the
 * order's units (each item wakes the order when a restock serves it, first come first served).
 */
export async function awaitBackorders(
  ctx: ObjectContext,
  orderId: string,
  skus: readonly string[],
  deadline: number,
  interrupt: RestatePromise<Interrupt>,
): Promise<BackorderWait> {
  const allocations = skus.map((sku) => {
    const { id, promise } = ctx.awakeable<Allocation>();
    ctx.objectSendClient(InventoryItem, sku).awaitAllocation({ orderId, awakeableId: id });
    return promise;
  });
  const served = RestatePromise.all(allocations).map((_, failure) => {
    if (failure) throw failure;
    return { kind: "served" } as const;
  });
  const interrupted = interrupt.map((value) => ({ kind: "interrupted", reason: value?.reason ?? "cancelled" }) as const);
  try {
    return await RestatePromise.race([served, interrupted]).orTimeout(Math.max(0, deadline - (await ctx.date.now())));
  } catch (error) {
    if (error instanceof TimeoutError) return { kind: "timeout" };
    throw error;
  }
}
