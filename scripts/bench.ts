/**
 * `npm run bench [-- --label before --duration-ms 5000]`: in one run against one embedded
 * restate-server, one PostgreSQL, one endpoint process (MOCK_MODE, zero-latency mocks, logs at warn)
 * and one HTTP API process:
 * - the no-op ceiling and processOrder with 1, 5 and 20 line items, each at concurrency 1, 16 and 64;
 * - the shop's own path at 1, 16 and 64: POST /cart/items, POST /orders through the API (a cart of one
 *   line filled outside the timing; 201 is a paid order), and Cart.checkout through the ingress,
 *   timed until the order is paid (attaching to the checkout's invocation when it answers at once);
 * - the awaited round trips of a 1-line order's processOrder, counted from its journal;
 * - the object keys an order through the API touches, and the invocations per API request
 *   (`--write-docs` puts both tables into docs/architecture.md);
 * - CPU per order, its tail included, of every process the bench started, for POST /orders and
 *   processOrder at 16 (`--cpu-prof`: a profile of the endpoint and the API during a POST /orders cell);
 * - a flash sale: 100 units of one SKU, 1,000 guests checking out through the API at 64;
 * - the query side: 10,000 products seeded through the handlers, the shopper's search through the API
 *   (and through the ingress while Catalog/search exists), catalog searches, the admin's order search,
 *   projection lag; then the analytics dashboard and funnel over 30 days holding at least 500 paid
 *   orders and 100,000 tracked events.
 * `--only ceiling,orders,roundtrips,checkout,api,cart,keys,cpu,flash,search,analytics,signin` runs
 * just those sections (`--queries false` leaves out search and analytics; `--api-only`,
 * `--analytics-only` and `--signin-only` are `--only checkout,api,cart`, `--only analytics` and
 * `--only signin`: the sign-in flood runs only when asked for). Each of issue 22's targets is shown met
 * or not. Writes bench-results/<label>-<time>.json and .md and prints the report.
 *
 * `npm run bench -- --ingress URL[,URL…] [--admin URL]`: the same cells against a running
 * deployment (e.g. `npm run test:cluster -- --serve`), calls spread round robin over the given
 * ingresses; no server is started (an API is, against the first ingress). Without --admin nothing is
 * registered there: no ceiling, no journal figures. With --admin, the bench registers its own no-op
 * endpoint there (a deployment of its own, serving none of the product's services, reachable on
 * this machine's loopback) for the ceiling, and reads the journal figures from that admin API. CPU
 * is measured only for the processes the bench started itself.
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate } from "../src/platform/database/migrate.ts";
import { signingFetch } from "../src/platform/restate/caller-signature.ts";
import { benchAnalytics } from "./lib/bench/analytics.ts";
import { BenchCalibration, CALIBRATION_WAITS } from "./lib/bench/calibration.ts";
import { type CpuCell, cpuCell } from "./lib/bench/cpu-cell.ts";
import { flashSale } from "./lib/bench/flash.ts";
import { durableSteps, type JournalRow, journalOf, roundTrips, timeline } from "./lib/bench/journal.ts";
import { benchKeys, DOCS_START, keysMarkdown, settled, writeKeysDocs } from "./lib/bench/keys.ts";
import { measure } from "./lib/bench/measure.ts";
import { profileIn } from "./lib/bench/profile.ts";
import { benchQueries } from "./lib/bench/queries.ts";
import { markdown, vsCeiling } from "./lib/bench/report.ts";
import type { BenchResult } from "./lib/bench/result.ts";
import {
  type Account,
  type Api,
  apiCartAdd,
  apiOrder,
  ingressCheckout,
  type OutcomePath,
  orderLineOf,
  type PathContext,
  pathCell,
  registerAccounts,
  SHIP_TO,
  startApi,
} from "./lib/bench/shop.ts";
import { benchSigninFlood } from "./lib/bench/signin-flood.ts";
import { localCallerKey } from "./lib/dev-secret.ts";
import { endpointProcess } from "./lib/endpoint-process.ts";
import { freePort } from "./lib/ports.ts";
import { startPostgres } from "./lib/postgres.ts";
import { fastFailRetryPolicy, projectRoot, registerDeployment, startRestateServer } from "./lib/restate-server.ts";
import { rng } from "./lib/rng.ts";

const SECTIONS = [
  "ceiling",
  "orders",
  "roundtrips",
  "checkout",
  "api",
  "cart",
  "keys",
  "cpu",
  "flash",
  "search",
  "analytics",
  "signin",
] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    label: { type: "string", default: "bench" },
    "duration-ms": { type: "string", default: "5000" },
    "warmup-ms": { type: "string", default: "1000" },
    ingress: { type: "string" },
    admin: { type: "string" },
    queries: { type: "string", default: "true" },
    items: { type: "string", default: "1,5,20" },
    concurrency: { type: "string", default: "1,16,64" },
    products: { type: "string", default: "10000" },
    /** Only these sections (comma-separated); every one but signin by default. */
    only: { type: "string" },
    /** Write the key tables into docs/architecture.md (between its bench:keys markers). */
    "write-docs": { type: "boolean", default: false },
    /** A CPU profile of the endpoint and the API during a POST /orders cell at 16, with each one's top self time. */
    "cpu-prof": { type: "boolean", default: false },
    "api-only": { type: "boolean", default: false },
    "analytics-only": { type: "boolean", default: false },
    "signin-only": { type: "boolean", default: false },
  },
});
const settings = { durationMs: Number(values["duration-ms"]), warmupMs: Number(values["warmup-ms"]) };
const isUrl = (u: string) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
const list = (raw: string) => raw.split(",").map(Number);
const CONCURRENCY = list(values.concurrency);
const ITEMS = list(values.items);
const products = Number(values.products);
const targets = values.ingress?.split(",").map((u) => u.trim().replace(/\/$/, ""));
const asked = [
  values.only?.split(",").map((s) => (s.trim() === "queries" ? "search" : s.trim())),
  values["api-only"] ? ["checkout", "api", "cart"] : undefined,
  values["analytics-only"] ? ["analytics"] : undefined,
  values["signin-only"] ? ["signin"] : undefined,
].filter((a) => a !== undefined);
if (
  !/^[A-Za-z0-9_-]+$/.test(values.label) ||
  !(settings.durationMs > 0) ||
  !(settings.warmupMs >= 0) ||
  (targets && !targets.every(isUrl)) ||
  (values.admin !== undefined && (!targets || !isUrl(values.admin))) ||
  !(Number.isInteger(products) && products >= 100) ||
  asked.length > 1 ||
  !(asked[0] ?? []).every((s) => (SECTIONS as readonly string[]).includes(s)) ||
  ![...CONCURRENCY, ...ITEMS].every((n) => Number.isInteger(n) && n >= 1)
) {
  console.error(
    `usage: npm run bench -- [--label name] [--duration-ms 5000] [--warmup-ms 1000] [--ingress URL[,URL…] [--admin URL]] [--queries false] [--products 10000] [--items 1,5,20] [--concurrency 1,16,64] [--only ${SECTIONS.join(",")} | --api-only | --analytics-only | --signin-only] [--write-docs] [--cpu-prof]`,
  );
  process.exit(2);
}
const sections = new Set<Section>(
  (asked[0] as Section[] | undefined) ??
    SECTIONS.filter((s) => s !== "signin" && (values.queries !== "false" || (s !== "search" && s !== "analytics"))),
);
const runs = (section: Section) => sections.has(section);

