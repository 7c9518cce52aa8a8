import { z } from "zod";
import { identifier } from "../../platform/domain/quantity.ts";

/** How an asynchronous payment (3-D Secure, bank debit) ended, as reported by the provider's webhook. */
export const SettlementOutcome = z.strictObject({
  paymentIntentId: identifier("paymentIntentId"),
  status: z.enum(["succeeded", "failed", "canceled"]),
  reason: z.string().max(500).optional(),
  eventId: z.string().min(1).max(255),
});
export type SettlementOutcome = z.infer<typeof SettlementOutcome>;

export const AwaitSettlementInput = z.strictObject({
  awakeableId: z.string().min(1),
  paymentIntentId: identifier("paymentIntentId"),
});
export type AwaitSettlementInput = z.infer<typeof AwaitSettlementInput>;

/** PaymentSettlement.get: the outcome so far, and whether an order is waiting for it. */
export const SettlementView = z.object({ outcome: SettlementOutcome.nullable(), waiting: z.boolean() });
export type SettlementView = z.infer<typeof SettlementView>;

/** Where a capture that the provider is still processing meets its webhook: apart from the authorization's. */
export const captureSettlementKey = (orderId: string) => `${orderId}:capture`;

/** The first outcome for the order's PaymentIntent wins; a later or foreign one changes nothing. */
export function acceptOutcome(
  current: SettlementOutcome | null,
  incoming: SettlementOutcome,
  expectedPaymentIntentId: string | null,
): boolean {
  if (current) return false;
  if (expectedPaymentIntentId !== null && expectedPaymentIntentId !== incoming.paymentIntentId) return false;
  return true;
}
