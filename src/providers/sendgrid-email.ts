import { Client } from "@sendgrid/client";
import { type MailDataRequired, MailService } from "@sendgrid/mail";
import { messageIdFor } from "./message-id.ts";
import type { ProviderConfig } from "./provider-config.ts";
import { clip, parseRetryAfter, terminalError, transientError } from "./provider-errors.ts";
import type { Guard } from "./resilience.ts";
import type { EmailMessage, EmailReceipt, EmailSender } from "./types.ts";

/**
 * EmailSender on SendGrid's v3 Mail Send. SendGrid has no idempotency key: the journaled receipt
 * stops replays from sending again; the rare at-least-once duplicate (a crash between the send and
 * its journal entry) carries the same Message-ID header, so mail clients show it once, and custom
 * args (orderId, dedupKey, kind; set per recipient) come back on every event-webhook event for deduplication there.
 */
export function createSendgridEmail(config: ProviderConfig["sendgrid"], timeoutMs: number, guard: Guard): EmailSender {
  const client = new Client();
  client.setApiKey(config.apiKey);
  // setApiKey resets the base URL, so the override must come after it.
  if (config.apiBase) client.setDefaultRequest("baseUrl", config.apiBase);
  // Like the Stripe and Shippo clients, connect directly rather than through HTTP(S)_PROXY. The
  // typings list only a few request fields; the client hands every default to axios.
  client.setDefaultRequest({ proxy: false } as unknown as Parameters<Client["setDefaultRequest"]>[0]);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(timeoutMs);

  return {
    send: (message) =>
      guard("email", async (): Promise<EmailReceipt> => {
        const [response] = await mail.send(mailData(config, message));
        const id = response.headers["x-message-id"];
        // Sandbox answers may come without an id; the send still happened (or was validated) once.
        return { messageId: typeof id === "string" ? id : "" };
      }),
  };
}

function mailData(config: ProviderConfig["sendgrid"], message: EmailMessage): MailDataRequired {
  const templateId = config.templates[message.kind];
  const common = {
    // Custom args go with the recipient: SendGrid's Mail Send spec types the top-level custom_args as a string.
    personalizations: [
      {
        to: message.to,
        customArgs: { dedupKey: message.dedupKey, kind: message.kind, ...(message.orderId ? { orderId: message.orderId } : {}) },
      },
    ],
    from: config.from,
    headers: { "Message-ID": messageIdFor(message.dedupKey, senderDomain(config.from.email)) },
    categories: [message.kind],
    mailSettings: { sandboxMode: { enable: config.sandboxMode } },
  };
  return templateId
    ? { ...common, templateId, dynamicTemplateData: message.templateData }
    : { ...common, subject: message.subject, text: message.text, html: message.html };
}

const senderDomain = (address: string) => address.slice(address.lastIndexOf("@") + 1);

interface SendgridResponseError {
  code: number;
  response?: { headers?: Record<string, unknown>; body?: unknown };
}

const isResponseError = (error: unknown): error is SendgridResponseError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === "number" && "response" in error;

/** SendGrid's answer in the terms of the provider contract (types.ts). */
export function classifySendgridError(error: unknown, operation: string): Error {
  if (!isResponseError(error)) {
    // axios errors carry the request config, API key included: only their code and message leave here.
    const code = (error as { code?: unknown })?.code;
    const reason = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    return transientError(`sendgrid ${operation} failed: ${clip(reason)}`);
  }
  const status = error.code;
  const headers = error.response?.headers ?? {};
  if (status === 429 || status >= 500) {
    return transientError(
      `sendgrid ${operation} failed with HTTP ${status}`,
      parseRetryAfter(headers["retry-after"]) ?? rateLimitReset(headers),
    );
  }
  // Bad or revoked keys are ours to fix; the email policy still gives up after its few retries.
  if (status === 401 || status === 403) {
    return transientError(`sendgrid refused our credentials for ${operation} (HTTP ${status}): check SENDGRID_API_KEY`);
  }
  return terminalError(`sendgrid rejected ${operation}: ${errorsText(error.response?.body) || `HTTP ${status}`}`, 422);
}

/** SendGrid's 429 names the moment the quota resets (epoch seconds) instead of a Retry-After. */
function rateLimitReset(headers: Record<string, unknown>): number | undefined {
  const reset = Number(headers["x-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}

function errorsText(body: unknown): string {
  const errors = (body as { errors?: Array<{ message?: string; field?: string | null }> } | undefined)?.errors;
  if (!Array.isArray(errors)) return "";
  return clip(errors.map((e) => (e.field ? `${e.field}: ${e.message ?? ""}` : (e.message ?? ""))).join("; "));
}
