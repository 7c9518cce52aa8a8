import { z } from "zod";
import { OrderNumber } from "./order-numbers.ts";
import { pageOf } from "./paged-list.ts";
import { identifier } from "./quantity.ts";

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
