import { expect, inject } from "vitest";
import { uniqueId } from "./restate.ts";

export const apiUrl = () => inject("apiUrl");

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface ApiRequest {
  body?: unknown;
  /** Sent as is (malformed JSON, other content types). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
  url?: string;
}

/** One HTTP call to the API, answering status, parsed body and headers. */
export async function api<T = any>(method: string, path: string, request: ApiRequest = {}): Promise<ApiAnswer<T>> {
  const payload = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const res = await fetch(`${request.url ?? apiUrl()}${path}`, {
    method,
    headers: {
      ...(payload !== undefined && request.rawBody === undefined ? { "content-type": "application/json" } : {}),
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...request.headers,
    },
    body: payload,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text.length ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text so a failing assertion shows it.
  }
  return { status: res.status, body: body as T, headers: res.headers, text };
}

export const uniqueEmail = (prefix = "customer") => `${uniqueId(prefix).toLowerCase()}@example.com`;
export const PASSWORD = "correct horse battery staple";

export interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** A fresh customer, registered and signed in. */
export async function newCustomer(options: { url?: string; name?: string } = {}): Promise<Account> {
  const email = uniqueEmail();
  const res = await api("POST", "/auth/register", {
    url: options.url,
    body: { email, password: PASSWORD, name: options.name ?? "Ada Lovelace" },
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${res.text}`);
  return { id: res.body.customer.id, email, password: PASSWORD, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** The admin that the API ensured at startup from ADMIN_EMAIL/ADMIN_PASSWORD, signed in. */
export async function signedInAdmin(): Promise<Account> {
  const email = inject("adminEmail");
  const password = inject("adminPassword");
  const res = await api("POST", "/auth/login", { body: { email, password } });
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${res.text}`);
  return { id: res.body.customer.id, email, password, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** The contract's error shape, with a message. */
export const errorShape = (code?: string) => ({
  error: expect.objectContaining({ code: code ?? expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }),
});
