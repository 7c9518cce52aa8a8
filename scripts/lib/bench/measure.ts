export interface Measurement {
  concurrency: number;
  /** Calls that answered within the measured window. */
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A closed loop: `concurrency` callers, each starting its next call when the previous one answered.
 * The warm-up lasts `warmupMs` and at least until every caller has had one answer, so the window
 * starts in a steady state even when one call takes longer than the warm-up. Throughput and
 * latency count the calls that answered within the window; calls still running at its end are
 * awaited but not counted.
 */
export async function measure(
  call: (n: number) => Promise<boolean>,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<Measurement> {
  return (await measurePaths({ only: { call } }, options)).only!;
}

/** One way of doing the measured thing; `prepare` runs before each call, outside its timing. */
export interface Path {
  call: (n: number, worker: number) => Promise<boolean>;
  prepare?: (n: number, worker: number) => Promise<void>;
}

/**
 * Like `measure`, with several paths taking turns: each caller moves to the next path after every
 * call, and callers start on different paths, so at any moment the paths run side by side in equal
 * numbers. On a machine whose load drifts (shared cores), both see the same drift, and the
 * difference between them is theirs.
 */
export async function measurePaths(
  paths: Record<string, Path>,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<Record<string, Measurement>> {
  const names = Object.keys(paths);
  const latencies = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const failed = Object.fromEntries(names.map((name) => [name, 0]));
  let n = 0;
  let answered = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  let window: { start: number; end: number } | undefined;
  const caller = async (worker: number) => {
    for (let turn = worker; !window || performance.now() < window.end; turn++) {
      const name = names[turn % names.length]!;
      const path = paths[name]!;
      const current = n++;
      if (path.prepare) await path.prepare(current, worker);
      const started = performance.now();
      const ok = await path.call(current, worker);
      const finished = performance.now();
      answered++;
      if (!window) {
        if (answered >= options.concurrency && finished >= warmupEnd) window = { start: finished, end: finished + options.durationMs };
        continue;
      }
      if (finished > window.end) continue;
      if (ok) latencies[name]!.push(finished - started);
      else failed[name]!++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, worker) => caller(worker)));
  const seconds = options.durationMs / 1000;
  return Object.fromEntries(
    names.map((name) => {
      const sorted = latencies[name]!.sort((a, b) => a - b);
      const measured: Measurement = {
        concurrency: options.concurrency,
        completed: sorted.length,
        failed: failed[name]!,
        seconds,
        perSecond: sorted.length / seconds,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
      };
      return [name, measured];
    }),
  );
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
