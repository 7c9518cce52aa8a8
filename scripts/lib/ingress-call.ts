import { signingFetch } from "../../src/platform/restate/caller-signature.ts";

export interface Answer<T = any> {
  status: number;
  body: T;
  /** Attempts it took (more than one when the server was down or restarting). */
  attempts: number;
}

export interface CallOptions {
  /**
   * Restate's idempotency key: a retried request attaches to the invocation the first attempt
   * started (or gets its stored answer), so retrying a refund never refunds twice.
   */
  idempotencyKey?: string;
  /** Give up retrying after this long. */
  retryForMs?: number;
  /** The API's credential (API_CALLER_KEY): the call is signed with it, as the HTTP API signs its calls. */
  callerKey?: string;
}

/** Statuses that mean "Restate is not (yet) serving", not an answer from a handler. */
const UNAVAILABLE = new Set([502, 503, 504]);

/**
 * Whether an answer means "Restate is not (yet) serving" rather than a handler's answer: a gateway
 * status, or the ingress's own 404 for a registered service — a restarted server answers it for a
 * moment, before it has loaded the registered services again.
 */
export function notServingYet(status: number, text: string): boolean {
  return (
    UNAVAILABLE.has(status) || (status === 404 && text.includes('"source":"ingress"') && text.includes("make sure to register the service"))
  );
}

/**
 * POST through the ingress, retried while the server is unreachable or starting: a client that
 * keeps its idempotency key across a server crash and restart.
 */
export async function callIngress<T = any>(ingressUrl: string, path: string, body: unknown, options: CallOptions = {}): Promise<Answer<T>> {
  const deadline = Date.now() + (options.retryForMs ?? 120_000);
  // A handler that takes no input refuses any body, `null` included: send none.
  const payload = body === undefined || body === null ? {} : { body: JSON.stringify(body) };
  const headers: Record<string, string> = "body" in payload ? { "content-type": "application/json" } : {};
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  const send = options.callerKey ? signingFetch(ingressUrl, options.callerKey) : fetch;
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const res = await send(`${ingressUrl}${path}`, { method: "POST", headers, ...payload });
      const text = await res.text();
      if (!notServingYet(res.status, text)) return { status: res.status, body: parse(text) as T, attempts: attempt };
      failure = `HTTP ${res.status} ${text.slice(0, 200)}`;
    } catch (error) {
      failure = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
    }
    if (Date.now() > deadline) throw new Error(`POST ${path} failed for ${options.retryForMs ?? 120_000} ms: ${failure}`);
    await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** Math.min(attempt, 5))));
  }
}

function parse(text: string): unknown {
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
