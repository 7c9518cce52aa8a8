import type { AnalyticsResults } from "./analytics.ts";
import type { ApiComparison } from "./checkout-via-api.ts";
import type { DurableSteps, TimelineEntry } from "./journal.ts";
import type { Measurement } from "./measure.ts";
import type { QueryResults } from "./queries.ts";
import type { SigninFlood } from "./signin-flood.ts";

export interface OrderCell extends Measurement {
  items: number;
  steps: DurableSteps;
  /** This cell's figures divided by the no-op ceiling's at the same concurrency. */
  vsCeiling: { perSecond: number; p50: number; p99: number };
}

export interface BenchResult {
  label: string;
  at: string;
  machine: { cpus: number; node: string; restate: string };
  settings: { durationMs: number; warmupMs: number };
  /** What the cells ran against: the embedded server, or a running deployment's URLs. */
  target?: string;
  ceiling: Measurement[];
  orders: OrderCell[];
  /** A journal per item count (taken at concurrency 1): entry by entry, with the wait before it. */
  timelines: Record<string, TimelineEntry[]>;
  /** The query side: catalog search, admin order search, projection lag (absent with --queries false). */
  queries?: QueryResults;
  /** A cart checkout through the HTTP API against the same checkout straight through the ingress. */
  api?: ApiComparison;
  /** The analytics dashboard and funnel (absent with --queries false or --api-only). */
  analytics?: AnalyticsResults;
  /** A legitimate sign-in during a flood of wrong passwords from another address (`--signin-only`). */
  signin?: SigninFlood;
}

export function vsCeiling(cell: Measurement, ceiling: Measurement[]): OrderCell["vsCeiling"] {
  const base = ceiling.find((c) => c.concurrency === cell.concurrency);
  if (!base) return { perSecond: Number.NaN, p50: Number.NaN, p99: Number.NaN };
  return { perSecond: cell.perSecond / base.perSecond, p50: cell.p50Ms / base.p50Ms, p99: cell.p99Ms / base.p99Ms };
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/** The no-op ceiling and processOrder's cells, side by side (none with --api-only or --analytics-only). */
function orderTable(result: BenchResult): string[] {
  return [
    "",
    "| call | items | concurrency | per s | p50 ms | p99 ms | × ceiling per s | × ceiling p50 | × ceiling p99 | journal entries | commands | calls | call entries | answered | failed |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...result.ceiling.map(
      (c) =>
        `| no-op | – | ${c.concurrency} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | 1 | 1 | 1 | – | – | – | – | ${c.completed} | ${c.failed} |`,
    ),
    ...result.orders.map(
      (o) =>
        `| processOrder | ${o.items} | ${o.concurrency} | ${f(o.perSecond)} | ${f(o.p50Ms, 2)} | ${f(o.p99Ms, 2)} | ${f(o.vsCeiling.perSecond, 3)} | ${f(o.vsCeiling.p50)} | ${f(o.vsCeiling.p99)} | ${f(o.steps.entries)} | ${f(o.steps.commands)} | ${f(o.steps.calls)} | ${f(o.steps.callEntries)} | ${o.completed} | ${o.failed} |`,
    ),
  ];
}

