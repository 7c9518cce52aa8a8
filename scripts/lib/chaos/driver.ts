import { type Answer, callIngress } from "../ingress-call.ts";
import type { Cluster } from "./cluster.ts";
import type { Job, Kill, Plan } from "./plan.ts";
import { providerWorld } from "./provider-world.ts";
import { type Caller, type FollowUp, type PlannedOrder, SCENARIOS, type ScenarioContext } from "./scenarios.ts";

export interface OrderRun {
  order: PlannedOrder;
  checkout: Answer;
  followUps: FollowUp[];
}

export interface KillRecord extends Kill {
  /** Wall-clock time of the SIGKILL and of the process being back. */
  killedAt: number;
  backAt: number;
}

export interface StockProblem {
  sku: string;
  rule: string;
  detail: string;
}

export interface LoadResult {
  orders: OrderRun[];
  /** Units the driver added per SKU after the initial stock (restocks acknowledged with 200). */
  restocked: Map<string, number>;
  kills: KillRecord[];
  /** Stock levels sampled while the load ran. */
  samples: number;
  /** Provider callbacks sent, duplicates included. */
  webhooks: number;
  stockProblems: StockProblem[];
  /** The coupon and accounts the orders used (none when the caller set up no shop). */
  shop: NonNullable<ScenarioContext["shop"]>;
}

/** Short, so every parcel is delivered before the run ends. */
export const WORLD_SCHEDULE = { asyncPaymentDelayMs: 200, shippingStepMs: 1_000 };

const customer = { email: "chaos@example.com", name: "Chaos Monkey" };
const address = { name: "Chaos Monkey", street: "1 Fault Line", city: "Springfield", state: "OR", zip: "97477", country: "US" };

