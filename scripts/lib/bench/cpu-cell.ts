import { cpuMs, cpuRate, untilQuiet } from "./cpu.ts";
import { type OutcomePath, type PathCell, pathCell } from "./shop.ts";

/** CPU per order of one cell, its tail included, for every process the bench started. */
export interface CpuCell {
  name: string;
  concurrency: number;
  /** Calls that succeeded from the cell's start to its end (warm-up included): what the CPU is divided by. */
  orders: number;
  /** All processes together, per successful call, in ms. */
  perOrderMs: number;
  /** Each process's share, per successful call, in ms. */
  byProcess: Record<string, number>;
  /** From the cell's last answer until the processes were quiet again. */
  tailMs: number;
  /** The tail did not end within the cap: the figure leaves part of it out. */
  capped: boolean;
  /** The processes' CPU use at rest just before the cell, in cores. */
  idleCores: number;
  cell: PathCell;
}

/** Quiet: under 5 % of one core for 2 s. */
const QUIET = { belowCores: 0.05, quietMs: 2_000 };

/**
 * From the start of a cell until the processes are quiet again after it (an order's projections,
 * outbound events, emails and the mocks' webhooks ran by then; at most 60 s), the CPU time of every
 * process the bench started (cpu.ts), divided by the calls that succeeded in that time.
 */
export async function cpuCell(options: {
  name: string;
  path: OutcomePath;
  success: string;
  concurrency: number;
  settings: { durationMs: number; warmupMs: number };
  processes: () => Record<string, number>;
  log: (line: string) => void;
}): Promise<CpuCell> {
  const roots = () => Object.values(options.processes());
  await untilQuiet(roots, { ...QUIET, capMs: 30_000 });
  const idleCores = await cpuRate(roots, 1_000);
  const each = () => Object.fromEntries(Object.entries(options.processes()).map(([name, pid]) => [name, cpuMs([pid])]));
  const before = each();
  const cell = await pathCell(options.path, options.success, { concurrency: options.concurrency, ...options.settings });
  const quiet = await untilQuiet(roots, { ...QUIET, capMs: 60_000 });
  const after = each();
  const orders = cell.outcomes[options.success] ?? 0;
  const byProcess = Object.fromEntries(Object.entries(after).map(([name, ms]) => [name, (ms - (before[name] ?? 0)) / orders]));
  const perOrderMs = Object.values(byProcess).reduce((sum, ms) => sum + ms, 0);
  options.log(
    `CPU per call, ${options.name} at ${options.concurrency}: ${perOrderMs.toFixed(1)} ms (${Object.entries(byProcess)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(", ")}) over ${orders} calls; quiet ${(quiet.waitedMs / 1000).toFixed(1)} s after${quiet.capped ? " (capped)" : ""}`,
  );
  return {
    name: options.name,
    concurrency: options.concurrency,
    orders,
    perOrderMs,
    byProcess,
    tailMs: quiet.waitedMs,
    capped: quiet.capped,
    idleCores,
    cell,
  };
}
