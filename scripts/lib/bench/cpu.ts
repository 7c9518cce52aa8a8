import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time of the processes the bench started, read from Linux's /proc: for each root (the
 * restate-server, the PostgreSQL server, the endpoint, the API) and every process below it,
 * utime + stime (its threads included) + cutime + cstime (its children that have exited and been
 * reaped: PostgreSQL's backends end up there). A child still alive is counted by itself, one
 * reaped by its parent's cumulative fields, so nothing is counted twice.
 */

/** Clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

/** "pid (comm) state ppid … utime stime cutime cstime …": comm may hold spaces and parentheses, so fields are read after the last ")". */
export function parseStat(line: string): Stat | undefined {
  const fields = line.slice(line.lastIndexOf(")") + 2).split(" ");
  // After the comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  if (fields.length < 15) return undefined;
  const n = (i: number) => Number(fields[i]);
  return { ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14) };
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (stat) stats.set(Number(name), stat);
    } catch {
      // Gone between the listing and the read: its time is with its parent now.
    }
  }
  return stats;
}

/** Milliseconds of CPU used so far by the roots and everything below them. */
export function cpuMs(roots: readonly number[]): number {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const child of children.get(pid) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export const cpuSupported = (): boolean => {
  try {
    readFileSync("/proc/self/stat", "utf8");
    return true;
  } catch {
    return false;
  }
};

export interface Quiet {
  /** How long after the call the processes became quiet (or the cap, when they did not). */
  waitedMs: number;
  capped: boolean;
}

/**
 * Waits until the processes use less than `belowCores` of one core, averaged over `quietMs`, as
 * sampled every 250 ms: an order's tail (projections, outbound events, emails, the mocks'
 * webhooks) has run by then. Gives up after `capMs`.
 */
export async function untilQuiet(
  roots: () => readonly number[],
  options: { belowCores: number; quietMs: number; capMs: number },
): Promise<Quiet> {
  const started = performance.now();
  const samples: Array<{ at: number; cpu: number }> = [{ at: started, cpu: cpuMs(roots()) }];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = performance.now();
    samples.push({ at: now, cpu: cpuMs(roots()) });
    const from = samples.findLast((s) => now - s.at >= options.quietMs);
    if (from && (samples.at(-1)!.cpu - from.cpu) / (now - from.at) < options.belowCores) return { waitedMs: now - started, capped: false };
    if (now - started >= options.capMs) return { waitedMs: now - started, capped: true };
  }
}

/** The processes' CPU use in cores over `ms` (their idle floor: timers, the server's housekeeping). */
export async function cpuRate(roots: () => readonly number[], ms: number): Promise<number> {
  const before = cpuMs(roots());
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (cpuMs(roots()) - before) / (performance.now() - start);
}
