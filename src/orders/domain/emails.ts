import { escapeHtml } from "../../platform/domain/email-text.ts";
import { formatMoney } from "../../platform/domain/money.ts";
import type { EmailKind, EmailMessage } from "../../providers/types.ts";
import type { Order } from "./order.ts";
import { orderName } from "./order-model.ts";

function compose(order: Order, kind: EmailKind, subject: string, paragraphs: string[], dedupSuffix: string = kind): EmailMessage {
  const money = (amount: number) => formatMoney({ amount, currency: order.currency });
  const lines = order.items.map((i) => `${i.quantity} × ${i.name} (${i.sku}) — ${money(i.lineTotal)}`);
  const totals = [
    `Subtotal: ${money(order.subtotal)}`,
    ...(order.discount > 0 ? [`Discount${order.coupon ? ` (${order.coupon.code})` : ""}: −${money(order.discount)}`] : []),
    `Shipping: ${money(order.shippingCost)}`,
    `Tax${order.taxJurisdiction !== "none" ? ` (${order.taxJurisdiction})` : ""}: ${money(order.tax)}`,
    `Total: ${money(order.total)}`,
  ];
  const text = [`Hello ${order.customer.name},`, "", ...paragraphs, "", ...lines, "", ...totals, "", `Order ${order.orderId}`].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(order.customer.name)},</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`,
    `<p>${totals.map(escapeHtml).join("<br>")}</p>`,
    `<p>Order ${escapeHtml(order.orderId)}</p>`,
  ].join("\n");
  return {
    kind,
    to: order.customer.email,
    subject,
    text,
    html,
    orderId: order.orderId,
    dedupKey: `${order.orderId}:${dedupSuffix}`,
    templateData: {
      orderId: order.orderId,
      customerName: order.customer.name,
      subtotal: formatMoney({ amount: order.subtotal, currency: order.currency }),
      discount: formatMoney({ amount: order.discount, currency: order.currency }),
      shipping: formatMoney({ amount: order.shippingCost, currency: order.currency }),
      tax: formatMoney({ amount: order.tax, currency: order.currency }),
      total: formatMoney({ amount: order.total, currency: order.currency }),
      trackingNumber: order.shipment.trackingNumber ?? "",
      carrier: order.shipment.carrier ?? "",
    },
  };
}

/** `orderLink`: a guest's order has no account, so its confirmation carries the link that opens it. */
export const confirmationEmail = (order: Order, orderLink?: string) =>
  compose(order, "order_confirmation", `Your order ${orderName(order)} is confirmed`, [
    `Thank you for your order. We charged ${formatMoney({ amount: order.payment.amountCaptured || order.total, currency: order.currency })}.`,
    order.shipment.trackingNumber
      ? `It ships with ${order.shipment.carrier}; tracking number ${order.shipment.trackingNumber}.`
      : "We will send the tracking number when it ships.",
    ...(orderLink ? [`Follow your order here: ${orderLink}`] : []),
  ]);

export const shippedEmail = (order: Order) =>
  compose(order, "shipping_notification", `Your order ${orderName(order)} is on its way`, [
    `Your parcel is with ${order.shipment.carrier ?? "the carrier"}; tracking number ${order.shipment.trackingNumber ?? "pending"}.`,
  ]);

export const deliveredEmail = (order: Order) =>
  compose(order, "delivery_notification", `Your order ${orderName(order)} was delivered`, [
    "Your parcel was delivered. We hope you enjoy it.",
  ]);

export const cancellationEmail = (order: Order) =>
  compose(order, "cancellation", `Your order ${orderName(order)} was cancelled`, [
    `Your order was cancelled${order.cancelReason ? ` (${order.cancelReason})` : ""}.`,
    order.payment.amountRefunded > 0
      ? `We refunded ${formatMoney({ amount: order.payment.amountRefunded, currency: order.currency })}.`
      : "The hold on your card was released; you were not charged.",
  ]);

export const refundEmail = (order: Order, n: number, amount: number) =>
  compose(
    order,
    "refund",
    `A refund for order ${orderName(order)}`,
    [`We refunded ${formatMoney({ amount, currency: order.currency })} to your original payment method.`],
    `refund:${n}`,
  );

export const orderFailedEmail = (order: Order) =>
  compose(order, "order_failed", `We could not complete order ${orderName(order)}`, [
    `We are sorry: ${order.failureReason ?? "the order could not be completed"}.`,
    order.payment.amountRefunded > 0
      ? `We refunded ${formatMoney({ amount: order.payment.amountRefunded, currency: order.currency })}.`
      : "You were not charged; any hold on your card was released.",
  ]);
