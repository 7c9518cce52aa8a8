import { RetryableError, TerminalError } from "@restatedev/restate-sdk";

export type ProviderName = "stripe" | "shippo" | "sendgrid" | "twilio";

// Errors built below are already in contract terms; anything else still needs a classifier.
const classified = new WeakSet<Error>();
const mark = <E extends Error>(error: E): E => {
  classified.add(error);
  return error;
};
export const isClassified = (error: unknown) => error instanceof Error && classified.has(error);

// Refusals of an open circuit breaker: the call never left this process.
const circuitOpen = new WeakSet<Error>();

/** The retryable error of a call that an open circuit did not let through. */
export function circuitOpenError(message: string, retryAfterMs: number): Error {
  const error = mark(new RetryableError(message, { retryAfter: retryAfterMs }));
  circuitOpen.add(error);
  return error;
}
export const isCircuitOpen = (error: unknown) => error instanceof Error && circuitOpen.has(error);

/** A business outcome: `ctx.run` stops retrying and the order reports `status`. */
export function terminalError(message: string, status: number, metadata?: Record<string, string>): TerminalError {
  return mark(new TerminalError(message, metadata ? { errorCode: status, metadata } : { errorCode: status }));
}

/**
 * A failure worth retrying. It is a RetryableError only when the provider named a delay: without
 * one, a plain Error lets `ctx.run` apply the backoff of its RunOptions.
 */
export function transientError(message: string, retryAfterMs?: number): Error {
  return mark(retryAfterMs === undefined ? new Error(message) : new RetryableError(message, { retryAfter: retryAfterMs }));
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || text.trim() === "") return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

// Key shapes of the three providers, caught even when a value is not one we were configured with.
const KEY_PATTERNS = [
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+/g,
  /\bwhsec_[A-Za-z0-9+/=]+/g,
  /\bshippo_(?:live|test)_[A-Za-z0-9]+/g,
  /\bSG\.[A-Za-z0-9_.-]+/g,
];

/** Removes configured secrets and anything shaped like a provider key from text bound for journals and logs. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of values) out = out.split(secret).join("[redacted]");
    for (const pattern of KEY_PATTERNS) out = out.replace(pattern, "[redacted]");
    return out;
  };
}

/** Keeps provider-supplied text short enough for a journal entry and a log line. */
export function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
