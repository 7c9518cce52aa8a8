import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The service endpoint process's Prometheus registry, served on METRICS_PORT. Everything here
 * happens in this process, so every replica counts its own and Prometheus sums the replicas.
 *
 * Counters move only where an attempt really happened: inside a `ctx.run` closure (or provider code,
 * which runs only inside one), never in handler code, which runs again on every replay. A closure
 * that finished just before a crash, before Restate journaled its result, runs again and is counted
 * again, as the call it made is made again.
 */

export type ProviderOutcome = "success" | "refused" | "failed" | "circuit_open";
export type WebhookVerdict = "verified" | "rejected" | "duplicate";
export type ProjectionOutcome = "written" | "stale" | "failed";

/** Provider calls: from a cached answer to a slow label purchase (the timeouts are 10–30 s). */
const PROVIDER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Projection lag: moments normally; minutes to hours while PostgreSQL is away. */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600];
const BREAKER_STATES = ["closed", "open", "half-open", "disabled"] as const;
const CIRCUIT_STATE = "shop_provider_circuit_state";

function createEndpointMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };

  const providerCalls = new Histogram({
    ...metric,
    name: "shop_provider_call_duration_seconds",
    help: "Calls to Stripe, Shippo and SendGrid (or the mocks standing in for them) by operation and outcome: success, refused (a business answer such as a decline), failed (timeout, 5xx, unreachable: retried), circuit_open (not attempted).",
    labelNames: ["provider", "operation", "outcome"] as const,
    buckets: PROVIDER_BUCKETS,
  });
  const webhookVerdicts = new Counter({
    ...metric,
    name: "shop_webhook_verdicts_total",
    help: "Provider callbacks verified or rejected on their signature, and events in verified callbacks that were duplicates of ones already applied.",
    labelNames: ["provider", "verdict"] as const,
  });
  const projectionWrites = new Counter({
    ...metric,
    name: "shop_projection_writes_total",
    help: "Attempts to write a projection row into PostgreSQL: written, stale (a newer version was there: nothing to do), failed (retried by Restate).",
    labelNames: ["projection", "outcome"] as const,
  });
  const projectionLag = new Histogram({
    ...metric,
    name: "shop_projection_lag_seconds",
    help: "From an order's last recorded change to its row written in PostgreSQL.",
    labelNames: ["projection"] as const,
    buckets: LAG_BUCKETS,
  });
  const deliveryAttempts = new Counter({
    ...metric,
    name: "shop_event_delivery_attempts_total",
    help: "Outbound webhook delivery attempts by outcome: delivered (2xx), gone (410: the subscription is disabled), retry (anything else, or no answer), refused (the URL points at an internal address: the subscription is disabled).",
    labelNames: ["outcome"] as const,
  });

  return {
    registry,
    /**
     * The breakers' gauge, read at each scrape from `circuits` (the providers' health registry of this
     * process); once per registry, however many servers a process starts.
     */
    watchCircuits(circuits: () => Array<{ provider: string; breaker: string }>): void {
      if (registry.getSingleMetric(CIRCUIT_STATE)) return;
      new Gauge({
        ...metric,
        name: CIRCUIT_STATE,
        help: "The circuit breaker of each real provider in this process: 1 for its current state (closed, open, half-open, disabled), 0 for the others. None in mock mode.",
        labelNames: ["provider", "state"] as const,
        collect() {
          this.reset();
          for (const p of circuits()) {
            for (const state of BREAKER_STATES) this.set({ provider: p.provider, state }, p.breaker === state ? 1 : 0);
          }
        },
      });
    },
    providerCall(provider: string, operation: string, outcome: ProviderOutcome, seconds: number): void {
      providerCalls.observe({ provider, operation, outcome }, seconds);
    },
    webhookVerdict(provider: string, verdict: WebhookVerdict): void {
      webhookVerdicts.inc({ provider, verdict });
    },
    /** `changedAt`: when the entity last changed (epoch ms), for the lag of a row written. */
    projectionWrite(projection: string, outcome: ProjectionOutcome, changedAt?: number): void {
      projectionWrites.inc({ projection, outcome });
      if (outcome === "written" && changedAt !== undefined)
        projectionLag.observe({ projection }, Math.max(0, Date.now() - changedAt) / 1000);
    },
    deliveryAttempt(outcome: "delivered" | "gone" | "retry" | "refused"): void {
      deliveryAttempts.inc({ outcome });
    },
  };
}

/** The process's one registry, like the providers' health registry: handlers and providers write to it. */
export const endpointMetrics = createEndpointMetrics();
