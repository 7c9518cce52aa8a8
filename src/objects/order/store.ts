import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import type { Order } from "../../domain/order.ts";

const ORDER = "order";

export const loadOrder = (ctx: ObjectSharedContext) => ctx.get<Order>(ORDER);

export function saveOrder(ctx: ObjectContext, order: Order): Order {
  ctx.set(ORDER, order);
  return order;
}
