import { z } from "zod";
import { conflict } from "../../platform/domain/domain-errors.ts";
import { pageOf } from "../../platform/domain/paged-list.ts";
import { identifier } from "../../platform/domain/quantity.ts";
import { OrderNumber } from "./order-numbers.ts";

export const CustomerOrderEntry = z.object({
  orderNumber: z.string(),
  orderId: z.string(),
  cartId: z.string().optional(),
  /** When the checkout began (ms since the epoch). */
  createdAt: z.number().int(),
});
export type CustomerOrderEntry = z.infer<typeof CustomerOrderEntry>;

export const RecordOrderInput = z.strictObject({
  orderNumber: OrderNumber,
  orderId: identifier("orderId"),
  cartId: identifier("cartId").optional(),
  createdAt: z.number().int().min(0),
});
export type RecordOrderInput = z.infer<typeof RecordOrderInput>;

export const CustomerOrderPage = pageOf(CustomerOrderEntry);

/** An order of the customer's that holds stock while it waits for an asynchronous payment. */
export const HeldOrder = z.object({ orderId: z.string(), orderNumber: z.string() });
export type HeldOrder = z.infer<typeof HeldOrder>;

/** The order tells its customer's list when it starts and stops waiting for its payment. */
export const PaymentAwaitedInput = z.strictObject({
  orderId: identifier("orderId"),
  orderNumber: z.string().min(1).max(100),
  awaiting: z.boolean(),
});
export type PaymentAwaitedInput = z.infer<typeof PaymentAwaitedInput>;

export const HeldOrders = z.object({ orders: z.array(HeldOrder) });

/** The list after one order started or stopped waiting; the same message twice changes nothing. */
export function withPaymentAwaited(held: readonly HeldOrder[], input: PaymentAwaitedInput): HeldOrder[] {
  const others = held.filter((o) => o.orderId !== input.orderId);
  return input.awaiting ? [...others, { orderId: input.orderId, orderNumber: input.orderNumber }] : others;
}

/**
 * A customer may have only so many orders holding stock while their payment is pending: the next
 * checkout is refused before it reserves anything, so one account cannot hold a product's stock.
 */
export function assertMayHoldMore(held: readonly HeldOrder[], max: number): void {
  if (held.length >= max) {
    throw conflict(
      `you have ${held.length} order${held.length === 1 ? "" : "s"} waiting for payment (${held.map((o) => o.orderNumber).join(", ")}); complete or cancel ${held.length === 1 ? "it" : "one"} before placing another`,
    );
  }
}
