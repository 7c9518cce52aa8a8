import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileLedger } from "../../../mocks/ledger.ts";
import { waitUntilIdle } from "../admin.ts";
import { callIngress } from "../ingress-call.ts";
import { startCluster } from "./cluster.ts";
import { driveLoad, type KillRecord } from "./driver.ts";
import { checkInvariants, type Violation } from "./invariants.ts";
import { type ChaosOptions, makePlan } from "./plan.ts";
import { checkProjections } from "./projections.ts";
import { readRestState } from "./rest.ts";

export interface ChaosReport {
  options: ChaosOptions;
  outcomes: Record<string, number>;
  kills: Record<string, number>;
  /** Provider callbacks sent through the ingress, duplicates included. */
  webhooks: number;
  checks: number;
  violations: Violation[];
  notes: string[];
  durationMs: number;
  /** Kept for a post-mortem when something was violated (server and endpoint logs, ledger). */
  filesKeptAt?: string;
}

/**
 * A chaos run: start the cluster, drive the seeded load while SIGKILLing endpoints, the server and
 * PostgreSQL, wait until nothing is in flight, then check every invariant against the ledger and the
 * objects, and every projection against the state it mirrors.
 */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined): Promise<ChaosReport> {
  const started = Date.now();
  const plan = makePlan(options);
  const cluster = await startCluster({ endpoints: options.endpoints });
  let keep = false;
  try {
    log(
      `cluster up: server ${cluster.adminUrl}, ${options.endpoints} endpoints behind ${cluster.balancer.url}; files in ${cluster.baseDir}`,
    );
    const load = await driveLoad(cluster, plan, options.concurrency, log);
    log(`load done (${load.orders.length} orders, ${load.kills.length} kills); waiting until nothing is in flight`);
    const open = await waitUntilIdle(cluster.adminUrl, options.settleMs);

    const read = async (path: string) => {
      const answer = await callIngress(cluster.ingressUrl, path, null, { retryForMs: 60_000, callerKey: cluster.callerKey });
      return answer.status === 200 ? answer.body : undefined;
    };
    const { orders, stock, accounts, coupon, backorder } = await readRestState(
      read,
      plan,
      load.orders.map((run) => run.order.orderId),
      load.shop,
    );

    const verdict = checkInvariants({
      runs: load.orders,
      orders,
      stock,
      expectedStock: plan.skus.map(({ sku, initial }) => ({ sku, initial, restocked: load.restocked.get(sku) ?? 0 })),
      ledger: fileLedger(cluster.ledgerFile).all(),
      kills: load.kills,
      open,
      coupon,
      accounts,
      backorder,
    });
    const projections = await checkProjections(cluster.adminUrl, cluster.databaseUrl);
    const violations = [
      ...load.stockProblems.map((p) => ({ subject: p.sku, rule: p.rule, detail: p.detail })),
      ...verdict.violations,
      ...projections.violations,
    ];
    keep = violations.length > 0;
    if (keep) writeFileSync(path.join(cluster.baseDir, "kills.json"), `${JSON.stringify(load.kills, null, 2)}\n`);
    return {
      options,
      outcomes: countOutcomes(orders),
      kills: countKills(load.kills),
      webhooks: load.webhooks,
      checks: verdict.checks + load.samples + projections.checks,
      violations,
      notes: verdict.notes,
      durationMs: Date.now() - started,
      ...(keep ? { filesKeptAt: cluster.baseDir } : {}),
    };
  } catch (error) {
    keep = true;
    throw new Error(`chaos run aborted (files kept in ${cluster.baseDir}): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    await cluster.dispose({ keepFiles: keep });
  }
}

/** An order's outcome as a customer would name it. */
function outcomeOf(order: any): string {
  if (!order) return "missing";
  if (order.status !== "failed") return order.status === "processing" ? "completed" : order.status;
  const byCode: Record<number, string> = { 402: "declined", 409: "sold out", 422: "label failed" };
  return `failed: ${byCode[order.failureCode] ?? order.failureCode}`;
}

export function countOutcomes(orders: Map<string, any>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders.values()) counts[outcomeOf(order)] = (counts[outcomeOf(order)] ?? 0) + 1;
  return counts;
}

function countKills(kills: KillRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of kills) counts[k.target] = (counts[k.target] ?? 0) + 1;
  return counts;
}

export function formatReport(report: ChaosReport): string {
  const o = report.options;
  const lines = [
    `chaos: seed ${o.seed}, ${o.orders} orders at concurrency ${o.concurrency}, ${o.endpoints} endpoints, ${(report.durationMs / 1000).toFixed(1)} s`,
    `  orders by outcome: ${Object.entries(report.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `  kills (SIGKILL + restart): ${
      Object.entries(report.kills)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }`,
    `  provider webhooks sent (duplicates included): ${report.webhooks}`,
    `  invariant checks run: ${report.checks}`,
    ...report.notes.map((n) => `  note: ${n}`),
  ];
  if (report.violations.length === 0) lines.push("  violations: none");
  else {
    lines.push(`  VIOLATIONS: ${report.violations.length}`);
    for (const v of report.violations.slice(0, 50)) lines.push(`    ${v.subject}: ${v.rule} — ${v.detail}`);
    if (report.violations.length > 50) lines.push(`    … and ${report.violations.length - 50} more`);
    if (report.filesKeptAt) lines.push(`  logs and ledger kept in ${report.filesKeptAt}`);
  }
  return lines.join("\n");
}
