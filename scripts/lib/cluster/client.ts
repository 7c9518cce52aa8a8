import { signingFetch } from "../../../src/platform/restate/caller-signature.ts";
import type { Caller } from "../chaos/scenarios.ts";
import { type Answer, notServingYet } from "../ingress-call.ts";

/** One HTTP attempt a client made: what it asked, where, and what it saw. */
export interface Attempt {
  path: string;
  target: string;
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or undefined when no answer came (refused, reset, timed out). */
  status?: number;
  /** Set when the attempt failed in a way a client retries: no answer, 502/503/504, or a restarting ingress's 404. */
  error?: string;
}

/** One call as its caller saw it: every attempt until an answer, or until it gave up. */
export interface CallRecord {
  path: string;
  startedAt: number;
  endedAt: number;
  status?: number;
  attempts: number;
}

export interface ClientLog {
  attempts: Attempt[];
  calls: CallRecord[];
}

export interface SpreadingClientOptions {
  /** Base URLs the client spreads its calls over, round robin (today the Restate nodes' ingresses). */
  targets: readonly string[];
  /** One attempt is abandoned (and retried elsewhere) after this long without an answer. */
  attemptTimeoutMs: number;
  /** A call gives up (throws) after retrying for this long. */
  giveUpAfterMs: number;
  /** The API's credential: calls to the ingresses are signed with it, as the HTTP API signs its calls. */
  callerKey?: string;
}

/** An HTTP call through the retrying client: method, path, JSON body and extra headers. */
export type Send = (method: string, path: string, body: unknown, headers?: Record<string, string>) => Promise<Answer>;

/**
 * A client as shops' real clients behave: each call goes to the next target; when an attempt gets
 * no answer or a 502/503/504, the client waits a little and sends the same request, with the same
 * idempotency key, to the next target. Every attempt is logged, so the report can show every error
 * a client saw and the error rate at each moment.
 */
export function retryingSender(options: SpreadingClientOptions, log: ClientLog): Send {
  let turn = 0;
  return async (method, path, body, extraHeaders = {}) => {
    // A handler that takes no input refuses any body, `null` included: send none.
    const payload = body === undefined || body === null ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...extraHeaders };
    const startedAt = Date.now();
    let target = turn++ % options.targets.length;
    for (let attempt = 1; ; attempt++) {
      const base = options.targets[target]!;
      const record: Attempt = { path, target: base, startedAt: Date.now(), endedAt: 0 };
      let answer: Answer | undefined;
      try {
        const send = options.callerKey ? signingFetch(base, options.callerKey) : fetch;
        const res = await send(`${base}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(options.attemptTimeoutMs) });
        const text = await res.text();
        record.status = res.status;
        if (notServingYet(res.status, text)) record.error = `HTTP ${res.status} ${text.slice(0, 120)}`;
        else answer = { status: res.status, body: parse(text), attempts: attempt };
      } catch (error) {
        record.error = describe(error);
      }
      record.endedAt = Date.now();
      log.attempts.push(record);
      if (answer) {
        log.calls.push({ path, startedAt, endedAt: record.endedAt, status: answer.status, attempts: attempt });
        return answer;
      }
      if (Date.now() - startedAt > options.giveUpAfterMs) {
        log.calls.push({ path, startedAt, endedAt: record.endedAt, attempts: attempt });
        throw new Error(`${method} ${path} gave up after ${attempt} attempts over ${Date.now() - startedAt} ms: ${record.error}`);
      }
      target = (target + 1) % options.targets.length;
      await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** Math.min(attempt - 1, 5))));
    }
  };
}

/** The retrying client over the Restate ingresses, as the chaos journeys call handlers (POST). */
export function spreadingClient(options: SpreadingClientOptions): { call: Caller; log: ClientLog } {
  const log: ClientLog = { attempts: [], calls: [] };
  const send = retryingSender(options, log);
  const call: Caller = (path, body, idempotencyKey) =>
    send("POST", path, body, idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
  return { call, log };
}

/** The kind of failure in a few words ("connection refused", "timeout"…), without the stack. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "no answer within the attempt timeout";
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const code = cause?.code;
  const names: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    UND_ERR_SOCKET: "connection closed before the answer",
    EPIPE: "connection closed while sending",
  };
  return code ? (names[code] ?? code) : (cause?.message ?? error.message);
}

function parse(text: string): unknown {
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
