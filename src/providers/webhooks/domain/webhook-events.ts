import { z } from "zod";
import { invalid } from "../../../platform/domain/domain-errors.ts";

/** A provider callback, reduced to what the order flow needs. Pure parsing: no I/O, no Restate. */
export const PaymentEvent = z.object({
  kind: z.literal("payment"),
  /** Deduplication id: the provider's event id. */
  eventId: z.string().min(1),
  type: z.enum([
    "payment_authorized",
    "payment_succeeded",
    "payment_failed",
    "payment_canceled",
    "charge_refunded",
    "refund_failed",
    "dispute_opened",
  ]),
  paymentIntentId: z.string().min(1),
  orderId: z.string().optional(),
  amount: z.number().int().optional(),
  reason: z.string().optional(),
});
export type PaymentEvent = z.infer<typeof PaymentEvent>;
export type PaymentEventType = PaymentEvent["type"];

export const TrackingEvent = z.object({
  kind: z.literal("tracking"),
  eventId: z.string().min(1),
  trackingNumber: z.string().min(1),
  carrier: z.string(),
  status: z.string().min(1),
  details: z.string(),
  at: z.string(),
  orderId: z.string().optional(),
});
export type TrackingEvent = z.infer<typeof TrackingEvent>;

export const LabelEvent = z.object({
  kind: z.literal("label"),
  eventId: z.string().min(1),
  labelId: z.string().min(1),
  status: z.string().min(1),
  trackingNumber: z.string().optional(),
  orderId: z.string().optional(),
});
export type LabelEvent = z.infer<typeof LabelEvent>;

export const EmailEvent = z.object({
  kind: z.literal("email"),
  eventId: z.string().min(1),
  event: z.enum(["delivered", "bounce", "dropped", "spamreport", "deferred", "processed", "open", "click"]),
  messageId: z.string().optional(),
  dedupKey: z.string().optional(),
  orderId: z.string().optional(),
  at: z.number(),
  reason: z.string().optional(),
});
export type EmailEvent = z.infer<typeof EmailEvent>;

export interface IgnoredEvent {
  kind: "ignored";
  eventId: string;
  type: string;
}

/** A provider callback, reduced to what the order flow needs. Pure parsing: no I/O, no Restate. */
/** What a webhook call answers: how its events were dealt with. */
export const WebhookReceipt = z.object({
  received: z.number().int(),
  applied: z.number().int(),
  duplicate: z.number().int(),
  ignored: z.number().int(),
  unknown_order: z.number().int(),
});
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;

export type ProviderEvent = PaymentEvent | TrackingEvent | LabelEvent | EmailEvent | IgnoredEvent;

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw invalid("webhook body is not valid JSON");
  }
}

type Json = Record<string, unknown>;
const asRecord = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const orderFromMetadata = (metadata: unknown): string | undefined => {
  if (typeof metadata === "string") return str(metadata.replace(/^order:/, ""));
  return str(asRecord(metadata).orderId);
};

const STRIPE_TYPES: Record<string, PaymentEventType> = {
  "payment_intent.amount_capturable_updated": "payment_authorized",
  "payment_intent.succeeded": "payment_succeeded",
  "payment_intent.payment_failed": "payment_failed",
  "payment_intent.canceled": "payment_canceled",
  "charge.refunded": "charge_refunded",
  "refund.failed": "refund_failed",
  "charge.dispute.created": "dispute_opened",
};

export function parseStripeEvent(raw: Uint8Array): ProviderEvent {
  const event = asRecord(parseJson(raw));
  const eventId = str(event.id);
  const type = str(event.type);
  if (!eventId || !type) throw invalid("stripe event must have an id and a type");
  const mapped = STRIPE_TYPES[type];
  if (!mapped) return { kind: "ignored", eventId, type };
  const object = asRecord(asRecord(event.data).object);
  const paymentIntentId = type.startsWith("payment_intent.") ? str(object.id) : str(object.payment_intent);
  if (!paymentIntentId) throw invalid(`stripe ${type} event carries no PaymentIntent id`);
  const parsed: PaymentEvent = { kind: "payment", eventId, type: mapped, paymentIntentId };
  const orderId = orderFromMetadata(object.metadata);
  if (orderId) parsed.orderId = orderId;
  const amount = object.amount_refunded ?? object.amount_capturable ?? object.amount;
  if (typeof amount === "number") parsed.amount = amount;
  const reason =
    str(asRecord(object.last_payment_error).message) ?? str(object.failure_reason) ?? str(object.reason) ?? str(object.cancellation_reason);
  if (reason) parsed.reason = reason;
  return parsed;
}

