import * as clients from "@restatedev/restate-sdk-clients";
import { inject } from "vitest";

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
export async function sql<T = Record<string, unknown>>(query: string, url = adminUrl()): Promise<T[]> {
  const res = await fetch(`${url}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query }),
  });
  if (!res.ok) throw new Error(`SQL query failed: HTTP ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { rows: T[] };
  return json.rows;
}

/** Invocations of a service that are neither completed nor killed: what a bug leaves behind. */
export async function unfinishedInvocations(target: string): Promise<Array<Record<string, unknown>>> {
  return sql(
    `SELECT id, target, status, last_failure FROM sys_invocation WHERE target LIKE '${target.replace(/'/g, "''")}%' AND status <> 'completed'`,
  );
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
