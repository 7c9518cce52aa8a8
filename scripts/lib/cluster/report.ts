import type { Violation } from "../chaos/invariants.ts";
import type { ClientLog } from "./client.ts";

/** One process SIGKILLed and started again while the load ran. */
export interface Loss {
  target: string;
  killedAt: number;
  /** When it was started again, and when it served again (a node: rejoined and running partitions). */
  restartedAt: number;
  backAt: number;
}

export interface WindowStats {
  from: number;
  to: number;
  /** Checkouts (processOrder calls) answered in the window, per second. */
  ordersPerSecond: number;
  checkouts: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP attempts that ended in the window, and those a client saw fail (no answer, 502/503/504). */
  attempts: number;
  errors: number;
  errorRate: number;
}

export interface LossReport extends Loss {
  before: WindowStats;
  during: WindowStats;
  after: WindowStats;
}

export interface ErrorGroup {
  target: string;
  error: string;
  count: number;
  /** Where the first and last of them fell, e.g. "during restate-2 loss". */
  when: string[];
}

export interface ClusterReport {
  seed: number;
  rate: number;
  durationMs: number;
  orders: number;
  /** Checkouts placed through the API servers. */
  apiOrders: number;
  outcomes: Record<string, number>;
  heldBack: number;
  overall: WindowStats;
  losses: LossReport[];
  errors: ErrorGroup[];
  lost: number;
  webhooks: number;
  checks: number;
  violations: Violation[];
  notes: string[];
  filesKeptAt?: string;
}

/** A checkout: processOrder through an ingress, or POST /orders through an API server. */
const CHECKOUT = /\/processOrder$|^\/orders$/;

/** Throughput, latency and client-visible errors of the load between `from` and `to` (ms since epoch). */
export function windowStats(log: ClientLog, from: number, to: number): WindowStats {
  const inWindow = (t: number) => t >= from && t < to;
  const checkouts = log.calls.filter((c) => CHECKOUT.test(c.path) && c.status !== undefined && inWindow(c.endedAt));
  const latencies = checkouts.map((c) => c.endedAt - c.startedAt).sort((a, b) => a - b);
  const attempts = log.attempts.filter((a) => inWindow(a.endedAt));
  const errors = attempts.filter((a) => a.error !== undefined).length;
  const seconds = Math.max(0.001, (to - from) / 1000);
  return {
    from,
    to,
    ordersPerSecond: checkouts.length / seconds,
    checkouts: checkouts.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    attempts: attempts.length,
    errors,
    errorRate: attempts.length ? errors / attempts.length : 0,
  };
}

export function lossReport(log: ClientLog, loss: Loss, windowMs: number): LossReport {
  return {
    ...loss,
    before: windowStats(log, loss.killedAt - windowMs, loss.killedAt),
    during: windowStats(log, loss.killedAt, loss.backAt),
    after: windowStats(log, loss.backAt, loss.backAt + windowMs),
  };
}

/** Every failed attempt, grouped by where it went and what the client saw, with the phase it fell in. */
export function errorGroups(log: ClientLog, losses: Loss[], nameOf: (url: string) => string): ErrorGroup[] {
  const phase = (t: number) => {
    const loss = losses.find((l) => t >= l.killedAt && t < l.backAt + 2_000);
    return loss ? `${t < loss.backAt ? "during" : "just after"} ${loss.target} loss` : "no process down";
  };
  const groups = new Map<string, ErrorGroup>();
  for (const a of log.attempts) {
    if (!a.error) continue;
    const key = `${a.target} ${a.error}`;
    const group = groups.get(key) ?? { target: nameOf(a.target), error: a.error, count: 0, when: [] };
    group.count++;
    const when = phase(a.endedAt);
    if (!group.when.includes(when)) group.when.push(when);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const pct = (n: number) => `${(n * 100).toFixed(2)} %`;
const cells = (w: WindowStats) =>
  `${f(w.ordersPerSecond)}/s (p50 ${f(w.p50Ms, 0)} ms, p99 ${f(w.p99Ms, 0)} ms, errors ${w.errors}/${w.attempts} = ${pct(w.errorRate)})`;

export function formatClusterReport(r: ClusterReport): string {
  const lines = [
    `cluster: seed ${r.seed}, ${r.orders} orders offered at ${r.rate}/s through the ingresses and ${r.apiOrders} through the API, ${(r.durationMs / 1000).toFixed(1)} s`,
    `  orders by outcome: ${Object.entries(r.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `  whole load: ${cells(r.overall)}`,
    ...(r.heldBack > 0 ? [`  arrivals held back by the in-flight bound: ${r.heldBack}`] : []),
    "  orders/s (checkouts answered) before / during / after each loss:",
  ];
  for (const l of r.losses) {
    lines.push(
      `    ${l.target}: killed, restarted after ${f((l.restartedAt - l.killedAt) / 1000)} s, serving again after ${f((l.backAt - l.killedAt) / 1000)} s`,
      `      before ${cells(l.before)}`,
      `      during ${cells(l.during)}`,
      `      after  ${cells(l.after)}`,
    );
  }
  if (r.errors.length === 0) lines.push("  errors clients saw: none");
  else {
    lines.push(`  errors clients saw (each retried with the same idempotency key): ${r.errors.reduce((s, e) => s + e.count, 0)}`);
    for (const e of r.errors) lines.push(`    ${e.count}× ${e.target}: ${e.error} — ${e.when.join(", ")}`);
  }
  lines.push(
    `  lost orders: ${r.lost}`,
    `  provider webhooks sent (duplicates included): ${r.webhooks}`,
    `  invariant checks run: ${r.checks}`,
    ...r.notes.map((n) => `  note: ${n}`),
  );
  if (r.violations.length === 0) lines.push("  violations: none");
  else {
    lines.push(`  VIOLATIONS: ${r.violations.length}`);
    for (const v of r.violations.slice(0, 50)) lines.push(`    ${v.subject}: ${v.rule} — ${v.detail}`);
    if (r.violations.length > 50) lines.push(`    … and ${r.violations.length - 50} more`);
  }
  if (r.filesKeptAt) lines.push(`  logs, ledger and kills kept in ${r.filesKeptAt}`);
  return lines.join("\n");
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
