import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileLedger } from "../../../mocks/ledger.ts";
import { waitUntilIdle } from "../admin.ts";
import { type KillRecord, type LoadResult, setUpShop, stockCatalog, WORLD_SCHEDULE } from "../chaos/driver.ts";
import { checkInvariants } from "../chaos/invariants.ts";
import { makePlan } from "../chaos/plan.ts";
import { checkProjections } from "../chaos/projections.ts";
import { providerWorld } from "../chaos/provider-world.ts";
import { readRestState } from "../chaos/rest.ts";
import { countOutcomes } from "../chaos/run.ts";
import { startApiLoad } from "./api-load.ts";
import { checkApiOrders } from "./api-orders.ts";
import { spreadingClient } from "./client.ts";
import { type ClusterReport, errorGroups, type Loss, lossReport, windowStats } from "./report.ts";
import { startSteadyLoad } from "./steady-load.ts";
import { startTopology, type Topology } from "./topology.ts";

export interface ClusterRunOptions {
  seed: number;
  /** Orders (with their journeys) offered per second through the ingresses. */
  rate: number;
  /** Checkouts offered per second by signed-in customers through the API servers. */
  apiRate: number;
  maxInFlight: number;
  /** Length of the windows before and after each loss, and of the warm-up. */
  windowMs: number;
  /** How long a killed Restate node stays down before it is started again. */
  nodeDownMs: number;
  /** How long a killed endpoint stays down. */
  endpointDownMs: number;
  skus: number;
  mix: string;
  /** How long in-flight work may take to finish once the load stopped. */
  settleMs: number;
}

export const NODES = 3;
export const ENDPOINTS = 2;
export const APIS = 2;
/** Customers taking turns for the API load: enough that a slow checkout rarely holds an arrival back. */
const API_CUSTOMERS = 12;
/** The API load's own SKUs, stocked for the whole run: the chaos plan's SKUs sell out on purpose. */
const API_SKUS = ["cluster-api-sku-0", "cluster-api-sku-1", "cluster-api-sku-2"];
const API_STOCK = 100_000;

/**
 * The cluster run: start the topology, offer a steady load of orders spread over the nodes'
 * ingresses and through the API servers, SIGKILL each Restate node in turn (then an endpoint, then an
 * API server) and start it again, stop the
 * load, wait until nothing is in flight, and check every invariant of the chaos suite.
 */