/** Shippo sends no event id: the tracking status object (or status and time) identifies an update. */
export function parseShippoEvent(raw: Uint8Array): ProviderEvent {
  const body = asRecord(parseJson(raw));
  const event = str(body.event);
  if (!event) throw invalid("shippo webhook must have an event");
  const data = asRecord(body.data);
  if (event === "track_updated") {
    const trackingNumber = str(data.tracking_number);
    const status = asRecord(data.tracking_status);
    if (!trackingNumber || !str(status.status)) throw invalid("shippo track_updated needs tracking_number and tracking_status.status");
    const at = str(status.status_date) ?? str(status.object_updated) ?? "";
    const parsed: TrackingEvent = {
      kind: "tracking",
      eventId: `track:${trackingNumber}:${str(status.object_id) ?? `${status.status}@${at}`}`,
      trackingNumber,
      carrier: str(data.carrier) ?? "",
      status: String(status.status),
      details: str(status.status_details) ?? "",
      at,
    };
    const orderId = orderFromMetadata(data.metadata);
    if (orderId) parsed.orderId = orderId;
    return parsed;
  }
  if (event === "transaction_created" || event === "transaction_updated") {
    const labelId = str(data.object_id);
    const status = str(data.status);
    if (!labelId || !status) throw invalid(`shippo ${event} needs object_id and status`);
    const parsed: LabelEvent = { kind: "label", eventId: `txn:${labelId}:${status}`, labelId, status };
    const trackingNumber = str(data.tracking_number);
    if (trackingNumber) parsed.trackingNumber = trackingNumber;
    const orderId = orderFromMetadata(data.metadata);
    if (orderId) parsed.orderId = orderId;
    return parsed;
  }
  return { kind: "ignored", eventId: `shippo:${event}`, type: event };
}

const EMAIL_EVENTS = new Set(["delivered", "bounce", "dropped", "spamreport", "deferred", "processed", "open", "click"]);

/**
 * SendGrid posts a batch. Redeliveries may carry a new sg_event_id (sendgrid-nodejs#1435), so an
 * event is identified by message, event type and timestamp instead.
 */
export function parseSendgridEvents(raw: Uint8Array): ProviderEvent[] {
  const body = parseJson(raw);
  if (!Array.isArray(body)) throw invalid("sendgrid webhook body must be a JSON array of events");
  return body.map((item, i) => {
    const e = asRecord(item);
    const event = str(e.event);
    const timestamp = typeof e.timestamp === "number" ? e.timestamp : NaN;
    if (!event || !Number.isFinite(timestamp)) throw invalid(`sendgrid event ${i} needs event and a numeric timestamp`);
    const messageId = str(e.sg_message_id);
    const eventId = `${messageId ?? str(e.sg_event_id) ?? `#${i}`}:${event}:${timestamp}`;
    if (!EMAIL_EVENTS.has(event)) return { kind: "ignored", eventId, type: event } satisfies IgnoredEvent;
    const parsed: EmailEvent = { kind: "email", eventId, event: event as EmailEvent["event"], at: timestamp * 1000 };
    if (messageId) parsed.messageId = messageId;
    const dedupKey = str(e.dedupKey);
    if (dedupKey) parsed.dedupKey = dedupKey;
    const orderId = str(e.orderId);
    if (orderId) parsed.orderId = orderId;
    const reason = str(e.reason);
    if (reason) parsed.reason = reason;
    return parsed;
  });
}
