import { type ObjectContext, TerminalError } from "@restatedev/restate-sdk";
import { projectIfChanged } from "../../platform/restate/project.ts";
import { type OrderRow, orderRow, ordersTable } from "../order-row.ts";
import { orderChanges } from "./order-store.ts";

/** Per invocation: the order's row as last projected. */
const projectedRow = new WeakMap<ObjectContext, OrderRow>();

/**
 * Projects the order if its row changed since the handler read it (or since the last call). The
 * checkout saves the order many times; it projects only here: before a durable wait, and at the end.
 */
export async function projectOrder(ctx: ObjectContext): Promise<void> {
  const changes = orderChanges(ctx);
  if (!changes?.saved) return;
  const row = orderRow(changes.saved);
  const before = projectedRow.get(ctx) ?? (changes.first ? orderRow(changes.first) : null);
  await projectIfChanged(ctx, ordersTable, before, row);
  projectedRow.set(ctx, row);
}

/**
 * Wraps an exclusive order handler: whatever it changed is projected once it ends — with its answer
 * or with a TerminalError (a failed checkout is a failed order). A transient error projects nothing:
 * the attempt is retried from its journal.
 */
export function projected<I, O>(handler: (ctx: ObjectContext, input: I) => Promise<O>) {
  return async (ctx: ObjectContext, input: I): Promise<O> => {
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
