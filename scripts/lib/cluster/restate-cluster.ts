import { readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../ports.ts";
import { projectRoot, type RestateServer, startRestateServer, untilReady } from "../restate-server.ts";
import { parsePartitions, parseStatus, provision, restatectl } from "./restatectl.ts";

/** The configuration every node of the cluster shares, also mounted by deploy/cluster/docker-compose.yml. */
export const clusterConfigFile = path.join(projectRoot, "deploy", "cluster", "restate.toml");

/** A number the shared configuration sets at the top level, e.g. `default-replication`. */
export function clusterSetting(key: string): number {
  const match = new RegExp(`^${key}\\s*=\\s*(\\d+)`, "m").exec(readFileSync(clusterConfigFile, "utf8"));
  if (!match) throw new Error(`${key} is not set in ${clusterConfigFile}`);
  return Number(match[1]);
}

/** Log records a follower may still have to apply and count as caught up. */
const CAUGHT_UP_LAG = 100;

export interface ClusterNode {
  /** 1-based, as in the node names restate-1…restate-3 and Restate's node ids N1…N3. */
  id: number;
  name: string;
  ingressUrl: string;
  adminUrl: string;
  /** The node-to-node address other nodes and restatectl use. */
  advertisedAddress: string;
  readonly running: boolean;
}

export interface RestateCluster {
  nodes: ClusterNode[];
  /** Every node's advertised address, for restatectl. */
  addresses: string[];
  /** SIGKILLs one node: no shutdown, no flush, like a machine that loses power. */
  kill(id: number): Promise<void>;
  /** Starts a killed node again on its data directory and ports; resolves once the cluster is back to full strength. */
  restart(id: number): Promise<void>;
  /** `restatectl status` as an operator sees it. */
  status(): Promise<string>;
  stop(): Promise<void>;
}

interface NodeSpec {
  id: number;
  name: string;
  ingressPort: number;
  adminPort: number;
  nodePort: number;
}

export interface ClusterOptions {
  baseDir: string;
  size: number;
  /** Extra RESTATE_* variables for every node (retry policy, request-identity key…). */
  env: Record<string, string>;
  /** How long a starting or restarted node may take to serve. */
  readyTimeoutMs?: number;
}

/**
 * Restate nodes on loopback forming one cluster, as the documentation describes it: every node runs
 * every role (metadata server, log server, worker with ingress, admin), the metadata is a Raft group
 * of all nodes, the log is replicated, and nobody auto-provisions — `restatectl provision` does it
 * once all nodes are up. The replication factor comes from deploy/cluster/restate.toml.
 */
export async function startRestateCluster(options: ClusterOptions): Promise<RestateCluster> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const specs: NodeSpec[] = [];
  for (let id = 1; id <= options.size; id++) {
    specs.push({ id, name: `restate-${id}`, ingressPort: await freePort(), adminPort: await freePort(), nodePort: await freePort() });
  }
  const addresses = specs.map((s) => `http://127.0.0.1:${s.nodePort}/`);
  const servers = new Map<number, RestateServer>();

  const launch = (spec: NodeSpec) =>
    startRestateServer({
      baseDir: path.join(options.baseDir, spec.name),
      configFile: clusterConfigFile,
      ingressPort: spec.ingressPort,
      adminPort: spec.adminPort,
      nodePort: spec.nodePort,
      awaitReady: false,
      env: {
        RESTATE_NODE_NAME: spec.name,
        RESTATE_FORCE_NODE_ID: String(spec.id),
        RESTATE_METADATA_CLIENT__ADDRESSES: JSON.stringify(addresses),
        ...options.env,
      },
    });

  const stop = async () => {
    await Promise.all([...servers.values()].map((s) => s.stop("SIGKILL")));
  };

  const nodes: ClusterNode[] = specs.map((spec) => ({
    id: spec.id,
    name: spec.name,
    ingressUrl: `http://127.0.0.1:${spec.ingressPort}`,
    adminUrl: `http://127.0.0.1:${spec.adminPort}`,
    advertisedAddress: addresses[spec.id - 1]!,
    get running() {
      const s = servers.get(spec.id);
      return s !== undefined && s.process.exitCode === null && s.process.signalCode === null;
    },
  }));

  const status = async () => (await restatectl(addresses, ["status"])).output;

  const partitions = clusterSetting("default-num-partitions");
  const replication = clusterSetting("default-replication");

  /**
   * Back to full strength: the node is a metadata member running partition processors again, and
   * every partition has an active leader and all its replicas active and caught up. Until then the
   * cluster still moves partitions (and their leaders) around, and a moved leader re-runs the
   * attempts in flight on the old one.
   */
  const settled = async (name: string, deadline: number) => {
    for (;;) {
      const row = parseStatus(await status()).find((n) => n.name === name);
      const processors = parsePartitions((await restatectl(addresses, ["partitions", "list"])).output);
      const full = Array.from({ length: partitions }, (_, id) =>
        processors.filter((p) => p.partition === id && p.status === "Active"),
      ).every(
        (replicas) =>
          replicas.some((p) => p.mode === "Leader") && replicas.length >= replication && replicas.every((p) => p.lag <= CAUGHT_UP_LAG),
      );
      if (row && row.metadata === "Member" && row.leaders + row.followers > 0 && full) return;
      if (Date.now() > deadline) throw new Error(`${name} did not rejoin the cluster in time:\n${await status()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  try {
    for (const spec of specs) servers.set(spec.id, await launch(spec));
    await provision(addresses, readyTimeoutMs);
    await Promise.all([...servers.values()].map((s) => untilReady(s, readyTimeoutMs)));
    const deadline = Date.now() + readyTimeoutMs;
    for (const spec of specs) await settled(spec.name, deadline);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes,
    addresses,
    async kill(id) {
      await servers.get(id)?.stop("SIGKILL");
    },
    async restart(id) {
      const spec = specs[id - 1]!;
      const server = await launch(spec);
      servers.set(id, server);
      await untilReady(server, readyTimeoutMs);
      await settled(spec.name, Date.now() + readyTimeoutMs);
    },
    status,
    stop,
  };
}
