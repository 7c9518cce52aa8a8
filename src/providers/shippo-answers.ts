import { ShippoError } from "shippo/models/errors/index.js";
import { z } from "zod";
import { clip, transientError } from "./provider-errors.ts";
import type { TrackingStatus } from "./types.ts";

/**
 * The parts of Shippo's answers the shop reads, as the shop's own schemas. The SDK validates every
 * answer against closed enums, so a value Shippo adds (a new status, attribute or parcel template)
 * makes it throw though nothing the shop needs changed. Here unknown enum values stay strings, fields
 * the shop does not read are not looked at, and an answer the SDK refused is read again from its raw
 * body. Keys are the SDK's camelCase; raw snake_case bodies are converted first.
 */

const text = z.string();
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const messages = z
  .array(z.object({ source: optionalText, text: optionalText }).loose())
  .nullish()
  .transform((v) => v ?? []);
/** The SDK turns dates into Date objects; the raw body has ISO strings. */
const instant = z.union([z.date(), z.string()]).transform((v) => (typeof v === "string" ? new Date(v) : v));

export const ShippoRate = z
  .object({
    objectId: text,
    amount: text,
    currency: text,
    amountLocal: optionalText,
    currencyLocal: optionalText,
    provider: text,
    servicelevel: z.object({ name: optionalText, token: optionalText }).loose(),
    estimatedDays: z
      .number()
      .nullish()
      .transform((v) => v ?? undefined),
    attributes: z
      .array(text)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();
export type ShippoRate = z.infer<typeof ShippoRate>;

export const ShippoShipment = z
  .object({
    objectId: text,
    status: optionalText,
    rates: z
      .array(ShippoRate)
      .nullish()
      .transform((v) => v ?? []),
    messages,
  })
  .loose();

/** A transaction's rate: its id, or the rate expanded (as some answers carry it). */
const TransactionRate = z.union([
  text,
  z
    .object({
      provider: optionalText,
      amount: optionalText,
      currency: optionalText,
      servicelevelName: optionalText,
      servicelevelToken: optionalText,
    })
    .loose(),
]);

export const ShippoTransaction = z
  .object({
    objectId: optionalText,
    status: optionalText,
    rate: TransactionRate.nullish().transform((v) => v ?? undefined),
    trackingNumber: optionalText,
    trackingStatus: optionalText,
    trackingUrlProvider: optionalText,
    labelUrl: optionalText,
    messages,
  })
  .loose();
export type ShippoTransaction = z.infer<typeof ShippoTransaction>;

export const ShippoTransactionList = z
  .object({
    results: z
      .array(ShippoTransaction)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();
export const ShippoRefund = z.object({ status: optionalText }).loose();

const KNOWN_TRACKING = new Set<string>(["UNKNOWN", "PRE_TRANSIT", "TRANSIT", "DELIVERED", "RETURNED", "FAILURE"]);
/** A tracking status the shop does not know yet is UNKNOWN to it: the order neither moves nor fails on it. */
const trackingStatus = z
  .string()
  .nullish()
  .transform((v): TrackingStatus => (v && KNOWN_TRACKING.has(v) ? (v as TrackingStatus) : "UNKNOWN"));

const TrackingEvent = z
  .object({ status: trackingStatus, statusDetails: optionalText, statusDate: instant.nullish(), objectUpdated: instant.nullish() })
  .loose();
export const ShippoTrack = z
  .object({
    carrier: text,
    trackingNumber: text,
    trackingStatus: TrackingEvent.nullish(),
    trackingHistory: z
      .array(TrackingEvent)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** object_id → objectId, all the way down (the raw body of an answer the SDK refused). */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]));
  return value;
}

/**
 * Calls the SDK and reads its answer with the shop's schema. A success the SDK refused is read from
 * its raw body; one the shop cannot read either is Shippo's fault: retried (and
 * counted by the breaker), never the customer's error.
 */
export async function readAnswer<S extends z.ZodType>(operation: string, schema: S, call: () => Promise<unknown>): Promise<z.infer<S>> {
  let answer: unknown;
  try {
    answer = await call();
  } catch (error) {
    // A success the SDK refused: values it does not know, or a 200 where it expects a 201.
    if (!(error instanceof ShippoError) || error.statusCode < 200 || error.statusCode >= 300) throw error;
    try {
      answer = camelKeys(JSON.parse(error.body));
    } catch {
      throw transientError(`shippo ${operation} answered HTTP ${error.statusCode} with a body that is not JSON: a provider fault`);
    }
  }
  const read = schema.safeParse(answer);
  if (!read.success)
    throw transientError(
      `shippo ${operation} answered what the shop cannot read (${clip(z.prettifyError(read.error), 200)}): a provider fault`,
    );
  return read.data;
}
