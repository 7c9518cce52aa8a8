import { z } from "zod";
import { invalid } from "../../platform/domain/domain-errors.ts";
import type { SmsKind, SmsMessage } from "../../providers/types.ts";

/**
 * Text messages about a customer's orders: an opt-in per account with an E.164 number, and the
 * carrier's keywords honoured — STOP (and its synonyms) ends every message to that number until
 * START, whichever account gave it.
 */

export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, "phone must be in international form (E.164), such as +15551234567");

export const SmsSettingsInput = z.strictObject({
  phone: PhoneNumber.nullable().describe("null removes the number"),
  optIn: z.boolean().describe("true: shipped and delivered updates also come by SMS"),
});
export type SmsSettingsInput = z.infer<typeof SmsSettingsInput>;

/** What the customer chose (kept by SmsSubscription). */
export const SmsChoice = z.object({
  phone: z.string().nullable(),
  optIn: z.boolean(),
  /** When the customer opted in (consent kept with its date). */
  consentAt: z.number().int().nullable(),
});
export type SmsChoice = z.infer<typeof SmsChoice>;

/** The choice, and whether its number texted STOP (SmsNumbers' to say). */
export const SmsSettings = SmsChoice.extend({
  stoppedAt: z.number().int().nullable().describe("set while the number has texted STOP and not START since"),
});
export type SmsSettings = z.infer<typeof SmsSettings>;

export const noSmsChoice = (): SmsChoice => ({ phone: null, optIn: false, consentAt: null });

/** The customer's choice; consent keeps its first date while the same number stays opted in. */
export function chooseSms(current: SmsChoice, input: SmsSettingsInput, now: number): SmsChoice {
  if (input.optIn && input.phone === null) throw invalid("phone: an SMS opt-in needs a number");
  const sameNumber = input.phone === current.phone;
  return {
    phone: input.phone,
    optIn: input.optIn,
    consentAt: input.optIn ? (sameNumber && current.optIn ? current.consentAt : now) : null,
  };
}

export const mayText = (s: SmsSettings): s is SmsSettings & { phone: string } => s.optIn && s.phone !== null && s.stoppedAt === null;

// Twilio's standard opt-out and opt-in keywords (the message's whole text, any case).
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const START_WORDS = new Set(["START", "UNSTOP", "YES"]);

export function keywordOf(body: string): "stop" | "start" | undefined {
  const word = body.trim().toUpperCase();
  if (STOP_WORDS.has(word)) return "stop";
  if (START_WORDS.has(word)) return "start";
  return undefined;
}

export const NotifySmsInput = z.strictObject({
  kind: z.enum(["shipped", "delivered"]),
  orderId: z.string(),
  orderNumber: z.string(),
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
});
export type NotifySmsInput = z.infer<typeof NotifySmsInput>;

/** The text itself: short, the order's number, how to stop. */
export function orderSms(input: NotifySmsInput, to: string, shopName: string): SmsMessage {
  const what: Record<SmsKind, string> = {
    shipped: `${shopName}: order ${input.orderNumber} has shipped${input.trackingNumber ? ` (${input.carrier ?? "tracking"} ${input.trackingNumber})` : ""}.`,
    delivered: `${shopName}: order ${input.orderNumber} was delivered.`,
  };
  return {
    kind: input.kind,
    to,
    body: `${what[input.kind]} Reply STOP to stop these texts.`,
    dedupKey: `${input.orderId}:sms:${input.kind}:${to}`,
    orderId: input.orderId,
  };
}
