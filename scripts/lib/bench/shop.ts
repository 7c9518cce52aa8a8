import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { signingFetch } from "../../../src/platform/restate/caller-signature.ts";
import { endpointProcess } from "../endpoint-process.ts";
import { freePort } from "../ports.ts";
import type { Rng } from "../rng.ts";
import { type Measurement, measurePaths, type Path } from "./measure.ts";

/**
 * The shop's own path, as a shopper takes it: through the HTTP API (an account, its cart, its
 * checkout) and, one layer down, the cart's checkout straight through the ingress.
 */

export const SHIP_TO = { street: "1 Fast Lane", city: "Springfield", state: "OR", zip: "97477", country: "US" };

/** A line of processOrder's input: its SKU under `productId` today, under `sku` where the order path names it so. */
export type OrderLine = (sku: string, quantity?: number) => Record<string, unknown>;

/**
 * Which name processOrder takes a line's SKU under, asked by placing one order each way (a
 * refusal with 400 says the name is not that one): the bench stays usable across that rename.
 */
export async function orderLineOf(placeWith: (line: Record<string, unknown>) => Promise<string>, sku: string): Promise<OrderLine> {
  const field =
    (await placeWith({ productId: sku, quantity: 1 })) === "400" && (await placeWith({ sku, quantity: 1 })).startsWith("2")
      ? "sku"
      : "productId";
  return (line, quantity = 1) => ({ [field]: line, quantity });
}

/** A cell of the shop's path: the measurement, and every answer by what it was (warm-up and the window's tail included). */
export interface PathCell extends Measurement {
  outcomes: Record<string, number>;
}

