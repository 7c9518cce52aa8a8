import { stream } from "../rng.ts";
import { type PlannedOrder, parseMix } from "./scenarios.ts";

export interface ChaosOptions {
  seed: number;
  orders: number;
  concurrency: number;
  endpoints: number;
  /** SIGKILLs per endpoint process. */
  endpointKills: number;
  serverKills: number;
  /** SIGKILLs of PostgreSQL (the projections wait in Restate while it is down). */
  postgresKills: number;
  skus: number;
  /** Scenario weights, e.g. `happy=5,declined=1`. */
  mix: string;
  /** How long a killed process stays down, in ms (random in this range). */
  downMs: [number, number];
  /** How long to wait for in-flight work to finish after the load. */
  settleMs: number;
}

export const PROFILES: Record<"small" | "large", Omit<ChaosOptions, "seed">> = {
  small: {
    orders: 40,
    concurrency: 6,
    endpoints: 2,
    endpointKills: 2,
    serverKills: 2,
    postgresKills: 2,
    skus: 8,
    mix: "happy=3,declined=1,label_failure=1,cancel=1,partial_refund=1,return_refund=1,async_payment=1,async_payment_failed=1,duplicate_webhooks=1,couponed=2,backordered=1",
    downMs: [100, 600],
    settleMs: 60_000,
  },
  large: {
    orders: 1_000,
    concurrency: 16,
    endpoints: 2,
    endpointKills: 20,
    serverKills: 20,
    postgresKills: 20,
    skus: 25,
    mix: "happy=5,declined=1,label_failure=1,cancel=1,partial_refund=1,return_refund=1,async_payment=1,async_payment_failed=1,duplicate_webhooks=1,couponed=2,backordered=1",
    downMs: [100, 1_500],
    settleMs: 180_000,
  },
};

export type Job = { kind: "order"; order: PlannedOrder } | { kind: "restock"; sku: string; quantity: number; reference: string };

export interface Kill {
  /** The job index whose start triggers this kill: kills happen at seeded points of the load. */
  at: number;
  target: string;
  downMs: number;
}

export interface Plan {
  skus: Array<{ sku: string; price: number; initial: number }>;
  jobs: Job[];
  kills: Kill[];
  /** What the shop has besides stock: a coupon few may use, and the accounts orders belong to. */
  shop: ShopPlan;
}

export interface ShopPlan {
  coupon: { code: string; maxRedemptions: number };
  customerEmails: string[];
  /** A product that takes backorders and starts with no stock: its orders wait for their units to arrive. */
  backorderSku: string;
}

/** The SKU the backordered journey orders, one unit a time. */
export const backorderSkuOf = (seed: number) => `chaos-backorder-${seed}`;

/** One SKU in ten (at least one) starts with only a few units, so carts race for the last ones. */
const scarce = (skus: number) => Math.max(1, Math.floor(skus / 10));

/** Everything a run will do, drawn from the seed before it starts: the same seed, the same run. */

/** The entry whose cumulative weight first exceeds `roll` (the last one when rounding leaves it past the end). */
function pickWeighted<T extends readonly [unknown, number]>(entries: readonly T[], roll: number): T {
  let below = 0;
  for (const entry of entries) {
    below += entry[1];
    if (roll < below) return entry;
  }
  return entries[entries.length - 1]!;
}
export function makePlan(options: ChaosOptions): Plan {
  const mix = parseMix(options.mix);
  const totalWeight = mix.reduce((s, [, w]) => s + w, 0);
  const orderDice = stream(options.seed, "orders");
  const stockDice = stream(options.seed, "stock");

  // About 4 units per order, spread over the SKUs.
  const perSku = Math.ceil((options.orders * 4) / options.skus);
  const skus = Array.from({ length: options.skus }, (_, j) => ({
    sku: `chaos-sku-${j}`,
    price: stockDice.int(5, 60) * 100 - 1,
    initial: j < scarce(options.skus) ? 3 : Math.ceil(perSku * 0.8),
  }));

  const jobs: Job[] = [];
  const restockEvery = Math.max(5, Math.floor(options.orders / 10));
  for (let i = 0; i < options.orders; i++) {
    const [scenario] = pickWeighted(mix, orderDice.next() * totalWeight);
    const drawn = orderDice.sample(skus, orderDice.int(1, 3)).map((s) => ({ sku: s.sku, quantity: orderDice.int(1, 3) }));
    const lines = scenario.request?.backorder ? [{ sku: backorderSkuOf(options.seed), quantity: 1 }] : drawn;
    jobs.push({
      kind: "order",
      order: { index: i, orderId: `chaos-${options.seed}-${i}`, scenario: scenario.name, lines, dice: orderDice.next() },
    });
    if (i % restockEvery === restockEvery - 1) {
      const n = jobs.length;
      jobs.push({ kind: "restock", sku: stockDice.pick(skus).sku, quantity: stockDice.int(2, 10), reference: `chaos-restock-${n}` });
    }
  }
  const shop: ShopPlan = {
    // Fewer redemptions than couponed orders, so some of them race for the last one.
    coupon: { code: `CHAOS-${options.seed}`, maxRedemptions: Math.max(1, Math.floor(options.orders / 20)) },
    customerEmails: Array.from({ length: 3 }, (_, k) => `chaos-${options.seed}-${k}@example.com`),
    backorderSku: backorderSkuOf(options.seed),
  };
  return { skus, jobs, kills: killPlan(options, jobs.length), shop };
}

function killPlan(options: ChaosOptions, jobCount: number): Kill[] {
  const dice = stream(options.seed, "kills");
  // Kills land between 5 % and 90 % of the load, so each one interrupts work and some work follows it.
  const from = Math.floor(jobCount * 0.05);
  const to = Math.max(from + 1, Math.floor(jobCount * 0.9));
  const targets = [
    ...Array.from({ length: options.endpoints }, (_, i) => [`endpoint-${i}`, options.endpointKills] as const),
    ["server", options.serverKills] as const,
    ["postgres", options.postgresKills] as const,
  ];
  return targets
    .flatMap(([target, count]) =>
      Array.from({ length: count }, () => ({ at: dice.int(from, to), target, downMs: dice.int(options.downMs[0], options.downMs[1]) })),
    )
    .sort((a, b) => a.at - b.at);
}
