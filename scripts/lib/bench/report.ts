import type { AnalyticsResults } from "./analytics.ts";
import type { CpuCell } from "./cpu-cell.ts";
import type { FlashSale } from "./flash.ts";
import type { RoundTrip, TimelineEntry } from "./journal.ts";
import { keysMarkdown } from "./keys.ts";
import type { Measurement } from "./measure.ts";
import type { QueryResults } from "./queries.ts";
import type { BenchResult, OrderCell } from "./result.ts";
import type { PathCell } from "./shop.ts";
import { type Target, targets } from "./targets.ts";

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
    "",
    "## Issue 22's targets",
    "",
    ...targetLines(targets(result)),
    ...(result.ceiling.length + result.orders.length === 0 ? [] : orderTable(result)),
  ];
  if (result.shop) lines.push("", ...shopLines(result));
  if (result.roundTrips) lines.push("", ...roundTripLines(result.roundTrips));
  if (result.cpu) lines.push("", ...cpuLines(result.cpu, result.profiles));
  if (result.keys) lines.push("", "## The keys an order through the API touches", "", ...keysMarkdown(result.keys, "in this run"));
  if (result.flash) lines.push("", ...flashLines(result.flash));
  if (result.queries) lines.push("", ...queryLines(result.queries));
  if (result.analytics) lines.push("", ...analyticsLines(result.analytics));
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
    "Through the API: GET /products?q=, as a shopper searches. Through the ingress: the Catalog/search handler (while it exists). SQL: the same query on a pool.",
    "",
    "| query | via | concurrency | per s | p50 ms | p99 ms | answered |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...q.search.map(
      (c) => `| ${c.name} | ${c.via} | ${c.concurrency} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`,
    ),
    "",
    `## Admin order search over ${q.orders} orders (AdminQueries/searchOrders)`,
    "",
    ...(q.adminOrderSearch.length === 0
      ? ["AdminQueries/searchOrders is not served by this version: not measured."]
      : [
          "| query | per s | p50 ms | p99 ms | answered |",
          "|---|---:|---:|---:|---:|",
          ...q.adminOrderSearch.map((c) => `| ${c.name} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`),
        ]),
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
    "Concurrency 1. Through the ingress: AdminQueries/dashboard and /funnel, each query journaled in a ctx.run (while those handlers exist). SQL: the same queries on a pool. The target is a p50 of at most 50 ms.",
    "",
    "| query | via | per s | p50 ms | p99 ms | answered |",
    "|---|---|---:|---:|---:|---:|",
    ...a.cells.map((c) => `| ${c.name} | ${c.via} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${c.completed} |`),
  ];
}

function targetLines(rows: Target[]): string[] {
  return [
    "| target | measured | met |",
    "|---|---|---|",
    ...rows.map((t) => `| ${t.target} | ${t.measured} | ${t.met === undefined ? "not measured" : t.met ? "met" : "**not met**"} |`),
  ];
}

const outcomes = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([what, n]) => `${n}× ${what}`)
    .join(", ");

function shopLines(result: BenchResult): string[] {
  const shop = result.shop!;
  const oneLine = (c: number) => result.orders.find((o) => o.items === 1 && o.concurrency === c);
  const noop = (c: number) => result.ceiling.find((m) => m.concurrency === c);
  const rows: Array<[string, PathCell, Measurement | undefined]> = [
    ...shop.cartAdd.map((c): [string, PathCell, Measurement | undefined] => ["POST /cart/items (× the no-op)", c, noop(c.concurrency)]),
    ...shop.apiOrders.map((c): [string, PathCell, Measurement | undefined] => [
      "POST /orders (× processOrder, 1 line)",
      c,
      oneLine(c.concurrency),
    ]),
    ...shop.checkout.map((c): [string, PathCell, Measurement | undefined] => [
      "Cart.checkout via the ingress (× processOrder, 1 line)",
      c,
      oneLine(c.concurrency),
    ]),
  ];
  return [
    "## The shop's path",
    "",
    "Each account has its own cart; a cart gets its line before each checkout, outside the timing. POST /orders counts 201 (a paid order) as done; Cart.checkout counts an order as done when it is paid (its answer, or the answer of its invocation attached to). POST /cart/items adds one unit of the caller's own SKU again and again (its cart keeps one line). Answers: every answer of the cell, warm-up included.",
    "",
    "| path | concurrency | per s | p50 ms | p99 ms | × per s | × p50 | done | not done | answers |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map(
      ([name, c, base]) =>
        `| ${name} | ${c.concurrency} | ${f(c.perSecond)} | ${f(c.p50Ms, 2)} | ${f(c.p99Ms, 2)} | ${base ? f(c.perSecond / base.perSecond, 2) : "–"} | ${base ? f(c.p50Ms / base.p50Ms, 2) : "–"} | ${c.completed} | ${c.failed} | ${outcomes(c.outcomes)} |`,
    ),
  ];
}

