import type { Context } from "hono";
import type { Order } from "../orders/domain/order-model.ts";
import { OrderNumbersApi, OrderOrchestratorApi } from "../orders/orders-ingress.ts";
import { ApiError, notFound } from "./api-errors.ts";
import type { Principal } from "./auth/tokens.ts";
import type { ApiEnv } from "./context.ts";
import { call } from "./restate-client.ts";

export interface FoundOrder {
  orderId: string;
  order: Order;
}

/**
 * The order behind a number. With an owner, another customer's order answers exactly like a number
 * never handed out (404), so nobody learns which numbers belong to someone else.
 */
export async function findOrder(c: Context<ApiEnv>, orderNumber: string, owner?: Principal): Promise<FoundOrder> {
  const restate = c.var.deps.restate;
  const hidden = () => notFound(`order ${orderNumber} not found`);
  try {
    const { orderId } = await call(() => restate.object(OrderNumbersApi, orderNumber).resolve());
    const order = await call(() => restate.object(OrderOrchestratorApi, orderId).getOrder());
    if (owner && order.customerId !== owner.customerId) throw hidden();
    return { orderId, order };
  } catch (error) {
    // The number exists but its order is not recorded yet (its checkout began this instant): not found yet.
    if (error instanceof ApiError && error.status === 404) throw hidden();
    throw error;
  }
}

/** The order again after a change, as the answer to the change. */
export const reread = (c: Context<ApiEnv>, orderId: string): Promise<Order> =>
  call(() => c.var.deps.restate.object(OrderOrchestratorApi, orderId).getOrder());
