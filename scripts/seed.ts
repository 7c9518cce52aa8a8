/**
 * `npm run seed -- --products 10000 --customers 100 --orders 500`: fills a running instance (npm start)
 * through its handlers: a category tree, products with stock, customers (through the HTTP API when it
 * answers at --api-url, else the EmailIndex/Customer handlers), and orders. Safe to run again.
 */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { localCallerKey } from "./lib/dev-secret.ts";
import { seedShop } from "./lib/seed/seed.ts";

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "1000" },
    customers: { type: "string", default: "50" },
    orders: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
    "ingress-url": { type: "string", default: process.env.RESTATE_INGRESS_URL ?? "http://127.0.0.1:8080" },
    "api-url": { type: "string", default: `http://127.0.0.1:${process.env.API_PORT ?? 3000}` },
    help: { type: "boolean", default: false },
  },
});
const count = (name: string, raw: string, min = 0) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};
if (values.help) {
  console.log(
    "usage: npm run seed -- [--products N] [--customers N] [--orders N] [--concurrency N] [--seed N] [--ingress-url URL] [--api-url URL]",
  );
  process.exit(0);
}

const callerKey = localCallerKey();
if (!callerKey) {
  console.error(
    "the API's credential is needed to write products and accounts: set API_CALLER_KEY, or run this beside npm start (it keeps one in .restate/api-caller-key)",
  );
  process.exit(2);
}

const bars = new cliProgress.MultiBar(
  {
    format: " {phase} |{bar}| {value}/{total} ({percentage}%) {eta_formatted} left",
    hideCursor: true,
    clearOnComplete: false,
    stopOnComplete: true,
  },
  cliProgress.Presets.shades_classic,
);
const shown = new Map<string, cliProgress.SingleBar>();
try {
  const report = await seedShop({
    ingressUrl: values["ingress-url"].replace(/\/$/, ""),
    callerKey,
    apiUrl: values["api-url"].replace(/\/$/, ""),
    products: count("products", values.products),
    customers: count("customers", values.customers),
    orders: count("orders", values.orders),
    concurrency: count("concurrency", values.concurrency, 1),
    seed: count("seed", values.seed),
    onProgress: (phase, done, total) => {
      let bar = shown.get(phase);
      if (!bar) shown.set(phase, (bar = bars.create(total, 0, { phase: phase.padEnd(10) })));
      bar.update(done, { phase: phase.padEnd(10) });
    },
    log: (line) => bars.log(`${line}\n`),
  });
  bars.stop();
  const { sellable, ...summary } = report;
  console.log(`\nseeded: ${JSON.stringify({ ...summary, sellableProducts: sellable.length }, null, 2)}`);
} catch (error) {
  bars.stop();
  console.error(
    `seed failed: ${error instanceof Error ? error.message : String(error)} (is npm start running at ${values["ingress-url"]}?)`,
  );
  process.exit(1);
}
