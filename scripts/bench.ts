/**
 * `npm run bench [-- --label before --duration-ms 5000]`: in one run against one embedded
 * restate-server and one endpoint process (MOCK_MODE, zero-latency mocks, logs at warn), the no-op
 * ceiling and processOrder with 1, 5 and 20 line items, each at concurrency 1, 16 and 64; then a
 * cart checkout through the HTTP API against the same checkout straight through the ingress, at 16
 * (`--api-only` runs just that). `--signin-only`: a legitimate sign-in's time during a flood of 40
 * wrong passwords from another address against its time alone. Then the query side (--queries false skips it): a catalog of
 * --products (10,000) seeded through the handlers, catalog searches, the admin's order search, and
 * projection lag; then the analytics dashboard and funnel over 30 days holding at least 500 paid orders
 * and 100,000 tracked events (`--analytics-only` runs just those).
 * Writes bench-results/<label>-<time>.json and .md and prints the table.
 *
 * `npm run bench -- --ingress URL[,URL…] [--admin URL]`: the same cells against a running
 * deployment (e.g. `npm run test:cluster -- --serve`), calls spread round robin over the given
 * ingresses; no server is started. Without --admin nothing is registered there: orders only.
 * With --admin, the bench registers its own no-op endpoint there (a deployment of its own, serving
 * none of the product's services, reachable on this machine's loopback) for the ceiling, and reads
 * the journal figures from that admin API.
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate } from "../src/query/migrate.ts";
import { signingFetch } from "../src/restate/caller-signature.ts";
import { benchAnalytics } from "./lib/bench/analytics.ts";
import { compareCheckout } from "./lib/bench/checkout-via-api.ts";
import { durableSteps, timeline } from "./lib/bench/journal.ts";
import { measure } from "./lib/bench/measure.ts";
import { benchQueries } from "./lib/bench/queries.ts";
import { type BenchResult, markdown, vsCeiling } from "./lib/bench/report.ts";
import { benchSigninFlood } from "./lib/bench/signin-flood.ts";
import { localCallerKey } from "./lib/dev-secret.ts";
import { endpointProcess } from "./lib/endpoint-process.ts";
import { freePort } from "./lib/ports.ts";
import { startPostgres } from "./lib/postgres.ts";
import { fastFailRetryPolicy, projectRoot, registerDeployment, startRestateServer } from "./lib/restate-server.ts";
import { rng } from "./lib/rng.ts";

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
    /** Only the checkout through the API against the ingress (quicker when that is what changed). */
    "api-only": { type: "boolean", default: false },
    /** Only the analytics dashboard and funnel (orders are placed for them when too few exist). */
    "analytics-only": { type: "boolean", default: false },
    /** Only a legitimate sign-in during a flood of wrong passwords, against its time alone. */
    "signin-only": { type: "boolean", default: false },
  },
});
const settings = { durationMs: Number(values["duration-ms"]), warmupMs: Number(values["warmup-ms"]) };
const isUrl = (u: string) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
const queries = values.queries !== "false";
const list = (raw: string) => raw.split(",").map(Number);
const CONCURRENCY = list(values.concurrency);
const ITEMS = list(values.items);
const products = Number(values.products);
const targets = values.ingress?.split(",").map((u) => u.trim().replace(/\/$/, ""));
if (
  !/^[A-Za-z0-9_-]+$/.test(values.label) ||
  !(settings.durationMs > 0) ||
  !(settings.warmupMs >= 0) ||
  (targets && !targets.every(isUrl)) ||
  (values.admin !== undefined && (!targets || !isUrl(values.admin))) ||
  !(Number.isInteger(products) && products >= 100) ||
  [values["api-only"], values["analytics-only"], values["signin-only"]].filter(Boolean).length > 1 ||
  ![...CONCURRENCY, ...ITEMS].every((n) => Number.isInteger(n) && n >= 1)
) {
  console.error(
    "usage: npm run bench -- [--label name] [--duration-ms 5000] [--warmup-ms 1000] [--ingress URL[,URL…] [--admin URL]] [--queries false] [--products 10000] [--items 1,5,20] [--concurrency 1,16,64] [--api-only | --analytics-only | --signin-only]",
  );
  process.exit(2);
}

function missingCallerKey(): never {
  console.error("set API_CALLER_KEY to the deployment's key: the bench writes products and stock, which only calls signed with it may");
  process.exit(2);
}

/** The API's credential: the bench's own for its embedded stack; a deployment's from API_CALLER_KEY (products and stock are written only by calls it signs). */
const callerKey: string = (targets ? localCallerKey() : randomBytes(48).toString("base64")) ?? missingCallerKey();

/** The API may add at most 15 % to a checkout's p50 at this concurrency. */
const API_CONCURRENCY = 16;
/** Two paths share that window, and a checkout takes long: three cells' time gives each path enough answers. */
const API_WINDOWS = 3;

/** Only some cells: the rest of the run is skipped. */
const only = values["api-only"] ? "api" : values["analytics-only"] ? "analytics" : values["signin-only"] ? "signin" : undefined;

