import { RetryableError, TerminalError } from "@restatedev/restate-sdk";
import {
  type CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  handleWhen,
  type IBreaker,
  isBrokenCircuitError,
  isTaskCancelledError,
  TimeoutStrategy,
  timeout,
} from "cockatiel";
import { logger } from "../platform/logging.ts";
import type { BreakerConfig, ResilienceConfig } from "./provider-config.ts";
import { circuitOpenError, isClassified, type ProviderName, transientError } from "./provider-errors.ts";
import type { ProviderHealthRecorder } from "./provider-health.ts";

/**
 * Timeout and circuit breaker around one provider call. It runs inside `ctx.run` and makes one
 * attempt: retries belong to the RunOptions of that `ctx.run` (run-policies.ts), never to a loop here.
 */
export type Guard = <T>(operation: string, call: (signal: AbortSignal) => Promise<T>) => Promise<T>;

export interface GuardOptions {
  provider: ProviderName;
  resilience: ResilienceConfig;
  health: ProviderHealthRecorder;
  /** Turns what the SDK threw into a TerminalError (business outcome) or a retryable Error; never passes SDK errors on as they are (axios errors carry the request, API key included). */
  classify: (error: unknown, operation: string) => Error;
  /** Strips secrets from messages before they reach journals and logs. */
  redact: (text: string) => string;
}

export function createGuard(options: GuardOptions): Guard {
  const { provider, resilience, health, classify, redact } = options;
  const log = logger.child({ component: "providers", provider });
  const timeoutPolicy = timeout(resilience.timeoutMs, TimeoutStrategy.Aggressive);
  const breaker = resilience.breaker ? createBreaker(resilience.breaker, health, log) : null;

  return async (operation, call) => {
    const attempt = () =>
      timeoutPolicy.execute(async ({ signal }) => {
        try {
          return await call(signal);
        } catch (error) {
          throw isClassified(error) ? error : classify(error, operation);
        }
      });
    try {
      const result = await (breaker ? breaker.policy.execute(attempt) : attempt());
      health.succeeded();
      return result;
    } catch (error) {
      if (error instanceof TerminalError) {
        health.refused();
        throw redacted(error, redact);
      }
      if (isBrokenCircuitError(error)) {
        const message = `${provider} circuit is open: ${operation} not attempted`;
        health.failed(operation, "circuit-open", message);
        // Retry when the circuit will let a probe through, not sooner: nothing would reach the provider.
        throw circuitOpenError(message, breaker?.untilProbeMs() ?? 1_000);
      }
      if (isTaskCancelledError(error)) {
        const message = `${provider} ${operation} timed out after ${resilience.timeoutMs} ms`;
        health.failed(operation, "timeout", message);
        throw transientError(message);
      }
      const failure = redacted(error instanceof Error ? error : new Error(String(error)), redact);
      health.failed(operation, "unavailable", failure.message);
      throw failure;
    }
  };
}

function createBreaker(config: BreakerConfig, health: ProviderHealthRecorder, log: typeof logger) {
  let openedAt = 0;
  // Declines and invalid requests are answers, not outages: only retryable failures count.
  const policy: CircuitBreakerPolicy = circuitBreaker(
    handleWhen((error) => !(error instanceof TerminalError)),
    {
      halfOpenAfter: config.halfOpenAfterMs,
      breaker: new FailuresWithinWindow(config.failures, config.windowMs),
    },
  );
  health.breakerChanged("closed");
  policy.onBreak(() => {
    openedAt = Date.now();
    health.breakerChanged("open", config.halfOpenAfterMs);
    log.warn({ failures: config.failures, windowMs: config.windowMs, probeInMs: config.halfOpenAfterMs }, "circuit opened");
  });
  policy.onHalfOpen(() => health.breakerChanged("half-open"));
  policy.onReset(() => {
    health.breakerChanged("closed");
    log.info("circuit closed");
  });
  return { policy, untilProbeMs: () => Math.max(100, openedAt + config.halfOpenAfterMs - Date.now()) };
}

/**
 * Opens after `threshold` failures within a sliding window of `windowMs`, whatever the successes in
 * between: cockatiel's own breakers count consecutive failures or a failure ratio, and "5 failures
 * within a minute" is neither.
 */
export class FailuresWithinWindow implements IBreaker {
  private readonly threshold: number;
  private readonly windowMs: number;
  private failures: number[] = [];

  constructor(threshold: number, windowMs: number) {
    this.threshold = threshold;
    this.windowMs = windowMs;
  }

  get state(): unknown {
    return [...this.failures];
  }

  set state(value: unknown) {
    this.failures = Array.isArray(value) ? value.filter((t): t is number => typeof t === "number") : [];
  }

  success(state: CircuitState): void {
    // A successful probe closes the circuit with a clean slate; old failures must not re-open it.
    if (state === CircuitState.HalfOpen) this.failures = [];
  }

  failure(): boolean {
    const now = Date.now();
    this.failures = this.failures.filter((t) => now - t < this.windowMs);
    this.failures.push(now);
    return this.failures.length >= this.threshold;
  }
}

function redacted(error: Error, redact: (text: string) => string): Error {
  const message = redact(error.message);
  if (message === error.message) return error;
  if (error instanceof TerminalError) {
    return new TerminalError(message, error.metadata ? { errorCode: error.code, metadata: error.metadata } : { errorCode: error.code });
  }
  if (error instanceof RetryableError)
    return error.retryAfter === undefined ? new Error(message) : new RetryableError(message, { retryAfter: error.retryAfter });
  return new Error(message);
}
