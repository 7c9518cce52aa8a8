import type { RunOptions } from "@restatedev/restate-sdk";
import type { ProviderConfig, ResilienceConfig } from "./provider-config.ts";

/**
 * Retry options for the `ctx.run` around each provider operation. The provider clients make one
 * attempt each; these options are the only retry loop. When they run out, `ctx.run` throws a
 * TerminalError and the saga decides (compensate, give up on the email, or alert an operator).
 */

export type ProviderOperation =
  | "authorize"
  | "capture"
  | "void"
  | "refund"
  | "quote"
  | "label"
  | "voidLabel"
  | "tracking"
  | "email"
  | "sms";

export type RunRetryPolicy = Omit<RunOptions<unknown>, "serde">;

/** `ctx.run` retry options per provider operation: retries belong to Restate, not to the clients. */
export type RunPolicies = Record<ProviderOperation, RunRetryPolicy>;

export function runPolicies(config: ProviderConfig["resilience"]): RunPolicies {
  // Money that must move: retry for days, capped at a few minutes between attempts, and stop
  // before the ~7-day authorization expires so an operator can still act on the alert.
  const settle: RunRetryPolicy = {
    maxRetryDuration: config.settle.maxRetryDurationMs,
    initialRetryInterval: config.payment.retryIntervalMs,
    retryIntervalFactor: 2,
    maxRetryInterval: config.settle.maxRetryIntervalMs,
  };
  const shipping = bounded(config.shipping);
  return {
    authorize: bounded(config.payment),
    capture: settle,
    void: settle,
    refund: settle,
    quote: shipping,
    label: shipping,
    voidLabel: shipping,
    tracking: shipping,
    email: bounded(config.email),
    sms: bounded(config.sms),
  };
}

/**
 * `maxRetries` retries after the first attempt. RunOptions only know an exponentiation factor, so
 * "linear" (d, 2d, 3d, …) is approximated by the factor n^(1/(n-1)) for n retries: the first and the
 * last delay match linear exactly (d and n·d) and the ones between come a little early
 * (3 retries: d, 1.73d, 3d instead of d, 2d, 3d; the total wait is 5.73d instead of 6d).
 */
export function bounded(resilience: ResilienceConfig): RunRetryPolicy {
  const n = resilience.maxRetries;
  const factor = resilience.backoff === "exponential" ? 2 : resilience.backoff === "linear" && n > 1 ? n ** (1 / (n - 1)) : 1;
  return {
    maxRetryAttempts: n + 1,
    initialRetryInterval: resilience.retryIntervalMs,
    retryIntervalFactor: factor,
    // Explicit, so Restate's default 10 s cap never flattens the configured curve.
    maxRetryInterval: Math.ceil(resilience.retryIntervalMs * factor ** Math.max(0, n - 1)),
  };
}