/** Stocks the catalog (before any chaos), then drives the planned jobs while the planned kills happen. */
export async function driveLoad(cluster: Cluster, plan: Plan, concurrency: number, log: (line: string) => void): Promise<LoadResult> {
  const call: Caller = (path, body, key) =>
    callIngress(cluster.ingressUrl, path, body, {
      ...(key ? { idempotencyKey: key } : {}),
      retryForMs: 300_000,
      callerKey: cluster.callerKey,
    });
  const ctx: ScenarioContext = { call, world: providerWorld(cluster.ingressUrl, cluster.ledgerFile, WORLD_SCHEDULE) };
  await stockCatalog(plan, call);
  ctx.shop = await setUpShop(plan, call);

  const result: LoadResult = { orders: [], restocked: new Map(), kills: [], samples: 0, stockProblems: [], webhooks: 0, shop: ctx.shop };
  let started = 0;
  const fired = new Set<Kill>();
  const killers = [...new Set(plan.kills.map((k) => k.target))].map((target) =>
    runKills(
      plan.kills.filter((k) => k.target === target),
      () => started,
      fired,
      cluster,
      result.kills,
      log,
    ),
  );

  // A due kill holds back new jobs until it has been fired, so every planned kill happens during the load.
  const due = (index: number) => plan.kills.some((k) => k.at <= index && !fired.has(k));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      const job = plan.jobs[index];
      if (!job) return;
      while (due(index)) await pause(5);
      started = Math.max(started, index + 1);
      await runJob(job, ctx, result);
      if (result.orders.length % 25 === 0 && job.kind === "order")
        log(`… ${result.orders.length} of ${plan.jobs.filter((j) => j.kind === "order").length} orders done`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.all(killers);
  result.webhooks = ctx.world.sent;
  return result;
}

/** Every SKU of the plan with its price and initial stock, before any load or chaos. */
export async function stockCatalog(plan: Plan, call: Caller): Promise<void> {
  for (const { sku, price, initial } of plan.skus) {
    await mustSucceed(
      call(`/InventoryItem/${sku}/upsert`, { name: `Chaos ${sku}`, price, currency: "USD" }, `${sku}:upsert`),
      `upsert ${sku}`,
    );
    await mustSucceed(
      call(`/InventoryItem/${sku}/restock`, { quantity: initial, reference: `${sku}:initial` }, `${sku}:initial`),
      `stock ${sku}`,
    );
  }
}

/** A hash in the form the accounts keep (the API would have made it from a password). */
const CHAOS_PASSWORD_HASH = "scrypt$ln=15,r=8,p=1$Y2hhb3NjaGFvc2NoYW9z$Y2hhb3NjaGFvc2NoYW9zY2hhb3NjaGFvc2NoYW9zY2g=";

/** The run's coupon and accounts, before any chaos: orders are spread over the accounts, some use the coupon. */
export async function setUpShop(plan: Plan, call: Caller): Promise<NonNullable<ScenarioContext["shop"]>> {
  const { code, maxRedemptions } = plan.shop.coupon;
  await mustSucceed(
    call(`/Coupon/${code}/create`, { code, type: "fixed", value: 250, maxRedemptions }, `${code}:create`),
    `coupon ${code}`,
  );
  const { backorderSku } = plan.shop;
  await mustSucceed(
    call(`/InventoryItem/${backorderSku}/upsert`, { name: "Made to order", price: 1999, allowBackorder: true }, `${backorderSku}:upsert`),
    `product ${backorderSku}`,
  );
  const customerIds: string[] = [];
  for (const [k, email] of plan.shop.customerEmails.entries()) {
    const session = { id: `chaosSession${k}`.padEnd(22, "0"), secretHash: "c".repeat(64), ttlSeconds: 3600 };
    const answer = await mustSucceed(
      call(
        `/EmailIndex/${email}/register`,
        { name: `Chaos Customer ${k}`, passwordHash: CHAOS_PASSWORD_HASH, session },
        `${email}:register`,
      ),
      `account ${email}`,
    );
    customerIds.push(answer.body.customer.id);
  }
  return { couponCode: code, customerIds };
}

/** One planned job (an order's whole journey, or a restock) through `ctx`, recorded in `result`. */
export async function runJob(job: Job, ctx: ScenarioContext, result: LoadResult): Promise<void> {
  const { call } = ctx;
  if (job.kind === "restock") {
    await mustSucceed(
      call(`/InventoryItem/${job.sku}/restock`, { quantity: job.quantity, reference: job.reference }, job.reference),
      `restock ${job.sku}`,
    );
    result.restocked.set(job.sku, (result.restocked.get(job.sku) ?? 0) + job.quantity);
    return;
  }
  const order = job.order;
  const scenario = SCENARIOS[order.scenario]!;
  const body = {
    items: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    customer,
    shipping: { ...address, ...(scenario.request?.zip ? { zip: scenario.request.zip } : {}) },
    paymentMethod: scenario.request?.paymentMethod ?? "pm_card_visa",
    ...(ctx.shop ? { customerId: ctx.shop.customerIds[order.index % ctx.shop.customerIds.length] } : {}),
    ...(ctx.shop && scenario.request?.coupon ? { couponCode: ctx.shop.couponCode } : {}),
  };
  const pending = call(`/OrderOrchestrator/${order.orderId}/processOrder`, body, `${order.orderId}:process`);
  const [checkout] = await Promise.all([pending, scenario.during?.(order, pending, ctx)]);
  const followUps = checkout.status === 200 && scenario.after ? await scenario.after(order, checkout, ctx) : [];
  result.orders.push({ order, checkout, followUps });
  if (order.index % 4 === 0) await sampleStock(order.lines[0]!.sku, call, result);
}

/** Stock must never look oversold, not even in the middle of the load. */
async function sampleStock(sku: string, call: Caller, result: LoadResult): Promise<void> {
  const view = (await call(`/InventoryItem/${sku}/get`, null)).body;
  result.samples++;
  const reserved = Object.values(view.reservations as Record<string, number>).reduce((s, q) => s + q, 0);
  if (view.onHand < 0 || view.available < 0 || view.reserved !== reserved) {
    result.stockProblems.push({
      sku,
      rule: "never oversold (sampled during the load)",
      detail: `onHand ${view.onHand}, reserved ${view.reserved} (Σ reservations ${reserved}), available ${view.available}`,
    });
  }
}

async function runKills(
  kills: Kill[],
  started: () => number,
  fired: Set<Kill>,
  cluster: Cluster,
  records: KillRecord[],
  log: (line: string) => void,
): Promise<void> {
  for (const kill of kills) {
    while (started() < kill.at) await pause(5);
    fired.add(kill);
    const killedAt = Date.now();
    if (kill.target === "server") await cluster.crashServer(kill.downMs);
    else if (kill.target === "postgres") await cluster.crashPostgres(kill.downMs);
    else await cluster.crashEndpoint(Number(kill.target.split("-")[1]), kill.downMs);
    records.push({ ...kill, killedAt, backAt: Date.now() });
    log(`killed ${kill.target} at job ${kill.at}, back after ${Date.now() - killedAt} ms`);
  }
}

async function mustSucceed(answer: Promise<Answer>, what: string): Promise<Answer> {
  const a = await answer;
  if (a.status !== 200) throw new Error(`${what} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 300)}`);
  return a;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
