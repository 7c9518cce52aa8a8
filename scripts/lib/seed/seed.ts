import { createHash, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { Passwords } from "../../../src/api/auth/passwords.ts";
import { callIngress } from "../ingress-call.ts";
import { stream } from "../rng.ts";
import { CATEGORY_TREE, SEED_ADDRESS, seedCustomer, seedProduct } from "./data.ts";

export interface SeedOptions {
  ingressUrl: string;
  /** The API's credential (API_CALLER_KEY): products, stock, accounts and customers' orders are written only by calls it signs. */
  callerKey: string;
  /** The HTTP API; customers register through it when it answers, else through the handlers. */
  apiUrl?: string;
  products: number;
  customers: number;
  orders: number;
  concurrency: number;
  seed: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface SeedReport {
  categories: number;
  products: { created: number; existing: number; failed: number };
  customers: { created: number; existing: number; failed: number; via: string };
  orders: Record<string, number>;
  /** Active products with stock, as seeded (for the bench's searches). */
  sellable: string[];
}

/** Runs `work(i)` for i in [0, total) with at most `concurrency` at once, reporting progress. */
async function pool(
  total: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
  progress: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await work(i);
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/**
 * Fills a running instance through its handlers (never through the database): categories, products
 * with stock, customers, then orders from those customers for those products. Deterministic per
 * seed and safe to run again (what exists is skipped).
 */
export async function seedShop(options: SeedOptions): Promise<SeedReport> {
  const call = (path: string, body: unknown) =>
    callIngress(options.ingressUrl, path, body, { retryForMs: 30_000, callerKey: options.callerKey });
  const progress = (phase: string, total: number) => (done: number) => options.onProgress?.(phase, done, total);
  const report: SeedReport = {
    categories: 0,
    products: { created: 0, existing: 0, failed: 0 },
    customers: { created: 0, existing: 0, failed: 0, via: "" },
    orders: {},
    sellable: [],
  };

  for (const [i, category] of CATEGORY_TREE.entries()) {
    const answer = await call("/CatalogAdmin/createCategory", category);
    if (answer.status === 200 || answer.status === 409) report.categories++;
    else throw new Error(`category ${category.slug}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    progress("categories", CATEGORY_TREE.length)(i + 1);
  }

  const productDice = stream(options.seed, "products");
  const products = Array.from({ length: options.products }, (_, i) => seedProduct(productDice, i));
  await pool(
    products.length,
    options.concurrency,
    async (i) => {
      const { stock, ...product } = products[i]!;
      const answer = await call("/CatalogAdmin/createProduct", product);
      if (answer.status === 200) report.products.created++;
      else if (answer.status === 409) report.products.existing++;
      else {
        report.products.failed++;
        return;
      }
      if (stock > 0) await call(`/InventoryItem/${product.sku}/restock`, { quantity: stock, reference: `seed-${product.sku}` });
      if (stock > 0 && product.status === "active") report.sellable.push(product.sku);
    },
    progress("products", products.length),
  );

  const customerDice = stream(options.seed, "customers");
  const customers = Array.from({ length: options.customers }, (_, i) => seedCustomer(customerDice, i, `s${options.seed}`));
  const ids = new Map<string, string>();
  let viaApi = options.apiUrl ? await answers(`${options.apiUrl}/health`) : false;
  report.customers.via = viaApi ? `the HTTP API (${options.apiUrl})` : "the EmailIndex/Customer handlers";
  const passwords = new Passwords(14, { concurrency: availableParallelism(), queue: Number.MAX_SAFE_INTEGER });
  await pool(
    customers.length,
    Math.min(options.concurrency, 8),
    async (i) => {
      const customer = customers[i]!;
      if (viaApi) {
        const res = await fetch(`${options.apiUrl}/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...customer, password: `seed-${options.seed}-${randomBytes(6).toString("hex")}` }),
        });
        const body = (await res.json().catch(() => ({}))) as { customer?: { id: string } };
        if (res.status === 201) {
          report.customers.created++;
          ids.set(customer.email, body.customer!.id);
          return;
        }
        if (res.status === 429) {
          // The API's registration limits are per address: the rest go through the handlers.
          viaApi = false;
          report.customers.via += "; the rest through the handlers after the API's rate limit (429)";
          options.log?.("the API rate-limits registrations; continuing through the EmailIndex handlers");
        } else if (res.status !== 409) {
          report.customers.failed++;
          return;
        }
      }
      const session = {
        id: randomBytes(16).toString("base64url").slice(0, 22),
        secretHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
        ttlSeconds: 3600,
      };
      const passwordHash = await passwords.hash(randomBytes(12).toString("base64"));
      const answer = await call(`/EmailIndex/${customer.email}/register`, { name: customer.name, passwordHash, session });
      if (answer.status === 200) {
        report.customers.created++;
        ids.set(customer.email, answer.body.customer.id);
      } else if (answer.status === 409) {
        report.customers.existing++;
        const owner = await call(`/EmailIndex/${customer.email}/lookup`, null);
        if (typeof owner.body === "string") ids.set(customer.email, owner.body);
      } else report.customers.failed++;
    },
    progress("customers", customers.length),
  );

  const orderDice = stream(options.seed, "orders");
  const sellable = [...report.sellable].sort();
  await pool(
    sellable.length === 0 ? 0 : options.orders,
    options.concurrency,
    async (i) => {
      const customer = customers.length ? orderDice.pick(customers) : { email: "guest@example.com", name: "Guest Shopper" };
      const lines = orderDice.sample(sellable, orderDice.int(1, 3)).map((sku) => ({ productId: sku, quantity: orderDice.int(1, 2) }));
      const customerId = ids.get(customer.email);
      const answer = await call(`/OrderOrchestrator/seed-${options.seed}-order-${i}/processOrder`, {
        items: lines,
        customer,
        shipping: { name: customer.name, ...SEED_ADDRESS },
        ...(customerId ? { customerId } : {}),
      });
      const outcome = answer.status === 200 ? String(answer.body.status) : `HTTP ${answer.status}`;
      report.orders[outcome] = (report.orders[outcome] ?? 0) + 1;
    },
    progress("orders", options.orders),
  );
  return report;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
