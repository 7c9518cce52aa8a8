import { randomUUID } from "node:crypto";
import { type ClientLog, retryingSender } from "./client.ts";

/** An order a customer placed through the HTTP API, as the API answered it. */
export interface ApiOrder {
  idempotencyKey: string;
  status: number;
  orderId?: string;
  orderNumber?: string;
  body: unknown;
}

export interface ApiLoad {
  readonly orders: ApiOrder[];
  /** Checkouts whose client gave up: each one a lost order. */
  readonly failures: Array<{ idempotencyKey: string; error: string }>;
  /** Arrivals skipped because every customer still had a checkout under way. */
  readonly heldBack: number;
  stop(): Promise<void>;
}

export interface ApiLoadOptions {
  apiUrls: readonly string[];
  skus: readonly string[];
  /** Checkouts offered per second through the API. */
  rate: number;
  /** Customers taking turns; one checkout at a time each (a customer has one cart). */
  customers: number;
  log: ClientLog;
  attemptTimeoutMs: number;
  giveUpAfterMs: number;
}

const SHIP_TO = { name: "Cluster Customer", street: "1 Replica Road", city: "Springfield", state: "OR", zip: "97477", country: "US" };
const PASSWORD = "cluster-load-password";

/**
 * Customers of the shop's public face: each registers through the API, then, in an open loop at
 * `rate`, puts an item in its cart and checks out with an Idempotency-Key. A call that gets no answer
 * or a 502/503/504 is sent again, same key, to the next API server: the API forwards the key to
 * Restate, so a checkout a killed API server had started is attached to, not placed twice.
 */
export async function startApiLoad(options: ApiLoadOptions): Promise<ApiLoad> {
  const call = retryingSender(
    { targets: options.apiUrls, attemptTimeoutMs: options.attemptTimeoutMs, giveUpAfterMs: options.giveUpAfterMs },
    options.log,
  );

  const signIn = async (email: string) => {
    const registered = await call("POST", "/auth/register", { email, password: PASSWORD, name: "Cluster Customer" });
    // A registration whose answer was lost went through: the account exists, so sign in.
    const answer = registered.status === 201 ? registered : await call("POST", "/auth/login", { email, password: PASSWORD });
    if (answer.status !== 200 && answer.status !== 201)
      throw new Error(`signing in ${email} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.accessToken as string;
  };
  const run = randomUUID().slice(0, 8);
  const customers = await Promise.all(
    Array.from({ length: options.customers }, async (_, i) => {
      const email = `cluster-${run}-${i}@example.com`;
      return { email, token: await signIn(email), busy: false };
    }),
  );

  const orders: ApiOrder[] = [];
  const failures: ApiLoad["failures"] = [];
  let heldBack = 0;
  let stopping = false;
  let n = 0;
  const running = new Set<Promise<void>>();

  const checkout = async (customer: (typeof customers)[number]) => {
    const idempotencyKey = `cluster-${run}-${n}`;
    try {
      const auth = async () => ({ authorization: `Bearer ${customer.token}` });
      let added = await call("POST", "/cart/items", { sku: options.skus[n % options.skus.length], quantity: 1 }, await auth());
      if (added.status === 401) {
        customer.token = await signIn(customer.email);
        added = await call("POST", "/cart/items", { sku: options.skus[n % options.skus.length], quantity: 1 }, await auth());
      }
      if (added.status !== 200) throw new Error(`adding to the cart answered ${added.status} ${JSON.stringify(added.body)}`);
      const placed = await call(
        "POST",
        "/orders",
        { shippingAddress: SHIP_TO, paymentMethodId: "pm_card_visa" },
        { ...(await auth()), "idempotency-key": idempotencyKey },
      );
      const order = placed.body?.orderNumber ? placed.body : placed.body?.error;
      orders.push({ idempotencyKey, status: placed.status, orderId: order?.orderId, orderNumber: order?.orderNumber, body: placed.body });
    } catch (error) {
      failures.push({ idempotencyKey, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const t0 = performance.now();
  const arrivals = (async () => {
    while (!stopping) {
      const due = t0 + (n * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopping) break;
      const customer = customers.find((c) => !c.busy);
      if (!customer) {
        heldBack++;
        n++;
        continue;
      }
      customer.busy = true;
      const journey = checkout(customer).finally(() => {
        customer.busy = false;
        running.delete(journey);
      });
      running.add(journey);
      n++;
    }
  })();

  return {
    orders,
    failures,
    get heldBack() {
      return heldBack;
    },
    async stop() {
      stopping = true;
      await arrivals;
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
