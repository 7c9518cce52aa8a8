import { TerminalError, type ObjectContext } from "@restatedev/restate-sdk";
import { orderRow, type OrderRow } from "../../query/rows.ts";
import { projectIfChanged } from "../projection.ts";
import { loadOrder } from "./store.ts";

/** Per invocation: the order's row as it was last projected (or found), what "changed" is measured against. */
const lastRow = new WeakMap<ObjectContext, OrderRow | null>();

/**
 * Projects the order if its row changed since the handler started (or since the last call). The
 * checkout saves the order many times; it projects only here: before a durable wait, and at the end.
 */
export async function projectOrder(ctx: ObjectContext): Promise<void> {
  const order = await loadOrder(ctx);
  if (!order) return;
  const row = orderRow(order);
  await projectIfChanged(ctx, "order", lastRow.get(ctx) ?? null, row);
  lastRow.set(ctx, row);
}

/**
 * Wraps an exclusive order handler: whatever it changed is projected once it ends — with its answer
 * or with a TerminalError (a failed checkout is a failed order). A transient error projects nothing:
 * the attempt is retried from its journal.
 */
export function projected<I, O>(handler: (ctx: ObjectContext, input: I) => Promise<O>) {
  return async (ctx: ObjectContext, input: I): Promise<O> => {
    const before = await loadOrder(ctx);
    lastRow.set(ctx, before ? orderRow(before) : null);
    try {
      const result = await handler(ctx, input);
      await projectOrder(ctx);
      return result;
    } catch (error) {
      if (error instanceof TerminalError) await projectOrder(ctx);
      throw error;
    }
  };
}
