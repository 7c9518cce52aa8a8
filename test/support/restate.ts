import * as clients from "@restatedev/restate-sdk-clients";
import { inject } from "vitest";
import { sql as adminSql } from "../../scripts/lib/admin.ts";
import { CALLER_SIGNATURE_HEADER, callerSignature, signingFetch, targetOfPath } from "../../src/platform/restate/caller-signature.ts";
import { TEST_API_CALLER_KEY } from "./caller-key.ts";

export const ingressUrl = () => inject("ingressUrl");
export const adminUrl = () => inject("adminUrl");

/**
 * A typed ingress client that signs its calls with the API's credential, as the HTTP API does: tests
 * call the handlers that demand it the way the shop's own tools do. `unsigned`: a learner's client.
 */
export function ingress(url = ingressUrl(), options: { unsigned?: boolean } = {}) {
  return clients.connect({ url, ...(options.unsigned ? {} : { fetch: signingFetch(url, TEST_API_CALLER_KEY) }) });
}

/** The `x-api-caller-signature` header of a call to `path` (`/Service/key/handler`) with this body, under `key` (the tests' by default). */
export function callerSignatureHeader(path: string, body: string | undefined, key = TEST_API_CALLER_KEY): Record<string, string> {
  const target = targetOfPath(new URL(path, "http://ingress").pathname);
  return target === undefined ? {} : { [CALLER_SIGNATURE_HEADER]: callerSignature(key, target, Buffer.from(body ?? "", "utf8")) };
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * Raw POST through the ingress, for asserting status codes and error messages; signed with the API's
 * credential unless `unsigned` (`headers` may replace the signature with another).
 */
export async function post<T = any>(
  path: string,
  body?: unknown,
  options: { url?: string; rawBody?: string; headers?: Record<string, string>; unsigned?: boolean } = {},
): Promise<HttpAnswer<T>> {
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const signature = options.unsigned ? {} : callerSignatureHeader(path, payload);
  const res = await fetch(`${options.url ?? ingressUrl()}${path}`, {
    method: "POST",
    headers: { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...signature, ...options.headers },
    body: payload,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text.length ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text so the assertion shows it.
  }
  return { status: res.status, body: parsed as T };
}

/** Waits for an invocation's result through the ingress (one sent with an idempotency key keeps it). */
export async function attach<T = any>(invocationId: string, url = ingressUrl()): Promise<HttpAnswer<T>> {
  // Sent a moment ago by another invocation, it may not be on its partition yet: 404 until it is.
  const answer = await eventually(
    async () => {
      const res = await fetch(`${url}/restate/invocation/${invocationId}/attach`);
      const text = await res.text();
      return { status: res.status, body: (text.length ? JSON.parse(text) : undefined) as T };
    },
    (a) => a.status !== 404,
    10_000,
  );
  return answer;
}

/**
 * Cart.checkout, then its order's outcome: the refusal when the cart refused to submit, else what the
 * submitted checkout ended with (the paid order, or its failure with metadata.orderNumber), with the
 * submission's answer beside it.
 */
export async function checkout<T = any>(
  cartId: string,
  body: unknown,
  options: { unsigned?: boolean } = {},
): Promise<HttpAnswer<T> & { submitted?: { orderId: string; orderNumber: string; invocationId: string } }> {
  const submitted = await post(`/Cart/${cartId}/checkout`, body, options);
  if (submitted.status !== 200) return submitted;
  return { ...(await attach<T>(submitted.body.invocationId)), submitted: submitted.body };
}

/** Runs SQL against the admin query endpoint (operators' and tests' view of Restate's tables). */
export const sql = <T = Record<string, unknown>>(query: string, url = adminUrl()): Promise<T[]> => adminSql<T>(url, query);

/** Invocations of a service that are neither completed nor killed: what a bug leaves behind. */
export async function unfinishedInvocations(target: string): Promise<Array<Record<string, unknown>>> {
  return sql(
    `SELECT id, target, status, last_failure FROM sys_invocation WHERE target LIKE '${target.replace(/'/g, "''")}%' AND status <> 'completed'`,
  );
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Polls until a condition holds: waits for asynchronous effects (webhooks, one-way sends) without sleeps. */
export async function eventually<T>(probe: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!until(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}
