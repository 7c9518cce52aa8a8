import type { ObjectContext } from "@restatedev/restate-sdk";
import type { SmsSubscription } from "../../customers/sms-subscription.ts";
import type { Order } from "../domain/order-model.ts";

/** The shipped or delivered update by SMS too, one way: the customer's subscription decides whether to text. */
export function textCustomer(ctx: ObjectContext, order: Order, kind: "shipped" | "delivered"): void {
  if (!order.customerId || !order.orderNumber) return;
  ctx.objectSendClient<typeof SmsSubscription>({ name: "SmsSubscription" }, order.customerId).notify({
    kind,
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    ...(order.shipment.carrier ? { carrier: order.shipment.carrier } : {}),
    ...(order.shipment.trackingNumber ? { trackingNumber: order.shipment.trackingNumber } : {}),
  });
}
