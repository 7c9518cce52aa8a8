import { type ObjectContext, RestatePromise, TerminalError, TimeoutError } from "@restatedev/restate-sdk";
import type { ReserveResult } from "../../inventory/domain/inventory.ts";
import { type Allocation, InventoryItem } from "../../inventory/inventory-item.ts";
import type { LineReservation, RequestedLine } from "../domain/order.ts";
import type { Interrupt } from "./interrupt.ts";

/**
 * Reserves every line in parallel: one call per SKU (lines of one SKU were merged), each answering
 * with the catalog data the order is priced from. An unknown SKU is the caller's mistake (404).
 */
export function reserveLines(ctx: ObjectContext, orderId: string, lines: readonly RequestedLine[]): RestatePromise<LineReservation[]> {
  const reserving = RestatePromise.allSettled(
    lines.map((line) =>
      ctx.objectClient(InventoryItem, line.sku).reserve({
        orderId,
        quantity: line.quantity,
        ...(line.price === undefined ? {} : { expectedPrice: line.price }),
      }),
    ),
  );
  return reserving.map((answers, failure) => {
    if (failure || !answers) throw failure;
    return reservationsOf(answers, lines);
  });
}

function reservationsOf(answers: PromiseSettledResult<ReserveResult>[], lines: readonly RequestedLine[]): LineReservation[] {
  return answers.map((answer, i) => {
    const line = lines[i]!;
    if (answer.status === "fulfilled") return { ...answer.value, expectedPrice: line.price };
    if (answer.reason instanceof TerminalError && answer.reason.code === 404) {
      throw new TerminalError(`items: unknown sku ${line.sku}`, { errorCode: 404 });
    }
    throw answer.reason;
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