/** Enough SKUs that 64 orders of 20 lines rarely meet on one item: the bench measures orders, not a hot SKU. */
const SKUS = 256;

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
  /** Before each order cell: a fresh endpoint where the bench runs its own (its mocks keep an in-memory ledger they scan). */
  freshCell(): Promise<void>;
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
  const endpoint = endpointProcess({
    port: await freePort(),
    logFile: path.join(baseDir, "endpoint.log"),
    entry: "scripts/lib/bench/endpoint.ts",
    env: {
      MOCK_MODE: "true",
      MOCK_WEBHOOKS: "false",
      MOCK_LATENCY_MS: "0",
      LOG_LEVEL: "warn",
      DATABASE_URL: postgres.url,
      API_CALLER_KEY: callerKey,
      // Every bench checkout is one email's: velocity screening would hold all but the first ten in review.
      RISK_MAX_ORDERS_PER_EMAIL: "1000000",
    },
  });
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
    describe: "one embedded restate-server and one endpoint process",
    ingress: () => server.ingressUrl,
    adminUrl: server.adminUrl,
    workDir: baseDir,
    databaseUrl: postgres.url,
    ceiling: true,
    async freshCell() {
      await endpoint.kill("SIGTERM");
      await endpoint.start();
    },
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
    dispose,
  };
}

const target = targets ? await deploymentTarget(targets, values.admin) : await embeddedTarget();
// Against a deployment that keeps its orders, every run needs order ids of its own.
const idPrefix = targets ? `bench-${Date.now().toString(36)}-` : "bench-";
let sent = 0;

/** POST through the ingress, signed as the HTTP API signs; without a body for a handler that takes no input. */
const post = async (urlPath: string, body?: unknown) => {
  const ingress = target.ingress(sent++);
  const res = await signingFetch(ingress, callerKey)(`${ingress}${urlPath}`, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  await res.arrayBuffer();
  return res.ok;
};

const noSteps = { orders: Number.NaN, entries: Number.NaN, commands: Number.NaN, calls: Number.NaN, callEntries: Number.NaN };

try {
  console.log(`bench against ${target.describe}`);
  const skus = Array.from({ length: SKUS }, (_, i) => `bench-sku-${i}`);
  for (const sku of skus) {
    if (!(await post(`/InventoryItem/${sku}/upsert`, { name: `Bench ${sku}`, price: 1000 }))) throw new Error(`upsert ${sku} failed`);
    if (!(await post(`/InventoryItem/${sku}/restock`, { quantity: 1_000_000 }))) throw new Error(`restock ${sku} failed`);
  }

  const ceiling = [];
  for (const concurrency of target.ceiling && !only ? CONCURRENCY : []) {
    ceiling.push(await measure((n) => post(`/BenchNoop/${idPrefix}c${concurrency}-${n}/noop`), { concurrency, ...settings }));
    console.log(`no-op at ${concurrency}: ${ceiling.at(-1)!.perSecond.toFixed(1)}/s`);
  }

  const dice = rng(42);
  const orders: BenchResult["orders"] = [];
  const timelines: BenchResult["timelines"] = {};
  for (const items of only ? [] : ITEMS) {
    for (const concurrency of CONCURRENCY) {
      const prefix = `${idPrefix}i${items}-c${concurrency}-`;
      await target.freshCell();
      const cell = await measure(
        (n) =>
          post(`/OrderOrchestrator/${prefix}${n}/processOrder`, {
            items: dice.sample(skus, items).map((productId) => ({ productId, quantity: 1 })),
            customer: { email: "bench@example.com", name: "Bench Mark" },
            shipping: { street: "1 Fast Lane", city: "Springfield", state: "OR", zip: "97477", country: "US" },
            paymentMethod: "pm_card_visa",
          }),
        { concurrency, ...settings },
      );
      const steps = target.adminUrl ? await durableSteps(target.adminUrl, prefix) : noSteps;
      orders.push({ ...cell, items, steps, vsCeiling: vsCeiling(cell, ceiling) });
      if (concurrency === 1 && target.adminUrl)
        timelines[String(items)] = await timeline(target.adminUrl, `${prefix}${Math.floor(cell.completed / 2)}`);
      console.log(
        `processOrder ${items} item(s) at ${concurrency}: ${cell.perSecond.toFixed(1)}/s, p50 ${cell.p50Ms.toFixed(1)} ms, ${steps.entries.toFixed(1)} journal entries`,
      );
    }
  }

  const signin = only === "signin" ? await benchSigninFlood({ ingressUrl: target.ingress(0), logDir: target.workDir }) : undefined;

  const api =
    only === "analytics" || only === "signin"
      ? undefined
      : await compareCheckout({
          ingressUrl: target.ingress(0),
          callerKey,
          freshCell: () => target.freshCell(),
          logDir: target.workDir,
          skus,
          dice,
          concurrency: API_CONCURRENCY,
          settings: { ...settings, durationMs: settings.durationMs * API_WINDOWS },
        });

  const queryResults =
    queries && target.databaseUrl && !only
      ? await benchQueries({
          ingressUrl: target.ingress(0),
          callerKey,
          databaseUrl: target.databaseUrl,
          products,
          settings,
          log: (line) => console.log(line),
        })
      : undefined;
  const analyticsResults =
    (queries || only === "analytics") && target.databaseUrl && only !== "api" && only !== "signin"
      ? await benchAnalytics({
          ingressUrl: target.ingress(0),
          databaseUrl: target.databaseUrl,
          skus,
          settings,
          log: (line) => console.log(line),
        })
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
    ...(api ? { api } : {}),
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
} finally {
  await target.dispose();
}
