import type { AuthorizeRequest, EmailMessage, EmailReceipt, PaymentAuthorization, ShippingLabel } from "../src/providers/types.ts";
import { mockId, nowIso } from "./behaviour.ts";
import type { Ledger } from "./ledger.ts";
import type { MockWebhookSender } from "./webhook-sender.ts";

/** When the mocks let the world move on by itself: async payments settle, parcels travel, mail arrives. */
export interface MockSchedule {
  asyncPaymentDelayMs: number;
  shippingStepMs: number;
  emailEventDelayMs: number;
}

/** What happens after a mock call, as provider callbacks: what a learner sees without any account. */
export interface MockProviderEvents {
  paymentPending(authorization: PaymentAuthorization, request: AuthorizeRequest): Promise<void>;
  labelBought(label: ShippingLabel, orderId: string): Promise<void>;
  emailSent(message: EmailMessage, receipt: EmailReceipt): Promise<void>;
}

export function webhookEvents(sender: MockWebhookSender, ledger: Ledger, schedule: MockSchedule): MockProviderEvents {
  return {
    async paymentPending(authorization, request) {
      if (request.paymentMethod === "pm_card_async_never") return;
      const failed = request.paymentMethod === "pm_card_async_fail";
      const type = failed ? "payment_intent.payment_failed" : "payment_intent.amount_capturable_updated";
      await sender.stripe(
        {
          id: mockId("evt", `${authorization.paymentIntentId}:${type}`),
          object: "event",
          type,
          data: {
            object: {
              id: authorization.paymentIntentId,
              object: "payment_intent",
              status: failed ? "requires_payment_method" : "requires_capture",
              amount: authorization.amount,
              amount_capturable: failed ? 0 : authorization.amount,
              currency: authorization.currency.toLowerCase(),
              metadata: { orderId: request.orderId },
              ...(failed
                ? { last_payment_error: { code: "card_declined", message: "The bank declined the 3-D Secure authentication." } }
                : {}),
            },
          },
        },
        schedule.asyncPaymentDelayMs,
      );
    },

    async labelBought(label, orderId) {
      const stages = [
        { status: "TRANSIT", details: "Picked up by the carrier", delay: schedule.shippingStepMs },
        { status: "DELIVERED", details: "Delivered to the front door", delay: 2 * schedule.shippingStepMs },
      ];
      for (const stage of stages) {
        const at = new Date(Date.now() + stage.delay).toISOString();
        ledger.transact((tx) => {
          const known = tx.find({ op: "tracking", key: label.trackingNumber }).some((e) => e.status === stage.status);
          if (!known)
            tx.append({
              provider: "shipping",
              op: "tracking",
              key: label.trackingNumber,
              at,
              orderId,
              status: stage.status,
              details: stage.details,
            });
        });
        await sender.shippo(
          {
            event: "track_updated",
            test: true,
            data: {
              carrier: label.carrier.toLowerCase(),
              tracking_number: label.trackingNumber,
              metadata: `order:${orderId}`,
              tracking_status: {
                object_id: mockId("trk", `${label.trackingNumber}:${stage.status}`),
                status: stage.status,
                status_details: stage.details,
                status_date: at,
              },
              tracking_history: [],
            },
          },
          stage.delay,
        );
      }
    },

    async emailSent(message, receipt) {
      if (!message.orderId) return;
      await sender.sendgrid(
        [
          {
            email: message.to,
            event: "delivered",
            timestamp: Math.floor(Date.now() / 1000),
            sg_event_id: mockId("sge", `${receipt.messageId}:delivered`),
            sg_message_id: receipt.messageId,
            orderId: message.orderId,
            dedupKey: message.dedupKey,
            kind: message.kind,
            at: nowIso(),
          },
        ],
        schedule.emailEventDelayMs,
      );
    },
  };
}