const trip = (t: RoundTrip) => t.awaited.join(" ‖ ");

function roundTripLines(r: NonNullable<BenchResult["roundTrips"]>): string[] {
  return [
    "## Awaited round trips (from the journal)",
    "",
    `A round trip: a batch of commands the handler sent, then a wait for a result (a run's acknowledgement, a call's answer). Things awaited together count once. The counter is checked on a handler with known waits: ${r.calibrated ? "it counts them right" : "**FAILED**, the figures below are not to be trusted"} (${r.calibration.map(trip).join(" → ")}).`,
    "",
    "| invocation | round trips | what each waited for |",
    "|---|---:|---|",
    ...(
      [
        ["processOrder of a 1-line order through the API (an account's, pm_card_visa)", r.account],
        ["processOrder of a 1-line order through the ingress (a guest's, pm_card_visa)", r.guest],
        ["Cart.checkout of the account's order", r.checkout],
      ] as const
    ).map(([what, trips]) =>
      trips ? `| ${what} | ${trips.length} | ${trips.map(trip).join(" → ")} |` : `| ${what} | – | its journal was not found |`,
    ),
  ];
}

function cpuLines(cells: CpuCell[], profiles: BenchResult["profiles"]): string[] {
  const names = [...new Set(cells.flatMap((c) => Object.keys(c.byProcess)))];
  const lines = [
    "## CPU per call, its tail included",
    "",
    "utime + stime of every process the bench started (and their children: PostgreSQL's backends), from /proc, from the start of the cell until they used under 5 % of a core for 2 s after it (the order's projections, events, emails and the mocks' webhooks — payment, tracking to delivered, email events — which are on for these cells), divided by the calls that succeeded in that time (warm-up included).",
    "",
    `| cell | concurrency | calls | ms per call | ${names.join(" | ")} | quiet after s | idle before (cores) |`,
    `|---|---:|---:|---:|${names.map(() => "---:|").join("")}---:|---:|`,
    ...cells.map(
      (c) =>
        `| ${c.name} | ${c.concurrency} | ${c.orders} | ${f(c.perOrderMs)} | ${names.map((n) => f(c.byProcess[n] ?? Number.NaN)).join(" | ")} | ${f(c.tailMs / 1000)}${c.capped ? " (capped)" : ""} | ${f(c.idleCores, 3)} |`,
    ),
  ];
  const order = cells.find((c) => c.name.startsWith("POST /orders"));
  const add = cells.find((c) => c.name === "POST /cart/items");
  if (order && add) lines.push("", `Without its cart add, an order through the API costs ${f(order.perOrderMs - add.perOrderMs)} ms.`);
  for (const [name, p] of Object.entries(profiles ?? {})) {
    lines.push(
      "",
      `### Where the ${name}'s CPU goes (--cpu-prof, the samples of a POST /orders cell at 16: ${f(p.totalMs, 0)} ms over ${p.orders} orders, ${f(p.totalMs / p.orders)} ms per order)`,
      "",
      "| package or folder | self ms | share |",
      "|---|---:|---:|",
      ...p.groups.map((g) => `| ${g.group} | ${f(g.ms, 0)} | ${f(g.share * 100)} % |`),
      "",
      "| function | where | self ms | share |",
      "|---|---|---:|---:|",
      ...p.functions.map((fn) => `| ${fn.function} | ${fn.at} | ${f(fn.ms, 0)} | ${f(fn.share * 100)} % |`),
    );
  }
  return lines;
}

function flashLines(flash: FlashSale): string[] {
  return [
    `## Flash sale: ${flash.units} units of one SKU, ${flash.buyers} guests checking out through the API at ${flash.concurrency}`,
    "",
    "Guests (POST /guest/orders), each with one unit in a cart of their own filled before the sale: a sale brings new visitors, and the set-up stays free of a thousand password hashes. Every order reaches the SKU's one InventoryItem key.",
    "",
    "| sold out after s | placed per s | decided per s | p50 ms | p99 ms | answers | on hand after | reserved after |",
    "|---:|---:|---:|---:|---:|---|---:|---:|",
    `| ${f(flash.sellOutSeconds, 2)} | ${f(flash.placedPerSecond)} | ${f(flash.decidedPerSecond)} | ${f(flash.p50Ms, 0)} | ${f(flash.p99Ms, 0)} | ${outcomes(flash.statuses)} | ${flash.item.onHand} | ${flash.item.reserved} (${flash.item.openReservations} open) |`,
    "",
    flash.failures.length
      ? flash.failures.map((failure) => `FAILED: ${failure}`).join("\n\n")
      : "Checks passed: exactly the units placed, every other buyer refused with 409, nothing on hand, nothing held.",
    ...Object.entries(flash.unexpected ?? {}).flatMap(([status, body]) => [
      "",
      `The first ${status} answered: \`${body.replace(/`/g, "'")}\``,
    ]),
  ];
}