export async function runClusterTest(options: ClusterRunOptions, log: (line: string) => void): Promise<ClusterReport> {
  const started = Date.now();
  // Enough orders for the whole schedule (a node has taken up to a minute to be back to full
  // strength here); the run stops offering them when the schedule ends.
  const scheduleMs = options.windowMs * (2 + NODES + 2) + NODES * (options.nodeDownMs + 60_000) + 2 * options.endpointDownMs;
  const plan = makePlan({
    seed: options.seed,
    orders: Math.ceil((options.rate * scheduleMs) / 1000 + options.rate * 30),
    concurrency: options.maxInFlight,
    endpoints: ENDPOINTS,
    endpointKills: 0,
    postgresKills: 0,
    serverKills: 0,
    skus: options.skus,
    mix: options.mix,
    downMs: [0, 0],
    settleMs: options.settleMs,
  });

  const topology = await startTopology({ nodes: NODES, endpoints: ENDPOINTS, apis: APIS, log });
  let keep = false;
  try {
    const ingresses = topology.restate.nodes.map((n) => n.ingressUrl);
    const client = spreadingClient({ targets: ingresses, attemptTimeoutMs: 30_000, giveUpAfterMs: 300_000, callerKey: topology.callerKey });
    await stockCatalog(plan, client.call);
    const shop = await setUpShop(plan, client.call);
    const ctx = { call: client.call, world: providerWorld(topology.balancedIngressUrl, topology.ledgerFile, WORLD_SCHEDULE), shop };

    const result: LoadResult = { orders: [], restocked: new Map(), kills: [], samples: 0, stockProblems: [], webhooks: 0, shop };
    for (const sku of API_SKUS) {
      for (const [step, body] of [
        ["upsert", { name: `API load ${sku}`, price: 1500 }],
        ["restock", { quantity: API_STOCK, reference: "initial" }],
      ] as const) {
        const answer = await client.call(`/InventoryItem/${sku}/${step}`, body);
        if (answer.status !== 200) throw new Error(`${step} ${sku} answered ${answer.status}`);
      }
    }
    const apiLoad =
      options.apiRate > 0
        ? await startApiLoad({
            apiUrls: topology.apis.map((a) => a.url),
            skus: API_SKUS,
            rate: options.apiRate,
            customers: API_CUSTOMERS,
            log: client.log,
            attemptTimeoutMs: 30_000,
            giveUpAfterMs: 300_000,
          })
        : undefined;
    const load = startSteadyLoad(plan.jobs, ctx, result, { rate: options.rate, maxInFlight: options.maxInFlight });
    log(
      `steady load: ${options.rate} orders/s over ${ingresses.length} ingresses (at most ${options.maxInFlight} journeys at once), ` +
        `${options.apiRate} checkouts/s through ${topology.apis.length} API servers`,
    );
    const loadStarted = Date.now();
    let losses: Loss[];
    try {
      losses = await killEachInTurn(topology, options, () => load.started, result.kills, log);
    } finally {
      await Promise.all([load.stop(), apiLoad?.stop()]);
    }
    const loadEnded = Date.now();
    const ranOut = load.started >= plan.jobs.length;
    log(`load stopped after ${load.started} jobs; waiting until nothing is in flight`);

    const open = await waitUntilIdle(topology.adminUrl, options.settleMs);
    const read = async (p: string) => {
      const answer = await client.call(p, null);
      return answer.status === 200 ? answer.body : undefined;
    };
    const lost = load.failures.flatMap(({ job }) => (job.kind === "order" ? [job.order.orderId] : []));
    const apiOrders = apiLoad?.orders ?? [];
    const apiOrderIds = apiOrders.flatMap((o) => (o.orderId ? [o.orderId] : []));
    const { orders, stock, accounts, coupon, backorder } = await readRestState(
      read,
      plan,
      [...result.orders.map((run) => run.order.orderId), ...lost, ...apiOrderIds],
      shop,
    );
    const ledger = fileLedger(topology.ledgerFile).all();
    for (const sku of API_SKUS) stock.set(sku, await read(`/InventoryItem/${sku}/get`));

    const verdict = checkInvariants({
      runs: result.orders,
      orders,
      stock,
      expectedStock: [
        ...plan.skus.map(({ sku, initial }) => ({ sku, initial, restocked: result.restocked.get(sku) ?? 0 })),
        ...API_SKUS.map((sku) => ({ sku, initial: API_STOCK, restocked: 0 })),
      ],
      ledger,
      kills: result.kills,
      open,
      coupon,
      accounts,
      backorder,
    });
    const lostJobs = load.failures.map(({ job, error }) => ({
      subject: job.kind === "order" ? job.order.orderId : job.reference,
      rule: "every order a client placed is answered (no lost orders)",
      detail: error,
    }));
    const apiVerdict = checkApiOrders(apiOrders, apiLoad?.failures ?? [], orders, ledger);
    const projections = await checkProjections(topology.adminUrl, topology.databaseUrl);
    const violations = [
      ...lostJobs,
      ...result.stockProblems.map((p) => ({ subject: p.sku, rule: p.rule, detail: p.detail })),
      ...verdict.violations,
      ...apiVerdict.violations,
      ...projections.violations,
    ];
    keep = violations.length > 0;
    if (keep) writeFileSync(path.join(topology.baseDir, "kills.json"), `${JSON.stringify(result.kills, null, 2)}\n`);

    const names = new Map(topology.restate.nodes.map((n) => [n.ingressUrl, n.name]));
    const offered = plan.jobs.slice(0, load.started).filter((j) => j.kind === "order").length;
    return {
      seed: options.seed,
      rate: options.rate,
      durationMs: Date.now() - started,
      orders: offered,
      apiOrders: apiOrders.length,
      outcomes: countOutcomes(orders),
      heldBack: load.heldBack + (apiLoad?.heldBack ?? 0),
      overall: windowStats(client.log, loadStarted, loadEnded),
      losses: losses.map((l) => lossReport(client.log, l, options.windowMs)),
      errors: errorGroups(client.log, losses, (url) => names.get(url) ?? url),
      lost: lostJobs.length + (apiLoad?.failures.length ?? 0) + [...orders.values()].filter((o) => o === undefined).length,
      webhooks: ctx.world.sent,
      checks: verdict.checks + result.samples + apiVerdict.checks + projections.checks,
      violations,
      notes: [
        ...(ranOut
          ? [`the ${plan.jobs.length} planned jobs ran out before the kill schedule ended: the last windows saw fewer arrivals`]
          : []),
        ...verdict.notes,
      ],
      ...(keep ? { filesKeptAt: topology.baseDir } : {}),
    };
  } catch (error) {
    keep = true;
    throw new Error(`cluster run aborted (files kept in ${topology.baseDir}): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    await topology.dispose({ keepFiles: keep });
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The kill schedule, one process at a time: after a warm-up window, each Restate node is SIGKILLed,
 * left down, started again and given a window to serve before the next one goes; then the same
 * for one endpoint. Every kill is recorded for the invariants (a duplicate email needs a kill to be excused).
 */
async function killEachInTurn(
  topology: Topology,
  options: ClusterRunOptions,
  startedJobs: () => number,
  records: KillRecord[],
  log: (line: string) => void,
): Promise<Loss[]> {
  const losses: Loss[] = [];
  const lose = async (target: string, downMs: number, kill: () => Promise<void>, restart: () => Promise<void>) => {
    await pause(options.windowMs);
    const killedAt = Date.now();
    const at = startedJobs();
    await kill();
    await pause(downMs);
    const restartedAt = Date.now();
    await restart();
    const backAt = Date.now();
    losses.push({ target, killedAt, restartedAt, backAt });
    records.push({ at, target, downMs, killedAt, backAt });
    log(`${target} SIGKILLed at job ${at}, started again after ${downMs} ms, serving again after ${backAt - killedAt} ms`);
  };

  await pause(options.windowMs);
  for (const node of topology.restate.nodes) {
    await lose(
      node.name,
      options.nodeDownMs,
      () => topology.restate.kill(node.id),
      () => topology.restate.restart(node.id),
    );
  }
  const endpoint = topology.endpoints[0]!;
  await lose(
    "endpoint-0",
    options.endpointDownMs,
    () => endpoint.kill("SIGKILL"),
    () => endpoint.start(),
  );
  const api = topology.apis[0]!;
  await lose(
    "api-0",
    options.endpointDownMs,
    () => api.kill("SIGKILL"),
    () => api.start(),
  );
  await pause(options.windowMs);
  return losses;
}