export interface Api {
  url: string;
  readonly pid: number | undefined;
  /** Stops it and starts it again with `extra` on top of its settings (same port, same JWT secret: tokens stay valid). */
  restart(extra: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The HTTP API as its own process, as `npm run api` runs it: limits raised so that only the bench's
 * own load shapes the figures, scrypt at its cheapest allowed cost (registration is set-up here, not
 * what is measured), the query side's database for the reads that go there.
 */
export async function startApi(options: { ingressUrl: string; callerKey: string; databaseUrl?: string; logDir: string }): Promise<Api> {
  const port = await freePort();
  const env = {
    API_PORT: String(port),
    API_HOST: "127.0.0.1",
    RESTATE_INGRESS_URL: options.ingressUrl,
    JWT_SECRET: randomBytes(48).toString("base64"),
    API_CALLER_KEY: options.callerKey,
    LOG_LEVEL: "warn",
    PASSWORD_SCRYPT_LOG_N: "14",
    RATE_LIMIT_PER_MINUTE: "1000000",
    REGISTER_MAX_PER_IP: "1000000",
    GUEST_CHECKOUT_MAX_PER_IP: "1000000",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  };
  const processWith = (extra: Record<string, string>) =>
    endpointProcess({ port, logFile: path.join(options.logDir, "api.log"), entry: "src/api/api-main.ts", env: { ...env, ...extra } });
  let api = processWith({});
  await api.start();
  return {
    url: `http://127.0.0.1:${port}`,
    get pid() {
      return api.pid;
    },
    async restart(extra) {
      await api.kill("SIGTERM");
      api = processWith(extra);
      await api.start();
    },
    stop: () => api.kill("SIGTERM"),
  };
}

export interface Account {
  id: string;
  email: string;
  token: string;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** `n` accounts through POST /auth/register, two at a time (the API bounds the hashes in flight per address: a 429 is waited out). */
export async function registerAccounts(apiUrl: string, n: number, tag: string): Promise<Account[]> {
  const accounts: Account[] = [];
  let next = 0;
  const register = async (i: number): Promise<Account> => {
    const email = `bench-${tag}-${i}-${randomBytes(4).toString("hex")}@example.com`;
    for (;;) {
      const res = await fetch(`${apiUrl}/auth/register`, json({ email, password: "bench password 123", name: `Bench ${i}` }));
      const text = await res.text();
      if (res.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(res.headers.get("retry-after") ?? 1)));
        continue;
      }
      if (res.status !== 201) throw new Error(`register: HTTP ${res.status} ${text.slice(0, 300)}`);
      const answer = JSON.parse(text);
      return { id: answer.customer.id, email, token: answer.accessToken };
    }
  };
  const worker = async () => {
    for (let i = next++; i < n; i = next++) accounts[i] = await register(i);
  };
  await Promise.all(Array.from({ length: 2 }, worker));
  return accounts;
}

/** A path whose calls say what they got: `success` is the one outcome counted as done. */
export interface OutcomePath {
  prepare?: (n: number, worker: number) => Promise<void>;
  call: (n: number, worker: number) => Promise<string>;
}

/** One closed-loop cell of a path (measure.ts), with every answer tallied by its outcome; a thrown error is an outcome too. */
export async function pathCell(
  path: OutcomePath,
  success: string,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<PathCell> {
  const outcomes: Record<string, number> = {};
  const tally = (outcome: string) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    return outcome;
  };
  const wrapped: Path = {
    ...(path.prepare
      ? {
          prepare: async (n, w) => {
            await path.prepare!(n, w).catch((error) => void tally(`preparation failed: ${String(error?.message ?? error).slice(0, 80)}`));
          },
        }
      : {}),
    call: async (n, w) => {
      const outcome = await path.call(n, w).catch((error) => `error: ${String(error?.message ?? error).slice(0, 80)}`);
      return tally(outcome) === success;
    },
  };
  const { only } = await measurePaths({ only: wrapped }, options);
  return { ...only!, outcomes };
}

const statusOf = async (res: Response) => {
  await res.arrayBuffer();
  return String(res.status);
};

/** Throws unless the answer is 2xx. */
async function ok(res: Promise<Response>, what: string): Promise<void> {
  const answer = await res;
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${what}: HTTP ${answer.status} ${text.slice(0, 200)}`);
}

/**
 * Whether a checkout's answer is a paid order. Today's Cart.checkout answers when the order is
 * done, with its `status` and `paymentStatus`; a checkout that answers at once with
 * `{orderId, orderNumber, invocationId}` is followed by attaching to that invocation
 * (`GET /restate/invocation/{id}/attach`), whose answer is the order's. Paid: captured, where the
 * answer says; a 2xx answer without a payment status counts as done.
 */
export async function paidOrder(ingressUrl: string, callerKey: string, res: Response): Promise<string> {
  const text = await res.text();
  if (!res.ok) return `HTTP ${res.status}`;
  let answer = text ? JSON.parse(text) : {};
  if (answer.status === undefined && answer.paymentStatus === undefined && typeof answer.invocationId === "string") {
    const attached = await signingFetch(
      ingressUrl,
      callerKey,
    )(`${ingressUrl}/restate/invocation/${encodeURIComponent(answer.invocationId)}/attach`);
    const body = await attached.text();
    if (!attached.ok) return `attach HTTP ${attached.status}`;
    answer = body ? JSON.parse(body) : {};
  }
  const payment = answer.paymentStatus ?? answer.order?.paymentStatus;
  return payment === undefined || payment === "captured" ? "paid" : `${answer.status ?? answer.order?.status}/${payment}`;
}

export interface PathContext {
  ingressUrl: string;
  apiUrl: string;
  callerKey: string;
  accounts: Account[];
  skus: string[];
  dice: Rng;
  /** Keys of carts made through the ingress: unique per run. */
  prefix: string;
}

/**
 * `Cart.checkout` straight through the ingress, signed as the API signs, for an account: the cart
 * (its own key per order) gets one line outside the timing; the timing ends when the order is paid.
 */
export function ingressCheckout(context: PathContext, concurrency: number): OutcomePath {
  const cart = (n: number) => `${context.ingressUrl}/Cart/${context.prefix}c${concurrency}-${n}`;
  const signed = signingFetch(context.ingressUrl, context.callerKey);
  return {
    prepare: (n) => ok(fetch(`${cart(n)}/addItem`, json({ sku: context.dice.pick(context.skus), quantity: 1 })), "Cart.addItem"),
    call: async (n, w) => {
      const account = context.accounts[w]!;
      const res = await signed(
        `${cart(n)}/checkout`,
        json({
          customer: { email: account.email, name: "Bench" },
          shippingAddress: SHIP_TO,
          paymentMethod: "pm_card_visa",
          customerId: account.id,
        }),
      );
      return paidOrder(context.ingressUrl, context.callerKey, res);
    },
  };
}

const bearer = (account: Account) => ({ authorization: `Bearer ${account.token}` });

/** One line into the worker's cart through the API. */
export const addToCart = (apiUrl: string, account: Account, sku: string) =>
  fetch(`${apiUrl}/cart/items`, json({ sku, quantity: 1 }, bearer(account)));

/** `POST /orders` as the storefront sends it (with an Idempotency-Key); the worker's cart gets one line first, outside the timing. 201 is a paid order. */
export function apiOrder(context: PathContext): OutcomePath {
  return {
    prepare: (_n, w) => ok(addToCart(context.apiUrl, context.accounts[w]!, context.dice.pick(context.skus)), "POST /cart/items"),
    call: async (_n, w) =>
      statusOf(
        await fetch(
          `${context.apiUrl}/orders`,
          json(
            { shippingAddress: SHIP_TO, paymentMethodId: "pm_card_visa" },
            { ...bearer(context.accounts[w]!), "idempotency-key": randomUUID() },
          ),
        ),
      ),
  };
}

/**
 * `POST /cart/items` of one unit, nothing else in the timing: each caller adds its own SKU again and
 * again, so its cart holds one line however many adds it makes. `clear` takes those lines out
 * afterwards (the checkout cells that follow start from empty carts).
 */
export function apiCartAdd(context: PathContext): OutcomePath & { clear(): Promise<void> } {
  const skuOf = (w: number) => context.skus[w % context.skus.length]!;
  const used = new Set<number>();
  return {
    call: async (_n, w) => {
      used.add(w);
      return statusOf(await addToCart(context.apiUrl, context.accounts[w]!, skuOf(w)));
    },
    async clear() {
      for (const w of used)
        await ok(
          fetch(`${context.apiUrl}/cart/items/${skuOf(w)}`, { method: "DELETE", headers: bearer(context.accounts[w]!) }),
          "DELETE /cart/items",
        );
      used.clear();
    },
  };
}
