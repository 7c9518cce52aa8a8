import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import type { Order } from "../domain/order.ts";

const ORDER = "order";

/** Per invocation: the order as the handler first read it, and as it last saved it (for the projection). */
const seen = new WeakMap<object, { first: Order | null; saved?: Order }>();

export async function loadOrder(ctx: ObjectSharedContext): Promise<Order | null> {
  const order = await ctx.get<Order>(ORDER);
  if (!seen.has(ctx)) seen.set(ctx, { first: order });
  return order;
}

export function saveOrder(ctx: ObjectContext, order: Order): Order {
  ctx.set(ORDER, order);
  const entry = seen.get(ctx);
  if (entry) entry.saved = order;
  else seen.set(ctx, { first: null, saved: order });
  return order;
}

/** What this invocation read first and saved last, without another state read. */
export const orderChanges = (ctx: ObjectContext) => seen.get(ctx);