export function markdown(result: BenchResult): string {
  const lines = [
    `# Bench ${result.label} (${result.at})`,
    "",
    `${result.machine.cpus} CPUs, Node ${result.machine.node}, restate-server ${result.machine.restate}; ${result.settings.durationMs / 1000} s per cell after ${result.settings.warmupMs / 1000} s warm-up; MOCK_MODE, zero-latency mocks, no mock webhooks.`,
    ...(result.target ? ["", `Against ${result.target}.`] : []),
    ...(result.ceiling.length + result.orders.length === 0 ? [] : orderTable(result)),
  ];
  if (result.queries) lines.push("", ...queryLines(result.queries));
  if (result.analytics) lines.push("", ...analyticsLines(result.analytics));
  if (result.api) {
    const { api } = result;
    lines.push("", `## Cart checkout through the HTTP API vs straight through the ingress, concurrency ${api.concurrency}`, "");
    lines.push(
      `${api.concurrency} callers take turns between the two paths in one window of ${api.ingress.seconds} s, so both run side by side under the same load. The API checks the bearer token, reads the customer's current cart and details (one call), and checks out; the order comes with the checkout's answer.`,
      "",
    );
    lines.push("| path | per s | p50 ms | p99 ms | answered | failed |", "|---|---:|---:|---:|---:|---:|");
    for (const [path, m] of [
      ["ingress (Cart.checkout)", api.ingress],
      ["API (POST /orders)", api.api],
    ] as const) {
      lines.push(`| ${path} | ${f(m.perSecond)} | ${f(m.p50Ms, 2)} | ${f(m.p99Ms, 2)} | ${m.completed} | ${m.failed} |`);
    }
    lines.push("", `The API adds ${f(api.p50Overhead * 100)} % to the p50 (the budget is 15 %).`);
  }
  if (result.signin) {
    const { signin } = result;
    lines.push("", `## A sign-in during a flood of ${signin.flood} wrong passwords from another address`, "");
    lines.push(
      `An API of its own with production settings (scrypt 2^${signin.scryptLogN}, one hash per core, the default queue and per-address limits). The owner's sign-in alone (median of 5) and while each of 3 floods is in flight (median).`,
      "",
      "| alone ms | during the flood ms | ratio (target ≤ 3) | the flood's answers |",
      "|---:|---:|---:|---|",
      `| ${f(signin.quietMs, 0)} | ${f(signin.duringFloodMs, 0)} | ${f(signin.ratio, 2)} | ${Object.entries(signin.floodAnswers)
        .map(([status, n]) => `${n}× ${status}`)
        .join(", ")} |`,
    );
  }
  for (const [items, entries] of Object.entries(result.timelines)) {
    const waited = entries.reduce((sum, e) => sum + e.sincePreviousMs, 0);
    lines.push(
      "",
      `## One ${items}-item order at concurrency 1: ${entries.length} journal entries, ${f(waited)} ms from first to last`,
      "",
    );
    lines.push("Consecutive entries of one kind are folded into one row; the time is the wait before each entry was appended.", "");
    lines.push("| entries | kind | ms |", "|---|---|---:|");
    for (const run of fold(entries))
      lines.push(
        `| ${run.from}${run.to > run.from ? `–${run.to}` : ""} | ${run.kind}${run.count > 1 ? ` ×${run.count}` : ""} | ${f(run.ms)} |`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** A Run without a name is `ctx.date.now()`: a journaled clock read, a round trip like any step. */
const kindOf = (e: TimelineEntry) => `${e.type}${e.name ? ` ${e.name}` : e.type === "Command: Run" ? " (clock)" : ""}`;

/** The completion of a run, or the id of a call just made, belongs to the command before it. */
const belongsToPrevious = (e: TimelineEntry) => e.type === "Notification: Run" || e.type === "Notification: CallInvocationId";

function fold(entries: TimelineEntry[]) {
  const runs: Array<{ from: number; to: number; kind: string; count: number; ms: number }> = [];
  for (const e of entries) {
    const last = runs.at(-1);
    if (last && belongsToPrevious(e)) {
      last.to = e.index;
      last.ms += e.sincePreviousMs;
    } else if (last && last.kind === kindOf(e)) {
      last.to = e.index;
      last.count++;
      last.ms += e.sincePreviousMs;
    } else runs.push({ from: e.index, to: e.index, kind: kindOf(e), count: 1, ms: e.sincePreviousMs });
  }
  return runs;
}

function queryLines(q: QueryResults): string[] {
  return [
    `## Catalog search over ${q.products.seeded} products (${q.products.active} active; seeded through the handlers in ${f(q.products.seedSeconds, 0)} s)`,
    "",
    "Concurrency 1. Through the ingress: the Catalog/search handler, its query journaled in a ctx.run. SQL: the same query on a pool.",
    "",
    "| query | via | per s | p50 ms | p99 ms | answered |",
    "|---|---|---:|---:|---:|---:|",
    ...q.search.map((c) => `| ${c.name} | ${c.via} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`),
    "",
    `## Admin order search over ${q.orders} orders (AdminQueries/searchOrders)`,
    "",
    "| query | per s | p50 ms | p99 ms | answered |",
    "|---|---:|---:|---:|---:|",
    ...q.adminOrderSearch.map((c) => `| ${c.name} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`),
    "",
    "## Projection lag (handler answered → row visible in PostgreSQL)",
    "",
    "| change | samples | p50 ms | p99 ms | max ms |",
    "|---|---:|---:|---:|---:|",
    ...q.projectionLag.map((l) => `| ${l.name} | ${l.samples} | ${f(l.p50Ms)} | ${f(l.p99Ms)} | ${f(l.maxMs)} |`),
  ];
}

function analyticsLines(a: AnalyticsResults): string[] {
  return [
    `## Analytics over 30 days: ${a.paidOrders} paid orders, ${a.events} tracked events`,
    "",
    "Concurrency 1. Through the ingress: AdminQueries/dashboard and /funnel, each query journaled in a ctx.run. SQL: the same queries on a pool. The target is a p50 of at most 50 ms.",
    "",
    "| query | via | per s | p50 ms | p99 ms | answered |",
    "|---|---|---:|---:|---:|---:|",
    ...a.cells.map((c) => `| ${c.name} | ${c.via} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`),
  ];
}
