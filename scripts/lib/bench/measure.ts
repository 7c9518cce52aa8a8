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
  let n = 0;
  let answered = 0;
  const latencies: number[] = [];
  let failed = 0;
  const warmupEnd = performance.now() + options.warmupMs;
  let window: { start: number; end: number } | undefined;
  const caller = async () => {
    while (!window || performance.now() < window.end) {
      const started = performance.now();
      const ok = await call(n++);
      const finished = performance.now();
      answered++;
      if (!window) {
        if (answered >= options.concurrency && finished >= warmupEnd) window = { start: finished, end: finished + options.durationMs };
        continue;
      }
      if (finished > window.end) continue;
      if (ok) latencies.push(finished - started);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  latencies.sort((a, b) => a - b);
  const seconds = options.durationMs / 1000;
  return {
    concurrency: options.concurrency,
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
