import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * A guest's order has no account to sign in to: its confirmation email carries a link that reads
 * that one order. The link's token is an HMAC of the order number and an expiry, keyed with a key
 * derived from API_CALLER_KEY (the endpoint signs when it writes the email, the API verifies): not
 * guessable, bound to one order, and it expires (GUEST_ORDER_LINK_DAYS after the order). It grants
 * reading that order and nothing else. Nothing is stored: the token is computed when the email is
 * sent (inside the provider step, never journaled) and checked when it comes back.
 */
export const GUEST_ORDER_LINK_DAYS = 90;

export const GUEST_ORDER_TOKEN = /^v1\.(\d{10})\.([A-Za-z0-9_-]{43})$/;

export const guestLinkKey = (apiCallerKey: string) =>
  Buffer.from(hkdfSync("sha256", apiCallerKey, "restate-commerce", "guest order links", 32));

const mac = (key: Buffer, orderNumber: string, expiresAt: number) =>
  createHmac("sha256", key).update(`guest-order\n${orderNumber}\n${expiresAt}`).digest("base64url");

/** The token for an order placed at `placedAt` (epoch ms). */
export function guestOrderToken(key: Buffer, orderNumber: string, placedAt: number): string {
  const expiresAt = Math.floor(placedAt / 1000) + GUEST_ORDER_LINK_DAYS * 86_400;
  return `v1.${expiresAt}.${mac(key, orderNumber, expiresAt)}`;
}

/** Whether a token opens this order now (epoch ms); in constant time. */
export function guestTokenOpens(key: Buffer, token: string, orderNumber: string, now: number): boolean {
  const parts = GUEST_ORDER_TOKEN.exec(token);
  if (!parts) return false;
  const expiresAt = Number(parts[1]);
  if (expiresAt * 1000 <= now) return false;
  const expected = Buffer.from(mac(key, orderNumber, expiresAt));
  const presented = Buffer.from(parts[2]!);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** The storefront's page of a guest order; the token is in the fragment, which browsers never send to a server. */
export const guestOrderUrl = (shopUrl: string, orderNumber: string, token: string) =>
  `${shopUrl.replace(/\/$/, "")}/shop#/guest/orders/${encodeURIComponent(orderNumber)}?token=${encodeURIComponent(token)}`;
