import { escapeHtml } from "../../platform/domain/email-text.ts";
import type { EmailMessage } from "../../providers/types.ts";

/** What a new customer receives once, when their account is made. */
export function welcomeEmail(customer: { id: string; email: string; name: string }, shopName: string): EmailMessage {
  const paragraphs = [
    `Welcome to ${shopName}: your account is ready.`,
    "Sign in with this email address to order, follow your orders, save your addresses and ask for a return.",
    "If you did not make this account, reply to this email and we will close it.",
  ];
  return {
    kind: "welcome",
    to: customer.email,
    subject: `Welcome to ${shopName}`,
    text: [`Hello ${customer.name},`, "", ...paragraphs].join("\n"),
    html: [`<p>Hello ${escapeHtml(customer.name)},</p>`, ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)].join("\n"),
    // One per account: the Message-ID follows from it, so a resend after a crash is the same message.
    dedupKey: `${customer.id}:welcome`,
    templateData: { customerName: customer.name, shopName },
  };
}
