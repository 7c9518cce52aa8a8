import { type LoadResult, runJob } from "../chaos/driver.ts";
import type { Job } from "../chaos/plan.ts";
import type { ScenarioContext } from "../chaos/scenarios.ts";

export interface SteadyLoad {
  /** Jobs started so far (the job index a kill happened at, for the invariants' kill records). */
  readonly started: number;
  /** Arrivals that had to wait because `maxInFlight` journeys were already running. */
  readonly heldBack: number;
  /** Jobs whose client gave up or whose step failed outright: each one a lost order or restock. */
  readonly failures: Array<{ job: Job; error: string }>;
  /** Stops new arrivals and resolves when every started journey has finished. */
  stop(): Promise<void>;
}

/**
 * An open loop, like a shop's customers: jobs arrive at `rate` per second whatever the cluster is
 * going through (a slow cluster does not slow the arrivals down), each job runs its whole journey,
 * and at most `maxInFlight` run at once — a bound for this machine, reported when it is reached.
 */
export function startSteadyLoad(
  jobs: readonly Job[],
  ctx: ScenarioContext,
  result: LoadResult,
  options: { rate: number; maxInFlight: number },
): SteadyLoad {
  const failures: SteadyLoad["failures"] = [];
  const running = new Set<Promise<void>>();
  let started = 0;
  let heldBack = 0;
  let stopping = false;
  const t0 = performance.now();

  const arrivals = (async () => {
    while (!stopping && started < jobs.length) {
      const due = t0 + (started * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (running.size >= options.maxInFlight) {
        heldBack++;
        while (running.size >= options.maxInFlight && !stopping) await Promise.race(running);
      }
      if (stopping) break;
      const job = jobs[started++]!;
      const journey = runJob(job, ctx, result)
        .catch((error: unknown) => void failures.push({ job, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => running.delete(journey));
      running.add(journey);
    }
  })();

  return {
    get started() {
      return started;
    },
    get heldBack() {
      return heldBack;
    },
    failures,
    async stop() {
      stopping = true;
      await arrivals;
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
