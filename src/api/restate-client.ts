import { setTimeout } from "node:timers/promises";
import * as clients from "@restatedev/restate-sdk-clients";
import type { ServiceDefinitionFrom, VirtualObjectDefinitionFrom } from "@restatedev/restate-sdk-core";
import type { z } from "zod";
import { OperationsApi } from "../platform/restate/platform-ingress.ts";
import { fromRestateError, restateRefusal } from "./api-errors.ts";

/** How soon to look again for an invocation that was just submitted and is not visible yet. */
const ATTACH_RETRY_MS = 25;

/** Options for a write: the client's Idempotency-Key, passed on so Restate answers a retry from its record. */
export const writeOptions = (idempotencyKey: string | undefined, extra: { timeout?: number } = {}) =>
  // biome-ignore lint/suspicious/noExplicitAny: one options object serves every typed client; Opts<I, O> is invariant in both.
  clients.rpc.opts<any, any>({ ...(idempotencyKey ? { idempotencyKey } : {}), ...extra });

export type WebhookProvider = "stripe" | "shippo" | "sendgrid";

/** What a provider callback answered: the WebhookProcessor's status and body, as they came. */
export interface WebhookAnswer {
  status: number;
  body: string;
}

/**
 * The typed ingress client of one API process. Nothing but the call's input crosses: no header of the client's.
 * `fetch` signs every call with the API's credential (src/platform/restate/caller-signature.ts) and, with
 * tracing, adds the request span's `traceparent`, so Restate's spans of the invocation join the request's trace.
 */
export function restateGateway(ingressUrl: string, fetch: typeof globalThis.fetch = globalThis.fetch) {
  const ingress = clients.connect({ url: ingressUrl, fetch });
  return {
    ingressUrl,
    /**
     * A keyed object's typed client, from the feature's type-only definition (`*-ingress.ts`):
     * `object(CartApi, cartId).get()`. Only the API's definitions cross, never handler code.
     */
    object: <D>(api: VirtualObjectDefinitionFrom<D>, key: string) => ingress.objectClient(api, key),
    service: <D>(api: ServiceDefinitionFrom<D>) => ingress.serviceClient(api),
    /** One way: the API answers once Restate has the call, not once it ran. */
    send: <D>(api: ServiceDefinitionFrom<D>) => ingress.serviceSendClient(api),
    /**
     * A provider callback, byte for byte, with only the headers its verification reads: the ingress
     * journals every header it is given, and a client's cookies or tokens have no place there.
     */
    async webhook(provider: WebhookProvider, body: Uint8Array, headers: Record<string, string>): Promise<WebhookAnswer> {
      const res = await fetch(`${ingressUrl}/WebhookProcessor/${provider}`, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, body: await res.text() };
    },
    /**
     * Waits up to `timeoutMs` for an invocation's result (one that was sent with an idempotency key,
     * so Restate keeps it): its output, or its terminal error as any call's. The invocation goes on
     * after the wait; attaching again later answers the same.
     */
    async attach<T>(invocationId: string, output: z.ZodType<T>, timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await fetch(`${ingressUrl}/restate/invocation/${encodeURIComponent(invocationId)}/attach`, {
          signal: AbortSignal.timeout(Math.max(deadline - Date.now(), 1)),
        });
        const text = await res.text();
        if (res.ok) return output.parse(JSON.parse(text));
        // Sent a moment ago by another invocation: it reaches its own partition shortly. Until then, or
        // the end of the wait, it is not there to attach to — which is a wait, not a failure.
        if (res.status !== 404) throw new clients.HttpCallError(res.status, text, `attach to ${invocationId} failed: HTTP ${res.status}`);
        if (Date.now() + ATTACH_RETRY_MS >= deadline) throw new DOMException(`${invocationId} has not started yet`, "TimeoutError");
        await setTimeout(ATTACH_RETRY_MS);
      }
    },
    /**
     * Readiness of the query side, for /health/ready: PostgreSQL as the endpoint serving the call
     * reaches it. Its 503 says why in words meant for the answer; anything else is about Restate.
     */
    async databaseReady(): Promise<void> {
      try {
        await ingress.serviceClient(OperationsApi).database(clients.rpc.opts({ timeout: 2_000 }));
      } catch (error) {
        if (!(error instanceof clients.HttpCallError)) throw error;
        const refusal = restateRefusal(error.responseText);
        if (error.status === 503) throw new Error(refusal.message ?? "unavailable");
        if (error.status === 404 && refusal.byIngress)
          throw new Error("Restate does not know the shop's services (is the endpoint registered?)");
        throw error;
      }
    },
    /** Liveness of the ingress itself, for /health/ready. */
    async ping(): Promise<void> {
      const res = await fetch(`${ingressUrl}/restate/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`its health check answered HTTP ${res.status}`);
    },
  };
}

export type RestateGateway = ReturnType<typeof restateGateway>;

/** Options of a read that gives up after `timeoutMs` (the invocation itself goes on in Restate). */
export const readOptions = (timeoutMs: number) =>
  // biome-ignore lint/suspicious/noExplicitAny: one options object serves every typed client; Opts<I, O> is invariant in both.
  clients.rpc.opts<any, any>({ timeout: timeoutMs });

/** A call given up after its `timeout`: the invocation itself goes on in Restate. */
export const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === "TimeoutError" || (error.cause instanceof Error && error.cause.name === "TimeoutError"));

/** Runs a call into Restate; its refusals become the contract's errors (see fromRestateError). */
export async function call<T>(work: () => PromiseLike<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromRestateError(error) ?? error;
  }
}
