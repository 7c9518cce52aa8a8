import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A function's own time in a V8 CPU profile (`node --cpu-prof`), summed over everywhere it was sampled. */
export interface SelfTime {
  function: string;
  /** Where it is: the file (relative to the project where it lies inside it) and line. */
  at: string;
  ms: number;
  share: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the machine's monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span on the monotonic clock, in microseconds: `process.hrtime.bigint() / 1000n` in any process of the machine. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** Where a function lives, coarsely: a package, a folder of the project, Node's internals, V8. */
export function groupOf(at: string, name: string): string {
  if (!at) return name.startsWith("(") ? name : "V8 and native";
  if (at.startsWith("wasm://")) return "WebAssembly (the Restate SDK's core)";
  if (at.startsWith("node:")) return `node:${at.slice(5).split("/").slice(0, 2).join("/").split(":")[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(at);
  if (pkg) return pkg[1]!;
  return at.split("/").slice(0, 2).join("/").split(":")[0]!;
}

/**
 * The functions with the most self time in a .cpuprofile, and the packages or folders they are in:
 * each sample's time (the delta that precedes it) goes to the function on top of the stack; the
 * idle loop is left out, V8's own "(program)" and "(garbage collector)" stay (CPU all the same).
 * With a window, only the samples taken within it (the process's start-up left out). Pure.
 */
export function topSelfTime(
  profile: CpuProfile,
  root: string,
  window?: Window,
  top = 12,
): { totalMs: number; functions: SelfTime[]; groups: Array<{ group: string; ms: number; share: number }> } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { function: string; at: string; us: number }>();
  const groups = new Map<string, number>();
  let totalUs = 0;
  let clock = profile.startTime;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    clock += us;
    if (window && (clock < window.fromUs || clock > window.toUs)) return;
    if (!frame || frame.functionName === "(idle)" || us <= 0) return;
    const file = frame.url.replace(/^file:\/\//, "");
    const at = file ? `${file.startsWith(root) ? path.relative(root, file) : file}:${frame.lineNumber + 1}` : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name} ${at}`;
    const entry = self.get(key) ?? { function: name, at, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const group = groupOf(at, name);
    groups.set(group, (groups.get(group) ?? 0) + us);
    totalUs += us;
  });
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({ function: f.function, at: f.at, ms: f.us / 1000, share: totalUs ? f.us / totalUs : 0 }));
  const share = (us: number) => (totalUs ? us / totalUs : 0);
  return {
    totalMs: totalUs / 1000,
    functions,
    groups: [...groups]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([group, us]) => ({ group, ms: us / 1000, share: share(us) })),
  };
}

/** The top self time of the one profile a process wrote into `dir`. */
export function profileIn(dir: string, root: string, window?: Window): ReturnType<typeof topSelfTime> | undefined {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  return file ? topSelfTime(JSON.parse(readFileSync(path.join(dir, file), "utf8")), root, window) : undefined;
}
