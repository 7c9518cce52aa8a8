import { z } from "zod";
import { identifier } from "../../platform/domain/quantity.ts";

/**
 * What the shop tells other systems, as Standard Webhooks deliveries (docs/events.md): each event
 * has a unique id (the `webhook-id`), a type, when it happened, the subject it is about (an order,
 * a SKU, a purchase order) and a small payload. Events of one subject are delivered in order.
 */
export const EVENT_TYPES = [
  "OrderConfirmed",
  "OrderPlaced",
  "OrderShipped",
  "OrderDelivered",
  "OrderCancelled",
  "OrderFailed",
  "RefundRequested",
  "RefundProcessed",
  "RefundFailed",
  "LowStockAlert",
  "StockUpdated",
  "PurchaseOrderApproved",
  "PurchaseOrderReceived",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The names the shop's specifications give these events, dotted and lower-case. A subscriber may
 * name either; deliveries keep the shop's own type (docs/events.md has the table). Several names
 * may lead to one event: an order is created, its stock reserved and its payment authorized in the
 * one step that OrderConfirmed reports.
 */
export const SPECIFICATION_NAMES = {
  "order.created": "OrderConfirmed",
  "inventory.reserved": "OrderConfirmed",
  "payment.authorized": "OrderConfirmed",
  "order.placed": "OrderPlaced",
  "payment.processed": "OrderPlaced",
  "order.shipped": "OrderShipped",
  "order.delivered": "OrderDelivered",
  "order.cancelled": "OrderCancelled",
  "order.failed": "OrderFailed",
  "refund.requested": "RefundRequested",
  "refund.processed": "RefundProcessed",
  "refund.failed": "RefundFailed",
  "inventory.low_stock": "LowStockAlert",
  "inventory.updated": "StockUpdated",
  "purchase_order.approved": "PurchaseOrderApproved",
  "purchase_order.received": "PurchaseOrderReceived",
} as const satisfies Record<string, EventType>;
type SpecificationName = keyof typeof SPECIFICATION_NAMES;
const SPEC_NAMES = Object.keys(SPECIFICATION_NAMES) as SpecificationName[];

export const DomainEvent = z.object({
  id: z.string().describe("unique per event; the webhook-id of its deliveries"),
  type: z.enum(EVENT_TYPES),
  occurredAt: z.number().int(),
  subject: z.string().describe("the order, SKU or purchase order the event is about"),
  data: z.record(z.string(), z.unknown()),
});
export type DomainEvent = z.infer<typeof DomainEvent>;

const httpUrl = z.url({ protocol: /^https?$/, message: "url must be an http(s) URL" }).max(2_000, "url must be at most 2000 characters");

export const SubscriptionInput = z.strictObject({
  url: httpUrl,
  events: z
    .array(
      z.enum([...EVENT_TYPES, ...SPEC_NAMES, "*"], {
        message: `events must name event types (${EVENT_TYPES.join(", ")}), their specification names (${SPEC_NAMES.join(", ")}) or "*"`,
      }),
    )
    .min(1, "events must name at least one event type")
    .max(EVENT_TYPES.length + SPEC_NAMES.length + 1),
});
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

export const Subscription = SubscriptionInput.extend({
  id: z.string(),
  createdAt: z.number().int(),
  /** Set when the subscriber answered 410 Gone, or an admin removed it: nothing more is sent. */
  disabled: z.object({ at: z.number().int(), reason: z.string() }).optional(),
  deliveries: z.object({
    succeeded: z.number().int(),
    failed: z.number().int().describe("deliveries that gave up"),
    pending: z.number().int(),
    lastAttempt: z
      .object({
        eventId: z.string(),
        type: z.string(),
        attempt: z.number().int(),
        status: z.number().int().describe("HTTP status; 0 when no answer came"),
        at: z.number().int(),
      })
      .optional(),
  }),
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionId = identifier("id");

export const wants = (subscription: Subscription, type: EventType) =>
  !subscription.disabled &&
  subscription.events.some((name) => name === "*" || name === type || SPECIFICATION_NAMES[name as SpecificationName] === type);

/** One attempt's outcome, journaled: the delivery log and the next step follow from it. */
export type AttemptOutcome = "delivered" | "gone" | "retry";

export function attemptOutcome(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 410) return "gone";
  return "retry";
}

/**
 * Retries with exponential backoff (×3 per attempt, at most 12 h apart) until `maxAttempts`; with the
 * defaults — 5 s first, 14 attempts — the last one comes about three and a half days after the first.
 */
export function retryDelayMs(attempt: number, initialMs: number): number {
  return Math.min(initialMs * 3 ** (attempt - 1), 12 * 3_600_000);
}
