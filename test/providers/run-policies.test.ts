import { describe, expect, it } from "vitest";
import { loadResilienceConfig } from "../../src/providers/provider-config.ts";
import { type bounded, runPolicies } from "../../src/providers/run-policies.ts";

// Only the resilience knobs: the saga needs these policies in MOCK_MODE too, without provider secrets.
const policies = (env: Record<string, string> = {}) => runPolicies(loadResilienceConfig(env));

/** The waits ctx.run would make between attempts under a bounded policy. */
const delays = (policy: ReturnType<typeof bounded>) =>
  Array.from({ length: (policy.maxRetryAttempts ?? 1) - 1 }, (_, i) =>
    Math.min(Number(policy.initialRetryInterval) * (policy.retryIntervalFactor ?? 2) ** i, Number(policy.maxRetryInterval)),
  );

describe("run policies", () => {
  it("gives authorization three exponential retries, then lets the saga compensate", () => {
    const { authorize } = policies();
    expect(authorize).toMatchObject({ maxRetryAttempts: 4, initialRetryInterval: 1_000, retryIntervalFactor: 2 });
    expect(delays(authorize)).toEqual([1_000, 2_000, 4_000]);
  });

  it("never gives up on capture, void and refund within the authorization window", () => {
    const all = policies();
    for (const operation of ["capture", "void", "refund"] as const) {
      const policy = all[operation];
      expect(policy.maxRetryAttempts).toBeUndefined();
      expect(Number(policy.maxRetryDuration)).toBeGreaterThanOrEqual(3 * 24 * 3_600_000);
      expect(Number(policy.maxRetryDuration)).toBeLessThan(7 * 24 * 3_600_000);
      expect(policy.maxRetryInterval).toBe(5 * 60_000);
    }
  });

  it("gives every shipping call two exponential retries", () => {
    const all = policies();
    for (const operation of ["quote", "label", "tracking"] as const) {
      expect(all[operation]).toMatchObject({ maxRetryAttempts: 3, retryIntervalFactor: 2 });
    }
  });

  it("approximates linear email backoff: first and last wait exact, the middle one a little early", () => {
    const waits = delays(policies().email);
    expect(policies().email.maxRetryAttempts).toBe(4);
    expect(waits[0]).toBe(2_000);
    expect(waits[1]).toBeCloseTo(2_000 * Math.sqrt(3), 6);
    expect(waits[2]).toBeCloseTo(6_000, 6);
  });

  it("follows the configured knobs", () => {
    const all = policies({
      PAYMENT_MAX_RETRIES: "5",
      PAYMENT_RETRY_BACKOFF: "constant",
      PAYMENT_RETRY_INTERVAL_MS: "250",
      EMAIL_MAX_RETRIES: "1",
    });
    expect(delays(all.authorize)).toEqual([250, 250, 250, 250, 250]);
    expect(all.email).toMatchObject({ maxRetryAttempts: 2, retryIntervalFactor: 1 });
    expect(policies({ PAYMENT_SETTLE_RETRY_FOR_MS: "3600000" }).capture.maxRetryDuration).toBe(3_600_000);
  });
});
