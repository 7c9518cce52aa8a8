/**
 * `npm run test:cluster [-- --seed 42 --rate 3 …]`: a three-node Restate cluster (replicated
 * metadata and log, replication factor 2) on loopback, two endpoints behind HAProxy, two API
 * servers and PostgreSQL; a steady load of orders over the three ingresses and, from signed-in
 * customers, through the API servers, while each node (then an endpoint, then an API server) is
 * SIGKILLed and started again; then the chaos suite's invariants and the projections. Exits 1 on any violation or lost order, 2 when
 * the run itself could not be done.
 *
 * `npm run test:cluster -- --serve`: the same topology without load or kills, kept running until
 * Ctrl-C, for `npm run bench -- --ingress … --admin …` and for looking around with restatectl.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PROFILES } from "./lib/chaos/plan.ts";
import { formatClusterReport } from "./lib/cluster/report.ts";
import { restatectlBinary } from "./lib/cluster/restatectl.ts";
import { APIS, type ClusterRunOptions, ENDPOINTS, NODES, runClusterTest } from "./lib/cluster/run.ts";
import { startTopology } from "./lib/cluster/topology.ts";
import { projectRoot } from "./lib/restate-server.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    rate: { type: "string" },
    "api-rate": { type: "string" },
    "max-in-flight": { type: "string" },
    "window-ms": { type: "string" },
    "node-down-ms": { type: "string" },
    "endpoint-down-ms": { type: "string" },
    skus: { type: "string" },
    mix: { type: "string" },
    serve: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run test:cluster -- [--seed N] [--rate orders/s] [--api-rate orders/s] [--max-in-flight N] [--window-ms N]
       [--node-down-ms N] [--endpoint-down-ms N] [--skus N] [--mix journey=weight,…]
       npm run test:cluster -- --serve   (the topology only, until Ctrl-C)`);
  process.exit(0);
}

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};

process.env.LOG_LEVEL ??= "warn";
const log = (line: string) => console.log(`  ${line}`);

if (values.serve) {
  try {
    const topology = await startTopology({ nodes: NODES, endpoints: ENDPOINTS, apis: APIS, log });
    const nodes = topology.restate.nodes;
    console.log(`
cluster running (Ctrl-C stops it and deletes ${topology.baseDir}):
  ingresses:        ${nodes.map((n) => n.ingressUrl).join(" ")}
  balanced ingress: ${topology.balancedIngressUrl}
  API servers:      ${topology.apis.map((a) => a.url).join(" ")}
  admin APIs:       ${nodes.map((n) => n.adminUrl).join(" ")}
  status:           ${path.relative(projectRoot, restatectlBinary())} --address ${topology.restate.addresses.join(",")} status
  bench:            npm run bench -- --ingress ${nodes.map((n) => n.ingressUrl).join(",")} --admin ${topology.adminUrl}`);
    const stop = () => void topology.dispose().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    await new Promise(() => undefined);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

const options: ClusterRunOptions = {
  seed: int("seed", values.seed, Date.now() % 1_000_000, 0, Number.MAX_SAFE_INTEGER),
  rate: int("rate", values.rate, 3, 1, 200),
  apiRate: int("api-rate", values["api-rate"], 1, 0, 100),
  maxInFlight: int("max-in-flight", values["max-in-flight"], 150, 1, 1_000),
  windowMs: int("window-ms", values["window-ms"], 10_000, 2_000, 120_000),
  nodeDownMs: int("node-down-ms", values["node-down-ms"], 8_000, 0, 120_000),
  endpointDownMs: int("endpoint-down-ms", values["endpoint-down-ms"], 3_000, 0, 120_000),
  skus: int("skus", values.skus, 25, 3, 1_000),
  mix: values.mix ?? PROFILES.large.mix,
  settleMs: 180_000,
};

console.log(`cluster test, seed ${options.seed} (re-run the same orders with --seed ${options.seed})`);
try {
  const report = await runClusterTest(options, log);
  console.log(formatClusterReport(report));
  const outDir = path.join(projectRoot, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `cluster-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`  report: ${path.relative(projectRoot, file)}`);
  process.exit(report.violations.length === 0 && report.lost === 0 ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
