import { createHash } from "node:crypto";

/**
 * Shippo authenticates its webhooks with a token in the URL. The HTTP API passes it on to the
 * WebhookProcessor as this digest, never as the token itself: the ingress journals every header it
 * is given, and a SHA-256 of a long random token tells a reader of the journal nothing usable.
 */
export const SHIPPO_TOKEN_DIGEST_HEADER = "x-shippo-token-sha256";

export const shippoTokenDigest = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
