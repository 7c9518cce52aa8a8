import { createHash } from "node:crypto";

/**
 * The RFC 5322 Message-ID of the email for a business event: the same for every copy, so that when a
 * crash between the send and its journal entry makes the provider send it again (SendGrid takes no
 * idempotency key), mail clients and the provider's event webhook see one message, not two.
 */
export function messageIdFor(dedupKey: string, senderDomain: string): string {
  return `<${createHash("sha256").update(dedupKey).digest("base64url").slice(0, 32)}@${senderDomain}>`;
}
