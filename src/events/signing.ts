import { createHmac } from "node:crypto";

/**
 * A subscription's Standard Webhooks signing secret (`whsec_…`), derived from the shop's signing key
 * and the subscription id. Nothing secret is stored: the API shows it once when the subscription is
 * made, and the endpoint derives it again when it signs, so it never enters Restate's state or journal.
 */
export function subscriptionSecret(signingKey: string, subscriptionId: string): string {
  return `whsec_${createHmac("sha256", signingKey).update(`webhook-subscription:${subscriptionId}`).digest("base64")}`;
}
