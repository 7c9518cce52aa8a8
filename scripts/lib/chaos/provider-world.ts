import { randomBytes } from "node:crypto";
import { fileLedger, memoryLedger } from "../../../mocks/ledger.ts";
import { type MockProviderEvents, webhookEvents } from "../../../mocks/provider-events.ts";
import { mockWebhookKeys } from "../../../mocks/webhook-keys.ts";
import { MockWebhookSender } from "../../../mocks/webhook-sender.ts";
import type { AuthorizeRequest, PaymentAuthorization, ShippingLabel } from "../../../src/providers/types.ts";

export interface WorldSchedule {
  asyncPaymentDelayMs: number;
  shippingStepMs: number;
}

/**
 * The payment provider and the carrier as the chaos run sees them: outside the killed processes,
 * they send their signed callbacks through the ingress whatever happens to our endpoints (the
 * endpoints run with MOCK_WEBHOOKS=false, so a callback is never lost with a killed process).
 * A callback that may not have been queued is sent again: a real provider's redelivery.
 */
export interface ProviderWorld {
  /** Waits until the order's authorization is pending at the provider; undefined if `until` settles first. */
  pendingAuthorization(orderId: string, until: Promise<unknown>): Promise<PaymentAuthorization | undefined>;
  /** The provider settles a pending payment by webhook, `copies` times (duplicates). */
  settle(authorization: PaymentAuthorization, orderId: string, paymentMethod: string, copies: number): Promise<void>;
  /** The carrier reports TRANSIT, then DELIVERED, each `copies` times. */
  ship(label: ShippingLabel, orderId: string, copies: number): Promise<void>;
  /** Callbacks handed to the ingress, duplicates and redeliveries included. */
  readonly sent: number;
}

/**
 * The mock-webhook secret of this run: the driver signs the providers' callbacks with credentials
 * derived from it, and the endpoints it starts verify with the same (their MOCK_WEBHOOK_SECRET).
 */
export const WORLD_MOCK_WEBHOOK_SECRET = randomBytes(32).toString("base64url");

export function providerWorld(ingressUrl: string, ledgerFile: string, schedule: WorldSchedule): ProviderWorld {
  const keys = mockWebhookKeys(WORLD_MOCK_WEBHOOK_SECRET);
  const ledger = fileLedger(ledgerFile);
  // The mocks' own callback builders, fed a scratch ledger: their tracking notes are not provider calls.
  const scratch = memoryLedger();
  const events = (delays: Partial<WorldSchedule>): MockProviderEvents =>
    webhookEvents(new MockWebhookSender(ingressUrl, keys), scratch, { ...schedule, emailEventDelayMs: 0, ...delays });
  let sent = 0;

  const deliver = async (callbacks: number, send: () => Promise<void>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        sent += callbacks;
        return;
      } catch (error) {
        if (attempt >= 600) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  return {
    get sent() {
      return sent;
    },
    async pendingAuthorization(orderId, until) {
      let done = false;
      void until.finally(() => (done = true));
      for (;;) {
        const entry = ledger.find({ op: "authorize", orderId }).find((e) => e.outcome === "pending");
        if (entry) return entry.authorization as PaymentAuthorization;
        if (done) return undefined;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async settle(authorization, orderId, paymentMethod, copies) {
      const request = { orderId, paymentMethod } as AuthorizeRequest;
      // The first copy comes after the provider's delay, the duplicates at once: early and late copies race.
      await Promise.all(
        Array.from({ length: copies }, (_, i) =>
          deliver(1, () => events(i === 0 ? {} : { asyncPaymentDelayMs: 0 }).paymentPending(authorization, request)),
        ),
      );
    },
    async ship(label, orderId, copies) {
      await Promise.all(Array.from({ length: copies }, () => deliver(2, () => events({}).labelBought(label, orderId))));
    },
  };
}
