import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** METRICS_TOKEN, the same rule on the API and on the endpoints: unset, anyone who reaches the port may scrape. */
export const MetricsToken = z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").max(512).optional();

const BEARER = /^Bearer +(\S+) *$/i;
const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Whether a scrape may read the metrics: always when no token is configured, else only with
 * `Authorization: Bearer <token>`. The comparison is of SHA-256 digests in constant time, so neither
 * the token's characters nor its length can be learnt from how long a refusal takes.
 */
export function scrapeAllowed(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = BEARER.exec(authorization ?? "")?.[1];
  return timingSafeEqual(digest(presented ?? ""), digest(token)) && presented !== undefined;
}
