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
  samples: number[];
  timeDeltas: number[];
}

/**
 * The functions with the most self time in a .cpuprofile: each sample's time (the delta that
 * precedes it) goes to the function on top of the stack; the idle loop is left out, V8's own
 * "(program)" and "(garbage collector)" stay (CPU all the same). Pure.
 */
export function topSelfTime(profile: CpuProfile, root: string, top = 12): { totalMs: number; functions: SelfTime[] } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { function: string; at: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === "(idle)" || us <= 0) return;
    const file = frame.url.replace(/^file:\/\//, "");
    const at = file ? `${file.startsWith(root) ? path.relative(root, file) : file}:${frame.lineNumber + 1}` : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name} ${at}`;
    const entry = self.get(key) ?? { function: name, at, us: 0 };
    entry.us += us;
    self.set(key, entry);
    totalUs += us;
  });
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({ function: f.function, at: f.at, ms: f.us / 1000, share: totalUs ? f.us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, functions };
}

/** The top self time of the one profile a process wrote into `dir`. */
export function profileIn(dir: string, root: string, top = 12): { totalMs: number; functions: SelfTime[] } | undefined {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  return file ? topSelfTime(JSON.parse(readFileSync(path.join(dir, file), "utf8")), root, top) : undefined;
}
