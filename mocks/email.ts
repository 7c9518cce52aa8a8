import { TerminalError } from "@restatedev/restate-sdk";
import { messageIdFor } from "../src/providers/message-id.ts";
import type { EmailMessage, EmailReceipt, EmailSender } from "../src/providers/types.ts";
import { mockId, nowIso, weather } from "./behaviour.ts";
import { MockProvider } from "./mock-provider.ts";

/** The domain of the mock sender, in the Message-ID header of every mock email. */
export const MOCK_SENDER_DOMAIN = "mock.restate-commerce.invalid";

/** Recipient domains that make the mock fail: rejected for good, or down (every attempt fails). */
export const EMAIL_TRIGGERS = {
  rejectedDomain: "email-rejected.test",
  downDomain: "email-down.test",
} as const;

/**
 * Like SendGrid, the mock does not deduplicate: every accepted send is a ledger entry (with the
 * Message-ID header the real client sets), so a duplicate send shows up in tests instead of being hidden.
 */
export class MockEmailSender extends MockProvider implements EmailSender {
  async send(message: EmailMessage): Promise<EmailReceipt> {
    await weather(this.behaviour, "email");
    const domain = message.to.split("@")[1] ?? "";
    if (domain === EMAIL_TRIGGERS.rejectedDomain) {
      throw new TerminalError(`email rejected: recipient ${domain} does not accept mail`, { errorCode: 400 });
    }
    if (domain === EMAIL_TRIGGERS.downDomain) throw new Error("email (mock): provider unavailable (503)");
    const receipt = this.ledger.transact((tx) => {
      const n = tx.find({ op: "send", key: message.dedupKey }).length;
      const messageId = mockId("msg", `${message.dedupKey}#${n}`);
      tx.append({
        provider: "email",
        op: "send",
        key: message.dedupKey,
        at: nowIso(),
        kind: message.kind,
        to: message.to,
        orderId: message.orderId,
        text: message.text,
        messageId,
        messageIdHeader: messageIdFor(message.dedupKey, MOCK_SENDER_DOMAIN),
      });
      return { messageId };
    });
    await this.events?.emailSent(message, receipt);
    return receipt;
  }
}
