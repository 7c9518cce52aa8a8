import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import type { Runtime } from "../../providers/runtime.ts";
import type { Order } from "../domain/order.ts";
import type { OrderRow } from "../order-row.ts";
import type { OrderSettings } from "../order-settings.ts";

const ORDER = "order";

/** The order as stored, for a shared handler (a read changes nothing, so nothing is tracked). */
export const readOrder = (ctx: ObjectSharedContext): Promise<Order | null> => ctx.get<Order>(ORDER);

/**
 * One invocation of an exclusive order handler: its context, the endpoint's runtime, and the order
 * as this invocation first read it and last saved it (the projection compares the two without
 * another state read). Made when the invocation starts and passed along; the saga's Checkout holds
 * its own. Nothing in it outlives the invocation.
 */
export class OrderInvocation {
  readonly ctx: ObjectContext;
  readonly rt: Runtime<OrderSettings>;
  /** undefined until the order is first read or saved; null when there was none. */
  private first: Order | null | undefined;
  private saved: Order | undefined;
  /** The order's row as this invocation last projected it (order-projection.ts). */
  projectedRow: OrderRow | undefined;

  constructor(ctx: ObjectContext, rt: Runtime<OrderSettings>) {
    this.ctx = ctx;
    this.rt = rt;
  }

  async load(): Promise<Order | null> {
    const order = await readOrder(this.ctx);
    if (this.first === undefined) this.first = order;
    return order;
  }

  save(order: Order): Order {
    this.ctx.set(ORDER, order);
    if (this.first === undefined) this.first = null;
    this.saved = order;
    return order;
  }

  /** What this invocation read first and saved last; undefined when it touched no order. */
  changes(): { first: Order | null; saved?: Order } | undefined {
    if (this.first === undefined) return undefined;
    return this.saved ? { first: this.first, saved: this.saved } : { first: this.first };
  }
}
