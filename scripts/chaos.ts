/**
 * `npm run test:chaos [-- --profile large --seed 42 --orders 300 …]`: orders under SIGKILLs of the
 * service endpoints and of the restate-server, then invariants checked at rest. Exits 1 on any
 * violation (each one named by order or SKU and rule), 2 when the run itself could not be done.
 */
import { parseArgs } from "node:util";
import { type ChaosOptions, PROFILES } from "./lib/chaos/plan.ts";
import { formatReport, runChaos } from "./lib/chaos/run.ts";
import { SCENARIOS } from "./lib/chaos/scenarios.ts";

const { values } = parseArgs({
  options: {
    profile: { type: "string", default: "small" },
    seed: { type: "string" },
    orders: { type: "string" },
    concurrency: { type: "string" },
    endpoints: { type: "string" },
    "endpoint-kills": { type: "string" },
    "server-kills": { type: "string" },
    "postgres-kills": { type: "string" },
    skus: { type: "string" },
    mix: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run test:chaos -- [--profile small|large] [--seed N] [--orders N] [--concurrency N]
       [--endpoints N] [--endpoint-kills N (per endpoint)] [--server-kills N] [--postgres-kills N] [--skus N]
       [--mix journey=weight,… (default: the profile's mix)]
journeys: ${Object.keys(SCENARIOS).join(", ")}`);
  process.exit(0);
}

const profile = PROFILES[values.profile as keyof typeof PROFILES];
if (!profile) {
  console.error(`unknown profile "${values.profile}"; use small or large`);
  process.exit(2);
}

const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};

const options: ChaosOptions = {
  ...profile,
  seed: int("seed", values.seed, Date.now() % 1_000_000, 0),
  orders: int("orders", values.orders, profile.orders, 1),
  concurrency: int("concurrency", values.concurrency, profile.concurrency, 1),
  endpoints: int("endpoints", values.endpoints, profile.endpoints, 2),
  endpointKills: int("endpoint-kills", values["endpoint-kills"], profile.endpointKills, 0),
  serverKills: int("server-kills", values["server-kills"], profile.serverKills, 0),
  postgresKills: int("postgres-kills", values["postgres-kills"], profile.postgresKills, 0),
  skus: int("skus", values.skus, profile.skus, 3),
  mix: values.mix ?? profile.mix,
};

process.env.LOG_LEVEL ??= "warn";
console.log(`chaos ${values.profile} profile, seed ${options.seed} (re-run the same plan with --seed ${options.seed})`);
try {
  const report = await runChaos(options, (line) => console.log(`  ${line}`));
  console.log(formatReport(report));
  process.exit(report.violations.length === 0 ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
