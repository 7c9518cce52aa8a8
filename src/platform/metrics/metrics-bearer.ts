import { createHash, timingSafeEqual } from "node:crypto";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/** METRICS_TOKEN, the same rule on the API and on the endpoints: unset, only this machine may scrape. */
export const MetricsToken = z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").max(512).optional();

const BEARER = /^Bearer +(\S+) *$/i;
const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** Whether an address is this machine's (127.0.0.0/8, ::1, or either mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}

/**
 * Who may read the metrics. Without a token only a client on this machine: they tell order volume,
 * revenue and failure reasons, which are nobody else's business. With a token, whoever sends it.
 */
export function scrapeVerdict(
  token: string | undefined,
  authorization: string | undefined,
  client: string | undefined,
): "allowed" | "unauthenticated" | "not_loopback" {
  if (token === undefined) return isLoopback(client) ? "allowed" : "not_loopback";
  return scrapeAllowed(token, authorization) ? "allowed" : "unauthenticated";
}

/**
 * Whether a scrape carries the token: always when no token is configured, else only with
 * `Authorization: Bearer <token>`. The comparison is of SHA-256 digests in constant time, so neither
 * the token's characters nor its length can be learnt from how long a refusal takes.
 */
export function scrapeAllowed(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = BEARER.exec(authorization ?? "")?.[1];
  return timingSafeEqual(digest(presented ?? ""), digest(token)) && presented !== undefined;
}
