import type { ALERT_KINDS } from "../../alerts/domain/operator-alerts.ts";
import type { EmailEvent, LabelEvent, PaymentEvent, TrackingEvent } from "../../providers/webhooks/domain/webhook-events.ts";
import { markDelivered, markShipped, type NotificationRecord, type Order, record } from "./order.ts";
import { orderName } from "./order-model.ts";
import { canMoveOrder, canMoveTracking } from "./order-status.ts";

export interface Reaction {
  order: Order;
  alerts: Array<{ kind: (typeof ALERT_KINDS)[number]; message: string }>;
  /** Customer emails this change calls for. */
  emails: Array<"shipped" | "delivered">;
}

const none = (order: Order): Reaction => ({ order, alerts: [], emails: [] });

/**
 * Payment webhooks inform the order; they never undo it. The saga owns authorization and capture
 * (settlement reaches it through PaymentSettlement), so here they are logged, and the ones that
 * need a person — a dispute, a failed refund, a charge cancelled behind our back — raise an alert.
 */
export function applyPaymentEvent(order: Order, event: PaymentEvent, now: number): Reaction {
  const ours = order.payment.paymentIntentId === undefined || order.payment.paymentIntentId === event.paymentIntentId;
  if (!ours) {
    return none(record(order, now, "webhook_ignored", `${event.type} for ${event.paymentIntentId}, not this order's payment`));
  }
  const logged = record(order, now, `webhook_${event.type}`, event.reason ?? event.paymentIntentId);
  switch (event.type) {
    case "dispute_opened":
      return {
        order: logged,
        alerts: [
          {
            kind: "dispute_opened",
            message: `dispute opened on order ${orderName(order)} (${event.paymentIntentId})${event.reason ? `: ${event.reason}` : ""}`,
          },
        ],
        emails: [],
      };
    case "refund_failed":
      return {
        order: logged,
        alerts: [
          {
            kind: "refund_failed",
            message: `a refund of order ${orderName(order)} failed at the provider${event.reason ? `: ${event.reason}` : ""}`,
          },
        ],
        emails: [],
      };
    case "payment_canceled":
      if (order.paymentStatus === "authorized" && order.status !== "failed" && order.status !== "cancelled") {
        return {
          order: logged,
          alerts: [
            {
              kind: "capture_failed",
              message: `the authorization of order ${orderName(order)} was cancelled at the provider before capture`,
            },
          ],
          emails: [],
        };
      }
      return none(logged);
    case "payment_failed":
      if (order.paymentStatus !== "pending") {
        return none(record(order, now, "webhook_ignored", `late payment_failed; the payment is already ${order.paymentStatus}`));
      }
      return none(logged);
    default:
      return none(logged);
  }
}

/** When the carrier reported the order's current tracking status, if a callback said so. */
function currentSince(order: Order): number | undefined {
  const status = order.shipment.trackingStatus;
  const reported = order.shipment.trackingHistory.filter((h) => h.status === status).at(-1);
  const at = reported ? Date.parse(reported.at) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/**
 * Tracking only moves forward (canMoveTracking), and an update dated before the one that set the
 * current status never moves it: a late TRANSIT after DELIVERED, or a RETURNED after DELIVERED, is
 * history, not a new state.
 */
export function applyTracking(order: Order, event: TrackingEvent, now: number): Reaction {
  const history = order.shipment.trackingHistory;
  if (history.some((h) => h.status === event.status && h.at === event.at)) return none(order);
  // A voided label ships nothing: whatever the carrier still reports about it is not this order's news.
  if (order.shipment.labelVoidedAt !== undefined) {
    return none(record(order, now, "tracking_ignored", `${event.status} for voided label ${event.trackingNumber}`));
  }
  const logged: Order = {
    ...order,
    shipment: { ...order.shipment, trackingHistory: [...history, { status: event.status, details: event.details, at: event.at }] },
  };
  const current = order.shipment.trackingStatus;
  const since = currentSince(order);
  const stale = since !== undefined && Date.parse(event.at) < since;
  if (stale || !canMoveTracking(current, event.status)) {
    return none(
      record(logged, now, "webhook_ignored", `tracking ${event.status} after ${current ?? "none"}: the status stays ${current ?? "unset"}`),
    );
  }
  const next: Order = { ...logged, shipment: { ...logged.shipment, trackingStatus: event.status } };
  const ended = next.status === "cancelled" || next.status === "failed";
  const alerts: Reaction["alerts"] = [];
  if (ended && (event.status === "TRANSIT" || event.status === "DELIVERED")) {
    alerts.push({
      kind: "shipping_exception",
      message: `the parcel of ${next.status} order ${orderName(order)} reports ${event.status}: its label was never voided; stop or recover it with ${event.carrier}`,
    });
  }
  switch (event.status) {
    case "TRANSIT":
      if (!canMoveOrder(next.status, "shipped")) break;
      return { order: markShipped(next, now, `${event.carrier} ${event.trackingNumber}: ${event.details}`), alerts, emails: ["shipped"] };
    case "DELIVERED": {
      // A cancelled order's parcel may still arrive: it is history, not news for the customer.
      const detail = event.details || event.trackingNumber;
      const order = canMoveOrder(next.status, "delivered") ? markDelivered(next, now, detail) : record(next, now, "delivered", detail);
      return { order, alerts, emails: ended ? [] : ["delivered"] };
    }
    case "FAILURE":
    case "RETURNED":
      return {
        order: record(next, now, "shipping_exception", `${event.status}: ${event.details}`),
        alerts: [
          ...alerts,
          { kind: "shipping_exception", message: `shipment of order ${orderName(order)} reports ${event.status}: ${event.details}` },
        ],
        emails: [],
      };
  }
  return { order: record(next, now, "tracking_updated", `${event.status}: ${event.details}`), alerts, emails: [] };
}

export function applyLabelEvent(order: Order, event: LabelEvent, now: number): Reaction {
  return none(record(order, now, "label_status", `${event.labelId}: ${event.status}`));
}

const EMAIL_STATUS: Partial<Record<EmailEvent["event"], NotificationRecord["status"]>> = {
  delivered: "delivered",
  bounce: "bounced",
  dropped: "dropped",
  spamreport: "spam_report",
};

/** Delivery reports join the order's notification log; opens, clicks and the like are not kept. */
export function applyEmailEvent(order: Order, event: EmailEvent, now: number): Reaction {
  const status = EMAIL_STATUS[event.event];
  if (!status) return none(order);
  const sent = order.notifications.find(
    (n) => (event.dedupKey && n.dedupKey === event.dedupKey) || (event.messageId && n.messageId === event.messageId),
  );
  const entry: NotificationRecord = {
    kind: sent?.kind ?? "unknown",
    dedupKey: event.dedupKey ?? sent?.dedupKey ?? "",
    status,
    at: event.at,
    ...(event.messageId ? { messageId: event.messageId } : {}),
    ...(event.reason ? { detail: event.reason } : {}),
  };
  const next = { ...order, notifications: [...order.notifications, entry] };
  return none(record(next, now, `email_${status}`, `${entry.kind}${event.reason ? `: ${event.reason}` : ""}`));
}
