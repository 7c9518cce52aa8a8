import { type AdminProductSearchInput, searchProducts } from "../../../src/catalog/catalog-search.ts";
import { createPool } from "../../../src/platform/database/pool.ts";
import { signingFetch } from "../../../src/platform/restate/caller-signature.ts";
import { rng } from "../rng.ts";
import { CATEGORY_TREE, SEARCH_WORDS } from "../seed/data.ts";
import { seedShop } from "../seed/seed.ts";
import { type Measurement, measure } from "./measure.ts";
import type { OrderLine } from "./shop.ts";

export interface QueryCell extends Measurement {
  name: string;
  /** How the query was sent: through the HTTP API, through the ingress (Catalog/AdminQueries handlers) or as SQL on a pool. */
  via: "api" | "ingress" | "sql";
}

export interface LagSample {
  name: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface QueryResults {
  products: { seeded: number; active: number; seedSeconds: number };
  orders: number;
  search: QueryCell[];
  adminOrderSearch: QueryCell[];
  projectionLag: LagSample[];
}

interface Context {
  ingressUrl: string;
  /** The HTTP API, for the shopper's search (GET /products). */
  apiUrl?: string;
  /** The API's credential, for seeding the catalog. */
  callerKey: string;
  databaseUrl: string;
  /** A line of processOrder's input, as this version names its fields. */
  orderLine: OrderLine;
  products: number;
  settings: { durationMs: number; warmupMs: number };
  log: (line: string) => void;
}

/** POST through the ingress; signed with the API's credential when given (catalog edits and stock are the API's to make). */
const post = async (ingressUrl: string, path: string, body: unknown, callerKey?: string) => {
  const res = await (callerKey ? signingFetch(ingressUrl, callerKey) : fetch)(`${ingressUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { ok: res.ok, status: res.status, body: text ? JSON.parse(text) : undefined };
};

/** Whether the ingress itself refused a handler as unknown (a service or handler this version does not have): its cells are skipped. */
export async function served(ingressUrl: string, path: string, body: unknown): Promise<boolean> {
  const answer = await post(ingressUrl, path, body).catch(() => undefined);
  return !(answer && answer.status === 404 && answer.body?.source === "ingress");
}

/**
 * The query side under load: a catalog of `products` seeded through the handlers, then searches
 * (text, filters, a deep page) and the admin's order search, each through the ingress and as plain
 * SQL, and how long a projection takes to show a change (handler answered → row visible).
 */
export async function benchQueries(context: Context): Promise<QueryResults> {
  const { ingressUrl, settings, log } = context;
  const pool = createPool({ url: context.databaseUrl, poolMax: 4, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
  try {
    const started = performance.now();
    let last = 0;
    await seedShop({
      ingressUrl,
      callerKey: context.callerKey,
      products: context.products,
      customers: 0,
      orders: 0,
      concurrency: 32,
      seed: 1,
      onProgress: (phase, done, total) => {
        if (phase === "products" && (done === total || done - last >= 1000)) {
          last = done;
          log(`seeded ${done}/${total} products`);
        }
      },
    });
    const seedSeconds = (performance.now() - started) / 1000;
    const seeded = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM products WHERE sku LIKE 'SEED-%'")).rows[0]!.n;
    while ((await seeded()) < context.products) await new Promise((r) => setTimeout(r, 200));
    const active = (
      await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM products WHERE sku LIKE 'SEED-%' AND status = 'active'")
    ).rows[0]!.n;
    await pool.query("ANALYZE products, stock_levels");
    log(`catalog: ${context.products} products (${active} active) in ${seedSeconds.toFixed(0)} s`);

    const dice = rng(7);
    const categories = CATEGORY_TREE.map((c) => c.slug);
    const shapes: Array<[string, () => AdminProductSearchInput]> = [
      ["text (two words, the last a prefix)", () => ({ q: `${dice.pick(SEARCH_WORDS)} ${dice.pick(SEARCH_WORDS).slice(0, 3)}` })],
      [
        "filter (category with descendants, price range, in stock)",
        () => ({ category: dice.pick(categories), minPrice: 2_000, maxPrice: 30_000, inStock: true, sort: "price_asc" }),
      ],
      ["page 50 (20 per page, by price)", () => ({ sort: "price_asc", page: 50, pageSize: 20 })],
    ];
    const search: QueryCell[] = [];
    const ingressSearch = await served(ingressUrl, "/Catalog/search", { q: "probe" });
    if (!ingressSearch) log("Catalog/search is not served: its cells through the ingress are skipped");
    const text = () => `${dice.pick(SEARCH_WORDS)} ${dice.pick(SEARCH_WORDS).slice(0, 3)}`;
    // The shopper's search: through the API at 1 (its p50) and 16 (its throughput), beside the same through the ingress.
    for (const concurrency of [1, 16]) {
      if (context.apiUrl) {
        const viaApi = await measure(
          async () => {
            const res = await fetch(`${context.apiUrl}/products?q=${encodeURIComponent(text())}`);
            await res.arrayBuffer();
            return res.ok;
          },
          { concurrency, ...settings },
        );
        search.push({ name: "text, GET /products?q=", via: "api", ...viaApi });
        log(
          `search through the API at ${concurrency}: ${viaApi.perSecond.toFixed(1)}/s, p50 ${viaApi.p50Ms.toFixed(1)} ms, ${viaApi.failed} failed`,
        );
      }
      if (ingressSearch && concurrency > 1) {
        const viaIngress = await measure(async () => (await post(ingressUrl, "/Catalog/search", { q: text() })).ok, {
          concurrency,
          ...settings,
        });
        search.push({ name: "text, Catalog/search", via: "ingress", ...viaIngress });
        log(
          `search through the ingress at ${concurrency}: ${viaIngress.perSecond.toFixed(1)}/s, p50 ${viaIngress.p50Ms.toFixed(1)} ms, ${viaIngress.failed} failed`,
        );
      }
    }
    for (const [name, input] of shapes) {
      const viaIngress = ingressSearch
        ? await measure(async () => (await post(ingressUrl, "/Catalog/search", input())).ok, { concurrency: 1, ...settings })
        : undefined;
      if (viaIngress) search.push({ name, via: "ingress", ...viaIngress });
      const viaSql = await measure(
        async () => {
          await searchProducts(pool, input(), true);
          return true;
        },
        { concurrency: 1, ...settings },
      );
      search.push({ name, via: "sql", ...viaSql });
      log(
        `search ${name}: ${viaIngress ? `p50 ${viaIngress.p50Ms.toFixed(1)} ms through the ingress, ` : ""}SQL alone p50 ${viaSql.p50Ms.toFixed(1)} ms`,
      );
    }

    const orders = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM orders")).rows[0]!.n;
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const orderShapes: Array<[string, Record<string, unknown>]> = [
      ["by customer email, newest first", { email: "BENCH@example.com" }],
      ["by status, page 5", { status: "processing", page: 5 }],
      ["by date range, 50 per page", { from: since, pageSize: 50 }],
    ];
    const adminOrderSearch: QueryCell[] = [];
    const orderSearch = await served(ingressUrl, "/AdminQueries/searchOrders", {});
    if (!orderSearch) log("AdminQueries/searchOrders is not served: the admin's order search is skipped");
    for (const [name, input] of orderSearch ? orderShapes : []) {
      const cell = await measure(async () => (await post(ingressUrl, "/AdminQueries/searchOrders", input)).ok, {
        concurrency: 1,
        ...settings,
      });
      adminOrderSearch.push({ name, via: "ingress", ...cell });
      log(`admin order search ${name} over ${orders} orders: p50 ${cell.p50Ms.toFixed(1)} ms, p99 ${cell.p99Ms.toFixed(1)} ms`);
    }

    const projectionLag = await measureLag(ingressUrl, context.callerKey, context.orderLine, pool, log);
    return { products: { seeded: context.products, active, seedSeconds }, orders, search, adminOrderSearch, projectionLag };
  } finally {
    await pool.end();
  }
}

/** Handler answered → row visible in PostgreSQL, polled every 2 ms. */
async function measureLag(
  ingressUrl: string,
  callerKey: string,
  orderLine: OrderLine,
  pool: ReturnType<typeof createPool>,
  log: (line: string) => void,
): Promise<LagSample[]> {
  const SAMPLES = 20;
  const until = async (check: () => Promise<boolean>) => {
    const start = performance.now();
    while (!(await check())) {
      if (performance.now() - start > 30_000) throw new Error("a projection did not show within 30 s");
      await new Promise((r) => setTimeout(r, 2));
    }
    return performance.now() - start;
  };
  const row = async (sql: string, value: unknown) => (await pool.query(sql, [value])).rows[0];
  const results: LagSample[] = [];
  const sample = async (name: string, one: (i: number) => Promise<number>) => {
    const lags: number[] = [];
    for (let i = 0; i < SAMPLES; i++) lags.push(await one(i));
    lags.sort((a, b) => a - b);
    const result = {
      name,
      samples: SAMPLES,
      p50Ms: lags[Math.ceil(SAMPLES / 2) - 1]!,
      p99Ms: lags[Math.ceil(SAMPLES * 0.99) - 1]!,
      maxMs: lags.at(-1)!,
    };
    log(`projection lag, ${name}: p50 ${result.p50Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms`);
    results.push(result);
  };

  await sample("order (processOrder answered → its row)", async (i) => {
    const orderId = `bench-lag-${Date.now()}-${i}`;
    const answer = await post(ingressUrl, `/OrderOrchestrator/${orderId}/processOrder`, {
      items: [orderLine("bench-sku-0")],
      customer: { email: "lag@example.com", name: "Lag Bench" },
      shipping: { street: "1 Fast Lane", city: "Springfield", state: "OR", zip: "97477", country: "US" },
    });
    if (!answer.ok) throw new Error(`processOrder failed: ${answer.status}`);
    return until(async () => (await row("SELECT status FROM orders WHERE order_id = $1", orderId))?.status === answer.body.status);
  });
  const product = { productId: (await row("SELECT product_id FROM products WHERE sku = $1", "SEED-000002")).product_id as string };
  await sample("catalog edit (updateProduct answered → its row)", async (i) => {
    const price = 10_000 + i;
    const answer = await post(
      ingressUrl,
      "/CatalogAdmin/updateProduct",
      { productId: product.productId, price, compareAtPrice: null },
      callerKey,
    );
    if (!answer.ok) throw new Error(`updateProduct failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return until(async () => Number((await row("SELECT price FROM products WHERE product_id = $1", product.productId))?.price) === price);
  });
  // A different item each time: a quiet item's first move (a busy one lags by up to STOCK_PROJECTION_INTERVAL_MS).
  await sample("stock move of a quiet item (restock answered → its row)", async (i) => {
    const quiet = `SEED-${String(100 + i).padStart(6, "0")}`;
    const answer = await post(ingressUrl, `/InventoryItem/${quiet}/restock`, { quantity: 1 }, callerKey);
    if (!answer.ok) throw new Error(`restock failed: ${answer.status}`);
    return until(async () => Number((await row("SELECT on_hand FROM stock_levels WHERE sku = $1", quiet))?.on_hand) === answer.body.onHand);
  });
  return results;
}
