import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

export interface MockBehaviour {
  /** Probability (0..1) that a call fails with a transient error before doing anything. */
  failureRate: number;
  latencyMs: number;
}

/** Ids derived from the idempotency key: a replayed call gets the same id, as with the real provider. */
export const mockId = (prefix: string, key: string) => `${prefix}_mock_${createHash("sha256").update(key).digest("hex").slice(0, 20)}`;

/** Latency and random transient failures, as configured for demos and load (both 0 by default). */
export async function weather(behaviour: MockBehaviour, provider: string): Promise<void> {
  if (behaviour.latencyMs > 0) await sleep(behaviour.latencyMs);
  if (behaviour.failureRate > 0 && Math.random() < behaviour.failureRate) {
    throw new Error(`${provider} (mock): injected transient failure (MOCK_FAILURE_RATE)`);
  }
}

export const nowIso = () => new Date().toISOString();
