import { execFile } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The operators' cluster tool, shipped for this platform inside the `@restatedev/restatectl` npm package. */
export function restatectlBinary(): string {
  const pkg = `@restatedev/restatectl-${process.platform}-${process.arch}`;
  try {
    return require.resolve(`${pkg}/bin/restatectl`);
  } catch {
    throw new Error(`restatectl binary not found: ${pkg} is not installed (run npm install on ${process.platform}/${process.arch})`);
  }
}

export interface CtlResult {
  code: number;
  output: string;
}

/**
 * Runs `restatectl --address <nodes> <args>` against the nodes' advertised (node-to-node) addresses.
 * Never throws for a non-zero exit: the caller decides what a failure means.
 */
export function restatectl(addresses: readonly string[], args: readonly string[], timeoutMs = 30_000): Promise<CtlResult> {
  return new Promise((resolve) => {
    execFile(
      restatectlBinary(),
      ["--address", addresses.join(","), "--yes", "--table-style", "compact", ...args],
      { timeout: timeoutMs, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

/**
 * `restatectl provision`: writes the initial cluster configuration (partitions and replication
 * from the nodes' configuration file) into the metadata store. Provisioning an already
 * provisioned cluster succeeds without changing it, so a retried provision step is harmless.
 */
export async function provision(addresses: readonly string[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await restatectl(addresses, ["provision"]);
    if (result.code === 0 && /provisioned/i.test(result.output)) return result.output;
    if (Date.now() > deadline) throw new Error(`restatectl provision failed: ${result.output.slice(-800)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface NodeStatus {
  name: string;
  /** `Member` once the node takes part in the metadata Raft group. */
  metadata: string;
  /** Partition processors the node runs as leader and as follower. */
  leaders: number;
  followers: number;
}

/** The node table of `restatectl status`; nodes the cluster cannot reach are missing or run no partition processors. */
export function parseStatus(output: string): NodeStatus[] {
  return parseTable(output, "NODE-ID").map((row) => ({
    name: row.NAME ?? "",
    metadata: row.METADATA ?? "",
    leaders: Number(row.LEADER),
    followers: Number(row.FOLLOWER),
  }));
}

export interface PartitionProcessor {
  partition: number;
  node: string;
  mode: string;
  status: string;
  /** Log records the processor still has to apply. */
  lag: number;
}

/** The table of `restatectl partitions list`: every live partition processor. */
export function parsePartitions(output: string): PartitionProcessor[] {
  return parseTable(output, "ID").map((row) => ({
    partition: Number(row.ID),
    node: row.NODE ?? "",
    mode: row.MODE ?? "",
    status: row.STATUS ?? "",
    lag: Number(row["LSN-LAG"]),
  }));
}

/**
 * The rows of restatectl's compact table whose header starts with `firstColumn`. Cells sit under
 * their headers and may hold spaces ("2m 55s", "admin | worker"), so they are cut at the headers'
 * offsets; the table ends at the first row that is not indented like one.
 */
function parseTable(output: string, firstColumn: string): Array<Record<string, string>> {
  const lines = output.split("\n");
  const header = lines.findIndex((l) => l.trim().startsWith(`${firstColumn} `));
  if (header < 0) return [];
  const titles = [...lines[header]!.matchAll(/\S+/g)].map((m) => ({ name: m[0], from: m.index }));
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(header + 1)) {
    if (!/^\s*\S/.test(line) || line.slice(0, titles[1]!.from).trim() === "") break;
    rows.push(Object.fromEntries(titles.map((t, i) => [t.name, line.slice(t.from, titles[i + 1]?.from ?? line.length).trim()])));
  }
  return rows;
}
