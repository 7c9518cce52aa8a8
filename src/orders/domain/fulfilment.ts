import { z } from "zod";
import { conflict } from "../../platform/domain/domain-errors.ts";
import { identifier } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";
import { markDelivered, markShipped } from "./order.ts";
import type { Order } from "./order-model.ts";
import { ORDER_STATUSES } from "./order-status.ts";

const MANUAL = ["shipped", "delivered"] as const;

/** An admin moves an order along by hand: a parcel handed over without a carrier scan, a delivery confirmed by phone. */
export const SetStatusInput = z.strictObject({
  status: z.enum(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(", ")}` }),
  trackingNumber: freeText("trackingNumber", 100)
    .regex(/^[A-Za-z0-9 -]+$/, "trackingNumber may contain letters, digits, spaces and '-'")
    .optional(),
  carrier: freeText("carrier", 100).optional(),
  by: identifier("by").describe("who made the change (an admin's id), for the order's log"),
});
export type SetStatusInput = z.infer<typeof SetStatusInput>;

/**
 * Shipped or delivered by hand, along the order's state machine (an illegal move is a 409); the log
 * says who did it. Other statuses have their own way there: cancel, refund, or the checkout itself.
 */
export function fulfilByHand(order: Order, input: SetStatusInput, now: number): Order {
  const status = input.status;
  if (!(MANUAL as readonly string[]).includes(status)) {
    throw conflict(`status: ${status} is not set by hand; only ${MANUAL.join(" and ")} are (cancel or refund the order instead)`);
  }
  if (order.status === status) return order;
  const shipment = {
    ...order.shipment,
    ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
    ...(input.carrier ? { carrier: input.carrier } : {}),
  };
  const parcel = [shipment.carrier, shipment.trackingNumber].filter(Boolean).join(" ");
  const detail = `by ${input.by}${parcel ? `: ${parcel}` : ""}`;
  const moved = { ...order, shipment };
  return status === "shipped" ? markShipped(moved, now, detail) : markDelivered(moved, now, detail);
}
