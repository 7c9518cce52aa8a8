import { randomBytes } from "node:crypto";
import path from "node:path";
import { signingFetch } from "../../../src/restate/caller-signature.ts";
import { endpointProcess } from "../endpoint-process.ts";
import { freePort } from "../ports.ts";
import type { Rng } from "../rng.ts";
import { type Measurement, measurePaths, type Path } from "./measure.ts";

export interface ApiComparison {
  /** Callers in all: they take turns between the two paths, so both run side by side in equal numbers. */
  concurrency: number;
  ingress: Measurement;
  api: Measurement;
  /** p50 through the API over p50 straight through the ingress, minus one. */
  p50Overhead: number;
}

const shipTo = { street: "1 Fast Lane", city: "Springfield", state: "OR", zip: "97477", country: "US" };
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function expectOk(res: Promise<Response>, what: string): Promise<any> {
  const answer = await res;
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${what}: HTTP ${answer.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * A cart checkout through the HTTP API (sign-in token checked, the customer's cart and details read,
 * the checkout called) and straight through the ingress (Cart.checkout), in one window
 * against the same server: the callers take turns between the two, each with its own customers.
 * The cart is filled before each checkout, outside its timing.
 */
export async function compareCheckout(options: {
  ingressUrl: string;
  /** The API's credential: the API signs with it, and so does the ingress path (a checkout for an account). */
  callerKey: string;
  /** Starts the cell on a fresh endpoint where the bench runs its own. */
  freshCell: () => Promise<void>;
  logDir: string;
  skus: string[];
  dice: Rng;
  concurrency: number;
  settings: { durationMs: number; warmupMs: number };
}): Promise<ApiComparison> {
  const { ingressUrl, concurrency, settings } = options;
  const port = await freePort();
  const api = endpointProcess({
    port,
    logFile: path.join(options.logDir, "api.log"),
    entry: "src/api/main.ts",
    env: {
      API_PORT: String(port),
      API_HOST: "127.0.0.1",
      RESTATE_INGRESS_URL: ingressUrl,
      JWT_SECRET: randomBytes(48).toString("base64"),
      API_CALLER_KEY: options.callerKey,
      LOG_LEVEL: "warn",
      PASSWORD_SCRYPT_LOG_N: "14",
      RATE_LIMIT_PER_MINUTE: "1000000",
      REGISTER_MAX_PER_IP: "100000",
    },
  });
  await api.start();
  const apiUrl = `http://127.0.0.1:${port}`;
  try {
    const register = async (i: number) => {
      const email = `bench-${i}-${randomBytes(4).toString("hex")}@example.com`;
      const answer = await expectOk(
        fetch(`${apiUrl}/auth/register`, json({ email, password: "bench password 123", name: `Bench ${i}` })),
        "register",
      );
      return { id: answer.customer.id as string, email, token: answer.accessToken as string };
    };
    const viaApi = await Promise.all(Array.from({ length: concurrency }, (_, i) => register(i)));
    const viaIngress = await Promise.all(Array.from({ length: concurrency }, (_, i) => register(concurrency + i)));
    const sku = () => options.dice.pick(options.skus);

    const ingressCart = (n: number) => `${ingressUrl}/Cart/bench-cart-${n}`;
    const authorized = (w: number, body: unknown) => ({
      ...json(body),
      headers: { "content-type": "application/json", authorization: `Bearer ${viaApi[w]!.token}` },
    });
    const paths: Record<"ingress" | "api", Path> = {
      ingress: {
        prepare: async (n) => void (await expectOk(fetch(`${ingressCart(n)}/addItem`, json({ sku: sku(), quantity: 1 })), "addItem")),
        call: async (n, w) => {
          const res = await signingFetch(ingressUrl, options.callerKey)(
            `${ingressCart(n)}/checkout`,
            json({ customer: { email: viaIngress[w]!.email, name: "Bench" }, shippingAddress: shipTo, customerId: viaIngress[w]!.id }),
          );
          await res.arrayBuffer();
          return res.ok;
        },
      },
      api: {
        prepare: async (_n, w) =>
          void (await expectOk(fetch(`${apiUrl}/cart/items`, authorized(w, { sku: sku(), quantity: 1 })), "POST /cart/items")),
        call: async (_n, w) => {
          const res = await fetch(`${apiUrl}/orders`, authorized(w, { shippingAddress: shipTo, paymentMethodId: "pm_card_visa" }));
          await res.arrayBuffer();
          return res.status === 201;
        },
      },
    };
    await options.freshCell();
    const measured = await measurePaths(paths, { concurrency, ...settings });
    const ingress = measured.ingress!;
    const viaTheApi = measured.api!;
    console.log(
      `checkout at ${concurrency} (taking turns): ingress p50 ${ingress.p50Ms.toFixed(1)} ms, API p50 ${viaTheApi.p50Ms.toFixed(1)} ms`,
    );
    return { concurrency, ingress, api: viaTheApi, p50Overhead: viaTheApi.p50Ms / ingress.p50Ms - 1 };
  } finally {
    await api.kill("SIGTERM");
  }
}
