import { hostname } from "node:os";
import { z } from "zod";
import type { ProviderName } from "./provider-errors.ts";

/**
 * What operators need to see about each real provider in this process: the breaker's state and the
 * latest failures. Process-local by nature (every endpoint replica has its own breakers), so the
 * snapshot names the instance it came from.
 */

const BreakerState = z.enum(["closed", "open", "half-open", "disabled"]);
export type BreakerState = z.infer<typeof BreakerState>;
const FailureKind = z.enum(["timeout", "unavailable", "circuit-open"]);
export type FailureKind = z.infer<typeof FailureKind>;

const RecentFailure = z.object({ at: z.string(), operation: z.string(), kind: FailureKind, message: z.string() });
export type RecentFailure = z.infer<typeof RecentFailure>;

const ProviderHealthSnapshot = z.object({
  provider: z.enum(["stripe", "shippo", "sendgrid", "twilio"]),
  breaker: BreakerState,
  /** When the circuit last opened, and when it lets a probe call through. */
  openedAt: z.string().optional(),
  probeAfter: z.string().optional(),
  calls: z.number().int(),
  successes: z.number().int(),
  /** Retryable failures: timeouts, 5xx, 429, connection errors. */
  failures: z.number().int(),
  /** Calls refused by the open circuit without reaching the provider. */
  rejected: z.number().int(),
  /** Business outcomes (declines, invalid requests): not a sign of provider trouble. */
  terminal: z.number().int(),
  lastSuccessAt: z.string().optional(),
  lastFailureAt: z.string().optional(),
  recentFailures: z.array(RecentFailure),
});
export type ProviderHealthSnapshot = z.infer<typeof ProviderHealthSnapshot>;

/** ProviderHealth.status: the breakers and recent failures of the endpoint process that answered. */
export const HealthSnapshot = z.object({ instance: z.string(), at: z.string(), providers: z.array(ProviderHealthSnapshot) });
export type HealthSnapshot = z.infer<typeof HealthSnapshot>;

const RECENT_LIMIT = 20;

/** Mutable counters of one provider; written by its resilience guard. */
export class ProviderHealthRecorder {
  readonly provider: ProviderName;
  private breaker: BreakerState = "disabled";
  private openedAt: number | undefined;
  private probeAfter: number | undefined;
  private calls = 0;
  private successes = 0;
  private failures = 0;
  private rejected = 0;
  private terminal = 0;
  private lastSuccessAt: number | undefined;
  private lastFailureAt: number | undefined;
  private recent: RecentFailure[] = [];

  constructor(provider: ProviderName) {
    this.provider = provider;
  }

  breakerChanged(state: BreakerState, probeAfterMs?: number): void {
    this.breaker = state;
    if (state === "open") {
      this.openedAt = Date.now();
      this.probeAfter = probeAfterMs === undefined ? undefined : this.openedAt + probeAfterMs;
    } else if (state === "closed") {
      this.openedAt = undefined;
      this.probeAfter = undefined;
    }
  }

  succeeded(): void {
    this.calls++;
    this.successes++;
    this.lastSuccessAt = Date.now();
  }

  /** A business outcome: the provider answered, so it counts as a call but not as trouble. */
  refused(): void {
    this.calls++;
    this.terminal++;
  }

  failed(operation: string, kind: FailureKind, message: string): void {
    this.calls++;
    if (kind === "circuit-open") this.rejected++;
    else this.failures++;
    this.lastFailureAt = Date.now();
    this.recent.push({ at: new Date(this.lastFailureAt).toISOString(), operation, kind, message });
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  snapshot(): ProviderHealthSnapshot {
    return {
      provider: this.provider,
      breaker: this.breaker,
      ...(this.openedAt === undefined ? {} : { openedAt: iso(this.openedAt) }),
      ...(this.probeAfter === undefined ? {} : { probeAfter: iso(this.probeAfter) }),
      calls: this.calls,
      successes: this.successes,
      failures: this.failures,
      rejected: this.rejected,
      terminal: this.terminal,
      ...(this.lastSuccessAt === undefined ? {} : { lastSuccessAt: iso(this.lastSuccessAt) }),
      ...(this.lastFailureAt === undefined ? {} : { lastFailureAt: iso(this.lastFailureAt) }),
      recentFailures: this.recent.map((f) => ({ ...f })),
    };
  }
}

/** The recorders of one set of real providers; the last registration of a name wins. */
export class ProviderHealthRegistry {
  private readonly recorders = new Map<ProviderName, ProviderHealthRecorder>();

  register(provider: ProviderName): ProviderHealthRecorder {
    const recorder = new ProviderHealthRecorder(provider);
    this.recorders.set(provider, recorder);
    return recorder;
  }

  snapshot(): HealthSnapshot {
    return {
      instance: `${hostname()}:${process.pid}`,
      at: new Date().toISOString(),
      providers: [...this.recorders.values()].map((r) => r.snapshot()),
    };
  }
}

/** The process's registry: createRealProviders writes to it, the ProviderHealth service reads it. */
export const providerHealth = new ProviderHealthRegistry();

const iso = (ms: number) => new Date(ms).toISOString();
