import * as clients from "@restatedev/restate-sdk-clients";
import { inject } from "vitest";
import { sql as adminSql } from "../../scripts/lib/admin.ts";

export const ingressUrl = () => inject("ingressUrl");
export const adminUrl = () => inject("adminUrl");

export function ingress(url = ingressUrl()) {
  return clients.connect({ url });
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Raw POST through the ingress, for asserting status codes and error messages. */
export async function post<T = any>(
  path: string,
  body?: unknown,
  options: { url?: string; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const res = await fetch(`${options.url ?? ingressUrl()}${path}`, {
    method: "POST",
    headers: { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
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
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}
