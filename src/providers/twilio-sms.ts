import twilio from "twilio";
import type { ProviderConfig } from "./provider-config.ts";
import { terminalError, transientError } from "./provider-errors.ts";
import type { Guard } from "./resilience.ts";
import type { SmsMessage, SmsReceipt, SmsSender } from "./types.ts";

const clip = (text: string) => text.slice(0, 300);

/** Twilio's RestException (an API answer), told from network errors by its HTTP status. */
const isRestException = (error: unknown): error is { status: number; code?: number; message: string } =>
  error instanceof Error && typeof (error as { status?: unknown }).status === "number";

/**
 * Twilio's answers as business outcomes or retries. 4xx but 429 is about the message (an invalid or
 * unsubscribed number, 21610 after the customer texted STOP): retrying cannot help. Credentials are
 * ours to fix, so they are retried like an outage until the SMS policy gives up.
 */
export function classifyTwilioError(error: unknown, operation: string): Error {
  if (!isRestException(error)) {
    const code = (error as { code?: unknown })?.code;
    return transientError(
      `twilio ${operation} failed: ${clip(typeof code === "string" ? code : error instanceof Error ? error.message : String(error))}`,
    );
  }
  if (error.status === 429 || error.status >= 500) return transientError(`twilio ${operation} failed with HTTP ${error.status}`);
  if (error.status === 401 || error.status === 403) {
    return transientError(
      `twilio refused our credentials for ${operation} (HTTP ${error.status}): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN`,
    );
  }
  return terminalError(`twilio rejected ${operation}: ${clip(error.message)}${error.code ? ` (Twilio ${error.code})` : ""}`, 422);
}

/**
 * Text messages through Twilio's official SDK, one attempt per call (the guard times it out and
 * counts it; retries belong to the ctx.run around it). Twilio takes no idempotency key for a message:
 * the journaled step sends once, except after a crash between the send and its journal entry.
 */
export function createTwilioSms(config: NonNullable<ProviderConfig["twilio"]>, timeoutMs: number, guard: Guard): SmsSender {
  const client = twilio(config.accountSid, config.authToken, { timeout: timeoutMs, autoRetry: false });
  const sender = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };
  return {
    send: (message: SmsMessage): Promise<SmsReceipt> =>
      guard("send sms", async () => {
        const sent = await client.messages.create({ to: message.to, body: message.body, ...sender });
        return { messageId: sent.sid };
      }),
  };
}

/** SMS is optional: without Twilio's settings every send is refused for good, and nothing is retried. */
export const noSms: SmsSender = {
  send: async () => {
    throw terminalError("SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)", 503);
  },
};
