import { CircuitState } from "cockatiel";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResilienceConfig } from "../../src/providers/provider-config.ts";
import { createRedactor, parseRetryAfter, terminalError, transientError } from "../../src/providers/provider-errors.ts";
import { ProviderHealthRegistry } from "../../src/providers/provider-health.ts";
import { createGuard, FailuresWithinWindow } from "../../src/providers/resilience.ts";
import { expectRetryable, expectTerminal, rejection } from "./support.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("FailuresWithinWindow", () => {
  it("opens on the Nth failure inside the window; older failures have expired", () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const breaker = new FailuresWithinWindow(3, 60_000);
    expect(breaker.failure()).toBe(false);
    now += 30_000;
    expect(breaker.failure()).toBe(false);
    now += 31_000; // the first failure is now 61 s old
    expect(breaker.failure()).toBe(false);
    breaker.success(CircuitState.Closed); // successes in between do not forgive failures
    expect(breaker.failure()).toBe(true);
  });

  it("starts clean after a successful half-open probe", () => {
    const breaker = new FailuresWithinWindow(2, 60_000);
    breaker.failure();
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.failure()).toBe(false);
  });
});

const settings: ResilienceConfig = {
  timeoutMs: 100,
  maxRetries: 1,
  backoff: "constant",
  retryIntervalMs: 10,
  breaker: { failures: 2, windowMs: 60_000, halfOpenAfterMs: 5_000 },
};

function guard(resilience = settings) {
  const health = new ProviderHealthRegistry();
  const run = createGuard({
    provider: "stripe",
    resilience,
    health: health.register("stripe"),
    classify: (error) => transientError(`classified: ${(error as Error).message}`),
    redact: createRedactor(["sk_test_guarded_secret"]),
  });
  return { run, status: () => health.snapshot().providers[0]! };
}

describe("createGuard", () => {
  it("makes exactly one attempt: retrying is ctx.run's job", async () => {
    const { run } = guard();
    const call = vi.fn(async () => {
      throw new Error("boom");
    });
    expectRetryable(await rejection(run("authorize", call)), "classified: boom");
    expect(call).toHaveBeenCalledTimes(1);
  });

  it("passes business outcomes through without counting them against the provider", async () => {
    const { run, status } = guard();
    for (let i = 0; i < 3; i++) {
      expectTerminal(
        await rejection(
          run("authorize", async () => {
            throw terminalError("declined", 402);
          }),
        ),
        402,
        "declined",
      );
    }
    expect(status()).toMatchObject({ breaker: "closed", terminal: 3, failures: 0, calls: 3 });
  });

  it("opens after the threshold and answers with a retryable error that says when to come back", async () => {
    const { run, status } = guard();
    for (let i = 0; i < 2; i++)
      await rejection(
        run("capture", async () => {
          throw new Error("503");
        }),
      );
    const call = vi.fn(async () => "ok");
    const open = await rejection(run("capture", call));
    expectRetryable(open, "stripe circuit is open: capture not attempted");
    expect(call).not.toHaveBeenCalled();
    expect(status()).toMatchObject({ breaker: "open", failures: 2, rejected: 1 });
    expect(status().probeAfter).toBeDefined();
  });

  it("times a stalled call out and redacts secrets from every message", async () => {
    const { run, status } = guard();
    expectRetryable(await rejection(run("refund", () => new Promise(() => {}))), "stripe refund timed out after 100 ms");
    const leaked = await rejection(
      run("refund", async () => {
        throw terminalError("bad key sk_test_guarded_secret and sk_live_Other123", 400);
      }),
    );
    expect(leaked.message).toBe("bad key [redacted] and [redacted]");
    expect(status().recentFailures[0]).toMatchObject({ operation: "refund", kind: "timeout" });
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
