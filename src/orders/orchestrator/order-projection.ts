import { type ObjectContext, TerminalError } from "@restatedev/restate-sdk";
import { projectIfChanged } from "../../platform/restate/project.ts";
import type { Runtime } from "../../providers/runtime.ts";
import { orderRow, ordersTable } from "../order-row.ts";
import type { OrderSettings } from "../order-settings.ts";
import { OrderInvocation } from "./order-store.ts";

/**
 * Projects the order if its row changed since the handler read it (or since the last call). The
 * checkout saves the order many times; it projects only here: before a durable wait, and at the end.
 */
export async function projectOrder(invocation: OrderInvocation): Promise<void> {
  const changes = invocation.changes();
  if (!changes?.saved) return;
  const row = orderRow(changes.saved);
  const before = invocation.projectedRow ?? (changes.first ? orderRow(changes.first) : null);
  await projectIfChanged(invocation.ctx, ordersTable, before, row);
  invocation.projectedRow = row;
}

/**
 * Wraps an exclusive order handler: it gets an invocation of its own, and whatever it changed is
 * projected once it ends — with its answer or with a TerminalError (a failed checkout is a failed
 * order). A transient error projects nothing: the attempt is retried from its journal.
 */
export function projected<I, O>(rt: Runtime<OrderSettings>, handler: (invocation: OrderInvocation, input: I) => Promise<O>) {
  return async (ctx: ObjectContext, input: I): Promise<O> => {
    const invocation = new OrderInvocation(ctx, rt);
    try {
      const result = await handler(invocation, input);
      await projectOrder(invocation);
      return result;
    } catch (error) {
      if (error instanceof TerminalError) await projectOrder(invocation);
      throw error;
    }
  };
}
