/**
 * `npm run bench [-- --label before --duration-ms 5000]`: in one run against one embedded
 * restate-server and one endpoint process (MOCK_MODE, zero-latency mocks, logs at warn), the no-op
 * ceiling and processOrder with 1, 5 and 20 line items, each at concurrency 1, 16 and 64.
 * Then the query side (--queries false skips it): a catalog of --products (10,000) seeded through the
 * handlers, catalog searches, the admin's order search, and projection lag.
 * Writes bench-results/<label>-<time>.json and .md and prints the table.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { endpointProcess } from "./lib/endpoint-process.ts";
import { durableSteps, timeline } from "./lib/bench/journal.ts";
import { measure } from "./lib/bench/measure.ts";
import { markdown, vsCeiling, type BenchResult } from "./lib/bench/report.ts";
import { freePort } from "./lib/ports.ts";
import { startPostgres } from "./lib/postgres.ts";
import { migrate } from "../src/query/migrate.ts";
import { fastFailRetryPolicy, projectRoot, registerDeployment, startRestateServer } from "./lib/restate-server.ts";
import { rng } from "./lib/rng.ts";
import { benchQueries } from "./lib/bench/queries.ts";

const { values } = parseArgs({
  options: {
    label: { type: "string", default: "bench" },
    "duration-ms": { type: "string", default: "5000" },
    "warmup-ms": { type: "string", default: "1000" },
    queries: { type: "string", default: "true" },
    items: { type: "string", default: "1,5,20" },
    concurrency: { type: "string", default: "1,16,64" },
    products: { type: "string", default: "10000" },
  },
});
const settings = { durationMs: Number(values["duration-ms"]), warmupMs: Number(values["warmup-ms"]) };
const queries = values.queries !== "false";
const list = (raw: string) => raw.split(",").map(Number);
const CONCURRENCY = list(values.concurrency);
const ITEMS = list(values.items);
const products = Number(values.products);
if (!/^[A-Za-z0-9_-]+$/.test(values.label) || !(settings.durationMs > 0) || !(settings.warmupMs >= 0) || !(Number.isInteger(products) && products >= 100) || ![...CONCURRENCY, ...ITEMS].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error("usage: npm run bench -- [--label name] [--duration-ms 5000] [--warmup-ms 1000] [--queries false] [--products 10000] [--items 1,5,20] [--concurrency 1,16,64]");
  process.exit(2);
}

/** Enough SKUs that 64 orders of 20 lines rarely meet on one item: the bench measures orders, not a hot SKU. */
const SKUS = 256;

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
  env: { MOCK_MODE: "true", MOCK_WEBHOOKS: "false", MOCK_LATENCY_MS: "0", LOG_LEVEL: "warn", DATABASE_URL: postgres.url },
});

const post = async (urlPath: string, body: unknown) => {
  const res = await fetch(`${server.ingressUrl}${urlPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.ok;
};

try {
  await endpoint.start();
  await registerDeployment(server.adminUrl, endpoint.url);

  const skus = Array.from({ length: SKUS }, (_, i) => `bench-sku-${i}`);
  for (const sku of skus) {
    if (!(await post(`/InventoryItem/${sku}/upsert`, { name: `Bench ${sku}`, price: 1000 }))) throw new Error(`upsert ${sku} failed`);
    if (!(await post(`/InventoryItem/${sku}/restock`, { quantity: 1_000_000 }))) throw new Error(`restock ${sku} failed`);
  }

  const ceiling = [];
  for (const concurrency of CONCURRENCY) {
    ceiling.push(await measure((n) => post(`/BenchNoop/c${concurrency}-${n}/noop`, null), { concurrency, ...settings }));
    console.log(`no-op at ${concurrency}: ${ceiling.at(-1)!.perSecond.toFixed(1)}/s`);
  }

  const dice = rng(42);
  const orders: BenchResult["orders"] = [];
  const timelines: BenchResult["timelines"] = {};
  for (const items of ITEMS) {
    for (const concurrency of CONCURRENCY) {
      const prefix = `bench-i${items}-c${concurrency}-`;
      // A fresh endpoint per cell: the mocks keep an in-memory ledger they scan, which would slow later cells.
      await endpoint.kill("SIGTERM");
      await endpoint.start();
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
      const steps = await durableSteps(server.adminUrl, prefix);
      orders.push({ ...cell, items, steps, vsCeiling: vsCeiling(cell, ceiling) });
      if (concurrency === 1) timelines[String(items)] = await timeline(server.adminUrl, `${prefix}${Math.floor(cell.completed / 2)}`);
      console.log(`processOrder ${items} item(s) at ${concurrency}: ${cell.perSecond.toFixed(1)}/s, p50 ${cell.p50Ms.toFixed(1)} ms, ${steps.entries.toFixed(1)} journal entries`);
    }
  }

  const queryResults = queries
    ? await benchQueries({ ingressUrl: server.ingressUrl, databaseUrl: postgres.url, products, settings, log: (line) => console.log(line) })
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
    ceiling,
    orders,
    timelines,
    ...(queryResults ? { queries: queryResults } : {}),
  };
  const outDir = path.join(projectRoot, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${values.label}-${result.at.replace(/[:.]/g, "-")}`);
  writeFileSync(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${file}.md`, markdown(result));
  console.log(`\n${markdown(result)}\nwritten: ${file}.json and .md`);
} finally {
  await endpoint.kill("SIGTERM");
  await server.stop();
  await postgres.stop();
  rmSync(baseDir, { recursive: true, force: true });
}