function missingCallerKey(): never {
  console.error("set API_CALLER_KEY to the deployment's key: the bench writes products and stock, which only calls signed with it may");
  process.exit(2);
}

/** The API's credential: the bench's own for its embedded stack; a deployment's from API_CALLER_KEY (products and stock are written only by calls it signs). */
const callerKey: string = (targets ? localCallerKey() : randomBytes(48).toString("base64")) ?? missingCallerKey();

/** Enough SKUs that 64 orders of 20 lines rarely meet on one item: the bench measures orders, not a hot SKU. */
const SKUS = 256;
/** The concurrency of the CPU cells, the key table's batch and the targets' throughput comparisons. */
const MID = 16;

/** Where the cells run: the embedded server with the bench's own endpoint, or a running deployment. */
interface Target {
  describe: string;
  /** Base URL for the n-th call (round robin over a deployment's ingresses). */
  ingress(n: number): string;
  /** Where the journal figures come from; none for a registration-free run against a deployment. */
  adminUrl?: string;
  /** The projections' database, for the query-side cells; none against a deployment. */
  databaseUrl?: string;
  /** A scratch folder for the logs of what the bench starts. */
  workDir: string;
  /** Whether BenchNoop is served there, for the ceiling. */
  ceiling: boolean;
  /**
   * Before each order cell: a fresh endpoint where the bench runs its own (its mocks keep an
   * in-memory ledger they scan); `webhooks` lets the mocks post their webhooks (an order's whole
   * tail, for the CPU cells), `profileDir` has it write a CPU profile there when it stops.
   */
  freshCell(options?: { webhooks?: boolean; profileDir?: string }): Promise<void>;
  /** The processes the bench started there, by name (none against a deployment). */
  processes(): Record<string, number>;
  dispose(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-bench-"));
  const server = await startRestateServer({
    baseDir,
    ingressPort: await freePort(),
    adminPort: await freePort(),
    nodePort: await freePort(),
    env: { ...fastFailRetryPolicy, RESTATE_LOG_FILTER: "warn" },
  });
  // The projections' PostgreSQL, durable as in production: its writes compete for the same two cores.
  const postgres = await startPostgres({ baseDir: path.join(baseDir, "postgres"), port: await freePort() });
  await migrate(postgres.url);
  const port = await freePort();
  const env = {
    MOCK_MODE: "true",
    MOCK_WEBHOOKS: "false",
    MOCK_LATENCY_MS: "0",
    LOG_LEVEL: "warn",
    DATABASE_URL: postgres.url,
    API_CALLER_KEY: callerKey,
    // Every bench checkout is one email's, and each account orders dozens of times a minute: velocity
    // screening would hold all but the first few in review. The bench measures orders, not risk rules.
    RISK_MAX_ORDERS_PER_EMAIL: "1000000",
    RISK_MAX_ORDERS_PER_CUSTOMER: "1000000",
  };
  /** The mocks' webhooks (payment, tracking to delivered, email events) come within a second of the order. */
  const webhooks = {
    MOCK_WEBHOOKS: "true",
    MOCK_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
    RESTATE_INGRESS_URL: server.ingressUrl,
    MOCK_SHIPPING_STEP_MS: "200",
    MOCK_EMAIL_EVENT_DELAY_MS: "100",
  };
  const endpointFor = (extra: Record<string, string>) =>
    endpointProcess({
      port,
      logFile: path.join(baseDir, "endpoint.log"),
      entry: "scripts/lib/bench/endpoint.ts",
      env: { ...env, ...extra },
    });
  let endpoint = endpointFor({});
  const dispose = async () => {
    await endpoint.kill("SIGTERM");
    await server.stop();
    await postgres.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    await endpoint.start();
    await registerDeployment(server.adminUrl, endpoint.url);
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    describe: "one embedded restate-server, one PostgreSQL, one endpoint process and one API process",
    ingress: () => server.ingressUrl,
    adminUrl: server.adminUrl,
    workDir: baseDir,
    databaseUrl: postgres.url,
    ceiling: true,
    async freshCell(options = {}) {
      await endpoint.kill("SIGTERM");
      endpoint = endpointFor({
        ...(options.webhooks ? webhooks : {}),
        ...(options.profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.profileDir}` } : {}),
      });
      await endpoint.start();
    },
    processes: () => ({ "restate-server": server.process.pid!, PostgreSQL: postgres.process.pid!, endpoint: endpoint.pid! }),
    dispose,
  };
}

async function deploymentTarget(ingresses: string[], adminUrl: string | undefined): Promise<Target> {
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-bench-"));
  const noop = adminUrl
    ? endpointProcess({
        port: await freePort(),
        logFile: path.join(baseDir, "noop-endpoint.log"),
        entry: "scripts/lib/bench/noop-endpoint.ts",
        env: {},
      })
    : undefined;
  const dispose = async () => {
    await noop?.kill("SIGTERM");
    rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    if (noop && adminUrl) {
      await noop.start();
      await registerDeployment(adminUrl, noop.url);
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    describe: `the running deployment at ${ingresses.join(", ")}${adminUrl ? ` (admin ${adminUrl})` : " (registration-free: no ceiling, no journal figures)"}`,
    ingress: (n) => ingresses[n % ingresses.length]!,
    ...(adminUrl ? { adminUrl } : {}),
    workDir: baseDir,
    ceiling: noop !== undefined,
    freshCell: async () => undefined,
    processes: () => ({}),
    dispose,
  };
}

const target = targets ? await deploymentTarget(targets, values.admin) : await embeddedTarget();
// Against a deployment that keeps its orders, every run needs order ids of its own.
const idPrefix = targets ? `bench-${Date.now().toString(36)}-` : "bench-";
let sent = 0;

/** POST through the ingress, signed as the HTTP API signs, answering the status; without a body for a handler that takes no input. */
const postStatus = async (urlPath: string, body?: unknown) => {
  const ingress = target.ingress(sent++);
  const res = await signingFetch(ingress, callerKey)(`${ingress}${urlPath}`, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  await res.arrayBuffer();
  return String(res.status);
};
const post = async (urlPath: string, body?: unknown) => (await postStatus(urlPath, body)).startsWith("2");

const noSteps = { orders: Number.NaN, entries: Number.NaN, commands: Number.NaN, calls: Number.NaN, callEntries: Number.NaN };
const log = (line: string) => console.log(line);

let api: Api | undefined;
try {
  console.log(`bench against ${target.describe}; sections: ${[...sections].join(", ")}`);
  const skus = Array.from({ length: SKUS }, (_, i) => `bench-sku-${i}`);
  for (const sku of skus) {
    if (!(await post(`/InventoryItem/${sku}/upsert`, { name: `Bench ${sku}`, price: 1000 }))) throw new Error(`upsert ${sku} failed`);
    if (!(await post(`/InventoryItem/${sku}/restock`, { quantity: 1_000_000 }))) throw new Error(`restock ${sku} failed`);
  }
  const dice = rng(42);
  const buyer = { customer: { email: "bench@example.com", name: "Bench Mark" }, shipping: SHIP_TO, paymentMethod: "pm_card_visa" };
  const orderLine = await orderLineOf(
    (line) =>
      postStatus(`/OrderOrchestrator/${idPrefix}line-${Date.now().toString(36)}-${Object.keys(line)[0]}/processOrder`, {
        items: [line],
        ...buyer,
      }),
    skus[0]!,
  );
  const orderOf = (items: number) => ({ items: dice.sample(skus, items).map((sku) => orderLine(sku)), ...buyer });
  const processOrder: OutcomePath = { call: (n) => postStatus(`/OrderOrchestrator/${idPrefix}cpu-${n}/processOrder`, orderOf(1)) };

  const ceiling = [];
  for (const concurrency of target.ceiling && runs("ceiling") ? CONCURRENCY : []) {
    ceiling.push(await measure((n) => post(`/BenchNoop/${idPrefix}c${concurrency}-${n}/noop`), { concurrency, ...settings }));
    log(`no-op at ${concurrency}: ${ceiling.at(-1)!.perSecond.toFixed(1)}/s, p50 ${ceiling.at(-1)!.p50Ms.toFixed(2)} ms`);
  }

  const orders: BenchResult["orders"] = [];
  const timelines: BenchResult["timelines"] = {};
  for (const items of runs("orders") ? ITEMS : []) {
    for (const concurrency of CONCURRENCY) {
      const prefix = `${idPrefix}i${items}-c${concurrency}-`;
      await target.freshCell();
      const cell = await measure((n) => post(`/OrderOrchestrator/${prefix}${n}/processOrder`, orderOf(items)), {
        concurrency,
        ...settings,
      });
      const steps = target.adminUrl ? await durableSteps(target.adminUrl, prefix) : noSteps;
      orders.push({ ...cell, items, steps, vsCeiling: vsCeiling(cell, ceiling) });
      if (concurrency === 1 && target.adminUrl)
        timelines[String(items)] = await timeline(target.adminUrl, `${prefix}${Math.floor(cell.completed / 2)}`);
      log(
        `processOrder ${items} item(s) at ${concurrency}: ${cell.perSecond.toFixed(1)}/s, p50 ${cell.p50Ms.toFixed(1)} ms, ${steps.entries.toFixed(1)} journal entries`,
      );
    }
  }

  const needsApi = (["roundtrips", "checkout", "api", "cart", "keys", "cpu", "flash", "search"] as const).some(runs);
  if (needsApi)
    api = await startApi({
      ingressUrl: target.ingress(0),
      callerKey,
      logDir: target.workDir,
      ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}),
    });
  // One account per caller: as many as the highest concurrency of the cells that run (the key table and the CPU cells need 16).
  const accountsNeeded = (["api", "cart"] as const).some(runs)
    ? Math.max(MID, ...CONCURRENCY)
    : (["roundtrips", "keys", "cpu"] as const).some(runs)
      ? MID
      : 0;
  const buyers: Account[] = api ? await registerAccounts(api.url, accountsNeeded, "api") : [];
  const checkoutBuyers: Account[] = api && runs("checkout") ? await registerAccounts(api.url, Math.max(...CONCURRENCY), "ingress") : [];
  if (api) log(`API up; ${buyers.length + checkoutBuyers.length} accounts registered`);
  const context = (accounts: Account[]): PathContext => ({
    ingressUrl: target.ingress(0),
    apiUrl: api!.url,
    callerKey,
    accounts,
    skus,
    dice,
    prefix: `${idPrefix}cart-`,
  });

  let roundTripsResult: BenchResult["roundTrips"];
  if (runs("roundtrips") && target.adminUrl && api) {
    const admin = target.adminUrl;
    const calibrationKey = `${idPrefix}calibration-${Date.now().toString(36)}`;
    if (!(await post(`/${BenchCalibration.name}/${calibrationKey}/threeWaits`))) throw new Error("the calibration handler failed");
    const calibration = roundTrips((await journalOf(admin, { target: `${BenchCalibration.name}/${calibrationKey}/threeWaits` })).rows);
    const calibrated = JSON.stringify(calibration.map((t) => t.awaited)) === JSON.stringify(CALIBRATION_WAITS);
    if (!calibrated)
      console.log(
        `FAILED round-trip counter calibration: expected ${JSON.stringify(CALIBRATION_WAITS)}, counted ${JSON.stringify(calibration)}`,
      );
    // A guest's order straight through the ingress, and an account's through the API, each alone.
    const guestId = `${idPrefix}roundtrips-${Date.now().toString(36)}`;
    await postStatus(`/OrderOrchestrator/${guestId}/processOrder`, orderOf(1));
    // No journal found (a handler renamed) is no figure at all, never zero round trips.
    const counted = ({ key, rows }: { key: string; rows: JournalRow[] }) => (rows.length > 0 ? roundTrips(rows, key) : undefined);
    const guest = counted(await journalOf(admin, { target: `OrderOrchestrator/${guestId}/processOrder` }));
    const one = context(buyers.slice(0, 1));
    const placing = apiOrder(one);
    await placing.prepare!(0, 0);
    log(`an account's order for the round trips: HTTP ${await placing.call(0, 0)}`);
    // The API may answer before the saga's last entries (a confirmation email sent one way): its journal is read once all is done.
    await settled(admin);
    const byAccount = { handler: "processOrder", keyPrefix: `${buyers[0]!.id}-` };
    const accountOrder = await journalOf(admin, { service: "OrderOrchestrator", ...byAccount });
    const checkout = await journalOf(admin, { service: "Cart", handler: "checkout", keyPrefix: byAccount.keyPrefix });
    roundTripsResult = {
      calibrated,
      calibration,
      guest,
      account: counted(accountOrder),
      checkout: counted(checkout),
    };
    log(
      `round trips of a 1-line order's processOrder: ${roundTripsResult.account?.length ?? "no journal"} through the API (an account's), ${guest?.length ?? "no journal"} through the ingress (a guest's); Cart.checkout ${roundTripsResult.checkout?.length ?? "no journal"}; counter calibration ${calibrated ? "OK" : "FAILED"}`,
    );
  }

  const shop: NonNullable<BenchResult["shop"]> = { cartAdd: [], apiOrders: [], checkout: [] };
  for (const concurrency of api && runs("cart") ? CONCURRENCY : []) {
    const adding = apiCartAdd(context(buyers));
    shop.cartAdd.push(await pathCell(adding, "200", { concurrency, ...settings }));
    await adding.clear();
    log(
      `POST /cart/items at ${concurrency}: ${shop.cartAdd.at(-1)!.perSecond.toFixed(1)}/s, p50 ${shop.cartAdd.at(-1)!.p50Ms.toFixed(1)} ms`,
    );
  }
  for (const concurrency of api && runs("api") ? CONCURRENCY : []) {
    await target.freshCell();
    const cell = await pathCell(apiOrder(context(buyers)), "201", { concurrency, ...settings });
    shop.apiOrders.push(cell);
    log(
      `POST /orders at ${concurrency}: ${cell.perSecond.toFixed(1)}/s, p50 ${cell.p50Ms.toFixed(1)} ms; answers ${JSON.stringify(cell.outcomes)}`,
    );
  }
  const keys =
    api && target.adminUrl && runs("keys")
      ? await benchKeys({ adminUrl: target.adminUrl, apiUrl: api.url, accounts: buyers.slice(0, MID), skus, dice, log })
      : undefined;
  for (const concurrency of api && runs("checkout") ? CONCURRENCY : []) {
    await target.freshCell();
    const cell = await pathCell(ingressCheckout(context(checkoutBuyers), concurrency), "paid", { concurrency, ...settings });
    shop.checkout.push(cell);
    log(
      `Cart.checkout at ${concurrency}: ${cell.perSecond.toFixed(1)}/s, p50 ${cell.p50Ms.toFixed(1)} ms; answers ${JSON.stringify(cell.outcomes)}`,
    );
  }

  const cpu: CpuCell[] = [];
  const processes = () => ({ ...target.processes(), ...(api?.pid ? { API: api.pid } : {}) });
  if (api && runs("cpu") && Object.keys(target.processes()).length > 0) {
    const adding = apiCartAdd(context(buyers));
    const cells: Array<[string, OutcomePath, string]> = [
      ["processOrder, 1 line", processOrder, "200"],
      ["POST /cart/items", adding, "200"],
      ["POST /orders, with its cart's POST /cart/items", apiOrder(context(buyers)), "201"],
    ];
    for (const [name, path, success] of cells) {
      await target.freshCell({ webhooks: true });
      cpu.push(await cpuCell({ name, path, success, concurrency: MID, settings, processes, log }));
      // After the cell's CPU is taken: the next cell's orders start from empty carts.
      if (path === adding) await adding.clear();
    }
  }
  let profiles: BenchResult["profiles"];
  if (api && values["cpu-prof"] && Object.keys(target.processes()).length > 0) {
    const dir = (name: string) => {
      const d = path.join(target.workDir, `profile-${name}`);
      mkdirSync(d, { recursive: true });
      return d;
    };
    const [endpointDir, apiDir] = [dir("endpoint"), dir("api")];
    await target.freshCell({ webhooks: true, profileDir: endpointDir });
    await api.restart({ NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${apiDir}` });
    const micros = () => Number(process.hrtime.bigint() / 1000n);
    const fromUs = micros();
    const cell = await pathCell(apiOrder(context(buyers)), "201", { concurrency: MID, ...settings });
    const window = { fromUs, toUs: micros() };
    await target.freshCell();
    await api.restart({});
    const orders = cell.outcomes["201"] ?? 0;
    profiles = Object.fromEntries(
      [
        ["endpoint", endpointDir],
        ["API", apiDir],
      ].map(([name, d]) => [
        name!,
        { orders, ...(profileIn(d!, projectRoot, window) ?? { totalMs: Number.NaN, functions: [], groups: [] }) },
      ]),
    );
    log(
      `CPU profiles of a POST /orders cell at ${MID}: ${Object.entries(profiles)
        .map(([n, p]) => `${n} ${p.totalMs.toFixed(0)} ms`)
        .join(", ")}`,
    );
  }

  const flash =
    api && runs("flash")
      ? await flashSale({
          ingressUrl: target.ingress(0),
          apiUrl: api.url,
          ...(target.adminUrl ? { adminUrl: target.adminUrl } : {}),
          callerKey,
          tag: `${idPrefix.replace(/-$/, "")}-${Date.now().toString(36)}`.toUpperCase(),
          log,
        })
      : undefined;

  const signin = runs("signin") ? await benchSigninFlood({ ingressUrl: target.ingress(0), logDir: target.workDir }) : undefined;

  const queryResults =
    runs("search") && target.databaseUrl
      ? await benchQueries({
          ingressUrl: target.ingress(0),
          ...(api ? { apiUrl: api.url } : {}),
          callerKey,
          databaseUrl: target.databaseUrl,
          orderLine,
          products,
          settings,
          log,
        })
      : undefined;
  const analyticsResults =
    runs("analytics") && target.databaseUrl
      ? await benchAnalytics({ ingressUrl: target.ingress(0), databaseUrl: target.databaseUrl, skus, orderLine, settings, log })
      : undefined;

  const result: BenchResult = {
    label: values.label,
    at: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      node: process.versions.node,
      restate: JSON.parse(readFileSync(path.join(projectRoot, "node_modules/@restatedev/restate-server/package.json"), "utf8")).version,
    },
    settings,
    target: target.describe,
    ceiling,
    orders,
    timelines,
    ...(shop.cartAdd.length + shop.apiOrders.length + shop.checkout.length > 0 ? { shop } : {}),
    ...(roundTripsResult ? { roundTrips: roundTripsResult } : {}),
    ...(keys ? { keys } : {}),
    ...(cpu.length > 0 ? { cpu } : {}),
    ...(profiles ? { profiles } : {}),
    ...(flash ? { flash } : {}),
    ...(queryResults ? { queries: queryResults } : {}),
    ...(analyticsResults ? { analytics: analyticsResults } : {}),
    ...(signin ? { signin } : {}),
  };
  const outDir = path.join(projectRoot, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${values.label}-${result.at.replace(/[:.]/g, "-")}`);
  writeFileSync(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${file}.md`, markdown(result));
  console.log(`\n${markdown(result)}\nwritten: ${file}.json and .md`);
  if (values["write-docs"] && keys) {
    const docs = path.join(projectRoot, "docs/architecture.md");
    writeKeysDocs(docs, keysMarkdown(keys, `measured by \`npm run bench -- --write-docs\` (${result.at.slice(0, 10)})`));
    console.log(`docs/architecture.md: the tables between ${DOCS_START} and its end marker are rewritten`);
  }
} finally {
  await api?.stop();
  await target.dispose();
}
