import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * The API's credential on the ingress (docs/security.md, "The boundary"). Restate journals every header
 * of an ingress call, so the key itself never travels: the caller signs each call instead, with
 * HMAC-SHA256(key, target + "\n" + hex SHA-256 of the raw body), in this header. The handler recomputes
 * it from its journaled target and body, so its verdict is the same on every replay, and a signature
 * read from a journal authorizes nothing but that exact call (same target, same body) again.
 * No Restate SDK here: the API, the scripts and the tests sign with it too.
 */
export const CALLER_SIGNATURE_HEADER = "x-api-caller-signature";

/**
 * `API_CALLER_KEY`: one key, or during a rotation several, comma-separated (`new,old`): the first
 * signs, any of them verifies. Each at least 32 bytes, so it cannot be guessed from signatures.
 */
export const CallerKeys = z
  .string({ message: "is required (at least 32 bytes, e.g. openssl rand -base64 48; the same on the API and the endpoints)" })
  .transform((value) =>
    value
      .split(",")
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .refine((keys) => keys.length > 0, "must name at least one key")
  .refine(
    (keys) => keys.every((key) => Buffer.byteLength(key, "utf8") >= 32),
    "must be at least 32 bytes long (each key of a comma-separated list)",
  );

/** A call's target as Restate names it (`ctx.request().target`): `Service/key/handler`, or `Service/handler` for a service. */
export const callTarget = (service: string, handler: string, key?: string): string =>
  key === undefined ? `${service}/${handler}` : `${service}/${key}/${handler}`;

export function callerSignature(key: string, target: string, body: Uint8Array): string {
  const digest = createHash("sha256").update(body).digest("hex");
  return createHmac("sha256", key).update(`${target}\n${digest}`).digest("base64url");
}

/** Whether `presented` signs this target and body under one of the keys; compared in constant time. */
export function isSignedCall(keys: readonly string[], target: string, body: Uint8Array, presented: string | undefined): boolean {
  if (!presented) return false;
  const given = Buffer.from(presented, "utf8");
  let valid = false;
  for (const key of keys) {
    const expected = Buffer.from(callerSignature(key, target, body), "utf8");
    // Every key is tried, so the time taken does not tell which one matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/**
 * The target an ingress URL invokes: `/Service/handler`, `/Service/key/handler`, either with `/send`
 * (one-way, same target). Undefined for Restate's own paths (`/restate/…`), which invoke no handler.
 */
export function targetOfPath(pathname: string): string | undefined {
  const segments = pathname.split("/").slice(1);
  if (segments[0] === "restate") return undefined;
  // No handler of ours is called `send`: a trailing `send` is the one-way suffix.
  if (segments.length > 2 && segments.at(-1) === "send") segments.pop();
  if (segments.length === 2) return callTarget(segments[0]!, segments[1]!);
  if (segments.length === 3) {
    try {
      return callTarget(segments[0]!, segments[2]!, decodeURIComponent(segments[1]!));
    } catch {
      // Not a key the ingress could decode either: it refuses the path, signed or not.
      return undefined;
    }
  }
  return undefined;
}

function bodyBytes(body: RequestInit["body"]): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new Error("a signed ingress call needs its body as a string or bytes (a stream cannot be signed before it is sent)");
}

/**
 * A `fetch` that signs every call it makes to handlers behind `ingressUrl` with `key`, and passes
 * anything else (Restate's own paths, other hosts) through untouched.
 */
export function signingFetch(ingressUrl: string, key: string, inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  const base = new URL(ingressUrl);
  const prefix = base.pathname.replace(/\/$/, "");
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`) || input instanceof Request) return inner(input, init);
    const target = targetOfPath(url.pathname.slice(prefix.length));
    if (target === undefined) return inner(input, init);
    const headers = new Headers(init?.headers);
    headers.set(CALLER_SIGNATURE_HEADER, callerSignature(key, target, bodyBytes(init?.body)));
    return inner(input, { ...init, headers });
  };
}
