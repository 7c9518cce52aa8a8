/**
 * `npm run seed -- --products 1000 --customers 50 --orders 100`: fills a running instance (npm start)
 * through its handlers: a category tree, products with stock and pictures, customers, and orders
 * placed the way a shopper places them (views, a cart, its checkout). Safe to run again.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { localCallerKey } from "./lib/dev-secret.ts";
import { LauncherEnv } from "./lib/launcher-config.ts";
import { NOUNS } from "./lib/seed/data.ts";
import { drawSeedImages } from "./lib/seed/images.ts";
import { seedShop } from "./lib/seed/seed.ts";

// The same ports and folders as npm start (INGRESS_PORT, RESTATE_BASE_DIR, …), from the same settings.
const launcher = LauncherEnv.safeParse(process.env);
if (!launcher.success) {
  console.error(`npm run seed: ${launcher.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}
const { INGRESS_PORT, RESTATE_BASE_DIR } = launcher.data;

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "1000" },
    customers: { type: "string", default: "50" },
    orders: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: "1" },
    "ingress-url": { type: "string", default: process.env.RESTATE_INGRESS_URL ?? `http://127.0.0.1:${INGRESS_PORT}` },
    "media-dir": { type: "string", default: process.env.MEDIA_DIR ?? path.join(RESTATE_BASE_DIR, "media") },
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
    "usage: npm run seed -- [--products N] [--customers N] [--orders N] [--concurrency N] [--seed N] [--ingress-url URL] [--media-dir DIR]",
  );
  process.exit(0);
}

const callerKey = localCallerKey(RESTATE_BASE_DIR);
if (!callerKey) {
  console.error(
    "the API's credential is needed to write products and accounts: set API_CALLER_KEY, or run this beside npm start (it keeps one in .restate/api-caller-key)",
  );
  process.exit(2);
}

const progress = process.stdout.isTTY ? progressBars() : progressLines();
try {
  const pictures = drawSeedImages(values["media-dir"], NOUNS);
  progress.log(`drew ${pictures} product pictures in ${values["media-dir"]} (the API serves them at /media/)`);
  const report = await seedShop({
    ingressUrl: values["ingress-url"].replace(/\/$/, ""),
    callerKey,
    products: count("products", values.products),
    customers: count("customers", values.customers),
    orders: count("orders", values.orders),
    concurrency: count("concurrency", values.concurrency, 1),
    seed: count("seed", values.seed),
    onProgress: progress.update,
    log: progress.log,
  });
  progress.stop();
  const { sellable, signIn, ...summary } = report;
  console.log(`\nseeded: ${JSON.stringify({ ...summary, sellableProducts: sellable.length }, null, 2)}`);
  console.log(
    signIn
      ? `\nsign in to the shop as a seeded customer: ${signIn.email} / ${signIn.password}`
      : "\nthe seeded customers existed already: their passwords were printed by the run that made them",
  );
} catch (error) {
  progress.stop();
  console.error(
    `seed failed: ${error instanceof Error ? error.message : String(error)} (is npm start running at ${values["ingress-url"]}?)`,
  );
  process.exit(1);
}

/** Bars redrawn in place: only where a person watches a terminal. */
function progressBars() {
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
  return {
    update: (phase: string, done: number, total: number) => {
      let bar = shown.get(phase);
      if (!bar) {
        bar = bars.create(total, 0, { phase: phase.padEnd(10) });
        shown.set(phase, bar);
      }
      bar.update(done, { phase: phase.padEnd(10) });
    },
    log: (line: string) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}

/** In a pipe or a log file: a plain line per tenth of each phase, and its last. */
function progressLines() {
  const printed = new Map<string, number>();
  return {
    update: (phase: string, done: number, total: number) => {
      const step = Math.max(1, Math.ceil(total / 10));
      const last = printed.get(phase) ?? 0;
      if (done === total || done - last >= step) {
        printed.set(phase, done);
        console.log(`${phase}: ${done}/${total}`);
      }
    },
    log: (line: string) => console.log(line),
    stop: () => undefined,
  };
}
