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
  customers: { created: number; existing: number; failed: number };
  /** One seeded account's sign-in, when this run created it (its password is nowhere else). */
  signIn?: { email: string; password: string };
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
  const call = (path: string, body: unknown, idempotencyKey?: string) =>
    callIngress(options.ingressUrl, path, body, {
      retryForMs: 30_000,
      callerKey: options.callerKey,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  const progress = (phase: string, total: number) => (done: number) => options.onProgress?.(phase, done, total);
  const report: SeedReport = {
    categories: 0,
    products: { created: 0, existing: 0, failed: 0 },
    customers: { created: 0, existing: 0, failed: 0 },
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
  const passwords = new Passwords(14, { concurrency: availableParallelism(), queue: Number.MAX_SAFE_INTEGER });
  // Through the handlers, never the API's /auth/register: its per-address limits are for visitors,
  // and a seed run must not leave the first one on this machine with a 429.
  await pool(
    customers.length,
    Math.min(options.concurrency, 8),
    async (i) => {
      const customer = customers[i]!;
      const password = randomBytes(12).toString("base64url");
      const session = {
        id: randomBytes(16).toString("base64url").slice(0, 22),
        secretHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
        ttlSeconds: 3600,
      };
      const passwordHash = await passwords.hash(password);
      const answer = await call(`/EmailIndex/${customer.email}/register`, { name: customer.name, passwordHash, session });
      if (answer.status === 200) {
        report.customers.created++;
        ids.set(customer.email, answer.body.customer.id);
        if (i === 0) report.signIn = { email: customer.email, password };
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
  const orders = sellable.length === 0 ? 0 : options.orders;
  await pool(
    orders,
    options.concurrency,
    async (i) => {
      const customer = customers.length ? orderDice.pick(customers) : { email: "guest@example.com", name: "Guest Shopper" };
      const lines = orderDice.sample(sellable, orderDice.int(1, 3)).map((sku) => ({ sku, quantity: orderDice.int(1, 2) }));
      const outcome = await shop(options.ingressUrl, call, options.seed, i, { ...customer, id: ids.get(customer.email) }, lines);
      report.orders[outcome] = (report.orders[outcome] ?? 0) + 1;
    },
    progress("orders", orders),
  );
  return report;
}

type Call = (path: string, body: unknown, idempotencyKey?: string) => Promise<{ status: number; body: any }>;

const OUTCOME_WAIT_MS = 5_000;

/**
 * One seeded order as a shopper makes it: a view of each product, its lines added to a cart of
 * its own (the cart records add_to_cart), then the cart's checkout, which numbers the order
 * (ORD-…) and files it under the customer. Run again, a cart that was checked out is left as it is.
 */
async function shop(
  ingressUrl: string,
  call: Call,
  seed: number,
  i: number,
  customer: { email: string; name: string; id?: string | undefined },
  lines: Array<{ sku: string; quantity: number }>,
): Promise<string> {
  const visit = `seed-${seed}-visit-${i}`;
  const owner = customer.id ? { customerId: customer.id } : {};
  for (const { sku } of lines) {
    await call("/Analytics/track", {
      eventId: `${visit}-view-${sku}`,
      event: "product_view",
      sessionId: visit,
      ...owner,
      properties: { sku },
    });
  }
  // A cart key of the customer's own (its generation far past any they use themselves), so the cart's events are theirs.
  const cart = customer.id ? `${customer.id}-${1_000_000 + i}` : `seed-${seed}-cart-${i}`;
  // Checked out by an earlier run: that order stands.
  const earlier = await call(`/Cart/${cart}/get`, null);
  if (earlier.status === 200 && earlier.body.lastCheckout) return "placed by an earlier run";
  for (const line of lines) {
    const added = await call(`/Cart/${cart}/addItem`, line);
    if (added.status !== 200) return `cart HTTP ${added.status}`;
  }
  // The cart answers as soon as the order is submitted; the order may rightly wait for days (held for
  // a risk review, stock on backorder), and the seed must not. Its outcome is read for a few seconds, then left to Restate.
  const submitted = await call(
    `/Cart/${cart}/checkout`,
    { customer: { email: customer.email, name: customer.name }, shippingAddress: { name: customer.name, ...SEED_ADDRESS }, ...owner },
    `seed-${seed}-checkout-${i}`,
  );
  if (submitted.status !== 200) return `HTTP ${submitted.status}`;
  return outcomeOf(ingressUrl, submitted.body.invocationId);
}

/** The checkout's answer if it comes within OUTCOME_WAIT_MS: its status, its refusal, or "still going". */
async function outcomeOf(ingressUrl: string, invocationId: string): Promise<string> {
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(`${ingressUrl}/restate/invocation/${invocationId}/output`);
    const text = await res.text();
    if (res.status === 200) return String((JSON.parse(text) as { status: string }).status);
    // 470: not finished yet; anything else is the checkout's own refusal.
    if (res.status !== 470) return `HTTP ${res.status}`;
    await new Promise((r) => setTimeout(r, 250));
  }
  return "still going (review, backorder or payment)";
}
