/**
 * The browser's client of the shop's public API. The access token lives in memory only; the
 * refresh token in an HttpOnly cookie the API sets (path /auth, one per audience, so the admin and
 * the storefront keep separate sign-ins) that no script here can read: every tab of the page shares
 * the session, and a new tab resumes it. Tokens go in the Authorization header, never in URLs.
 * localStorage holds only a hint that a sign-in exists (no secret), so a visitor who never signed
 * in is not sent to /auth/refresh on every page.
 */

import type { Customer } from "./api-types.ts";

export type { Customer };

interface Tokens {
  customer: Customer;
  accessToken: string;
}

export type Audience = "shop" | "admin";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as Idempotency-Key: a retry of the same write is answered, not repeated. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Sign-in calls: the refresh token travels in this audience's HttpOnly cookie. */
  refreshCookie?: boolean;
  /** Headers a route needs beside the credentials (a guest cart's token, an order link's token). */
  headers?: Record<string, string>;
}

export interface Answer<T> {
  status: number;
  body: T;
}

type Listener = () => void;

export class ApiClient {
  private readonly audience: Audience;
  private readonly hintKey: string;
  private accessToken: string | undefined;
  private refreshing: Promise<boolean> | undefined;
  private listeners = new Set<Listener>();
  customer: Customer | undefined;
  /** False until a stored sign-in has been tried: pages wait for it rather than flash a sign-in form. */
  ready = false;

  constructor(audience: Audience) {
    this.audience = audience;
    this.hintKey = `restate-commerce.${audience}.signed-in`;
    // Another tab signed in or out: follow it.
    addEventListener("storage", (event) => {
      if (event.key !== this.hintKey) return;
      if (event.newValue === null) this.forget();
      else if (!this.customer) void this.refresh();
    });
  }

  private get hinted(): boolean {
    return localStorage.getItem(this.hintKey) !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resumes the browser's sign-in, if it has one. */
  async resume(): Promise<void> {
    if (this.hinted) await this.refresh();
    this.ready = true;
    this.emit();
  }

  async signIn(email: string, password: string): Promise<Customer> {
    const { body } = await this.send<Tokens>("POST", "/auth/login", { body: { email, password }, refreshCookie: true }, false);
    this.adopt(body);
    return body.customer;
  }

  async register(name: string, email: string, password: string): Promise<Customer> {
    const { body } = await this.send<Tokens>(
      "POST",
      "/auth/register",
      { body: { name, email, password }, idempotencyKey: crypto.randomUUID(), refreshCookie: true },
      false,
    );
    this.adopt(body);
    return body.customer;
  }

  async signOut(): Promise<void> {
    this.forget();
    await this.send("POST", "/auth/logout", { body: {}, refreshCookie: true }, false).catch(() => undefined);
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>("GET", path, { signal }).then((a) => a.body);
  }

  /** One call with the signed-in customer's token; an expired token is refreshed once and the call repeated. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    try {
      return await this.send<T>(method, path, options, true);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.hinted) throw error;
      if (!(await this.refresh())) throw error;
      return this.send<T>(method, path, options, true);
    }
  }

  /**
   * One refresh at a time in this tab: refresh tokens rotate. Other tabs refreshing with the same
   * cookie at the same moment get the same new cookie (the API's grace for the token just rotated).
   */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const { body } = await this.send<Tokens>("POST", "/auth/refresh", { body: {}, refreshCookie: true }, false);
        this.adopt(body);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) this.forget();
        return false;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private adopt(tokens: Tokens): void {
    this.accessToken = tokens.accessToken;
    this.customer = tokens.customer;
    localStorage.setItem(this.hintKey, "1");
    this.emit();
  }

  private forget(): void {
    this.accessToken = undefined;
    this.customer = undefined;
    localStorage.removeItem(this.hintKey);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private async send<T>(method: string, path: string, options: RequestOptions, authorized: boolean): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    if (options.refreshCookie) headers["x-refresh-cookie"] = this.audience;
    if (authorized && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        // The refresh cookie (path /auth) is the only cookie this origin sets.
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, "network", "the shop's API did not answer; check your connection and try again");
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const error = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
      const retryAfter = res.headers.get("retry-after");
      const message = error?.message ?? `HTTP ${res.status}`;
      throw new ApiError(
        res.status,
        error?.code ?? "request_failed",
        retryAfter ? `${message} (try again in ${retryAfter} s)` : message,
        error?.field,
        (error ?? {}) as Record<string, unknown>,
      );
    }
    return { status: res.status, body: body as T };
  }
}
