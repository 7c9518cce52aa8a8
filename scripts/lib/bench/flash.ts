import { randomBytes, randomUUID } from "node:crypto";
import { signingFetch } from "../../../src/platform/restate/caller-signature.ts";
import { settled } from "./keys.ts";
import { SHIP_TO } from "./shop.ts";

export interface FlashSale {
  units: number;
  buyers: number;
  concurrency: number;
  /** From the first order sent to the answer that sold the last unit; NaN when it never sold out. */
  sellOutSeconds: number;
  /** From the first order sent to the last answer. */
  seconds: number;
  /** Orders placed per second on the SKU's key until it sold out. */
  placedPerSecond: number;
  /** Orders decided (placed or refused) per second over the whole sale. */
  decidedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  /** The first answer of each status other than 201 and 409, as it came (for a failed check). */
  unexpected: Record<string, string>;
  /** The item afterwards, through InventoryItem/{sku}/get. */
  item: { onHand: number; reserved: number; openReservations: number };
  /** What did not hold: empty when every check passed. */
  failures: string[];
}

interface Context {
  ingressUrl: string;
  apiUrl: string;
  adminUrl?: string;
  callerKey: string;
  /** Part of the SKU, so a run against a deployment has its own. */
  tag: string;
  log: (line: string) => void;
}

const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;

/**
 * A flash sale: `units` of one SKU, `buyers` guests (no account: a sale brings new visitors, and a
 * thousand registrations would make scrypt, not the sale, the set-up's cost) each with one unit in
 * a cart of their own, filled before the sale, then every guest checks out through the API at
 * `concurrency`. Every order reaches the SKU's one InventoryItem key; exactly `units` must be
 * placed (201), the rest refused (409), and the item left with nothing on hand and nothing held.
 */
export async function flashSale(context: Context, units = 100, buyers = 1000, concurrency = 64): Promise<FlashSale> {
  const { ingressUrl, apiUrl } = context;
  const signed = signingFetch(ingressUrl, context.callerKey);
  const sku = `FLASH-${context.tag}`;
  const item = async (handler: string, body?: unknown) => {
    const res = await signed(`${ingressUrl}/InventoryItem/${sku}/${handler}`, {
      method: "POST",
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`InventoryItem/${sku}/${handler}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  await item("upsert", { name: "Flash sale item", price: 1000 });
  await item("restock", { quantity: units });

  const carts = Array.from({ length: buyers }, () => `gc_${randomBytes(32).toString("base64url")}`);
  const pool = async (work: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < buyers; i = next++) await work(i);
      }),
    );
  };
  await pool(async (i) => {
    const res = await fetch(`${apiUrl}/guest/cart/items`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-guest-cart": carts[i]! },
      body: JSON.stringify({ sku, quantity: 1 }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`a guest cart: HTTP ${res.status} ${text.slice(0, 200)}`);
  });
  if (context.adminUrl) await settled(context.adminUrl);
  context.log(`flash sale: ${buyers} guest carts hold one ${sku} each; ${units} units; the sale starts`);

  const statuses: Record<string, number> = {};
  const unexpected: Record<string, string> = {};
  const latencies: number[] = [];
  let placed = 0;
  let soldOutAt = Number.NaN;
  const start = performance.now();
  await pool(async (i) => {
    const sent = performance.now();
    const res = await fetch(`${apiUrl}/guest/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-guest-cart": carts[i]!, "idempotency-key": randomUUID() },
      body: JSON.stringify({
        email: `flash-${i}@example.com`,
        name: "Flash Buyer",
        shippingAddress: SHIP_TO,
        paymentMethodId: "pm_card_visa",
      }),
    }).catch(() => undefined);
    const body = (await res?.text()) ?? "";
    const done = performance.now();
    latencies.push(done - sent);
    const status = res ? String(res.status) : "no answer";
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== "201" && status !== "409") unexpected[status] ??= body.slice(0, 300);
    if (status === "201" && ++placed === units) soldOutAt = done;
  });
  const seconds = (performance.now() - start) / 1000;
  if (context.adminUrl) await settled(context.adminUrl);
  const after = await item("get");
  const openReservations = Object.keys(after.reservations ?? {}).length;
  const failures = [
    ...(statuses["201"] === units ? [] : [`${statuses["201"] ?? 0} orders placed (201), not ${units}`]),
    ...(statuses["409"] === buyers - units ? [] : [`${statuses["409"] ?? 0} refused with 409, not ${buyers - units}`]),
    ...(after.onHand === 0 ? [] : [`${after.onHand} on hand afterwards, not 0`]),
    ...(after.reserved === 0 && openReservations === 0
      ? []
      : [`${after.reserved} units still reserved (${openReservations} open reservations)`]),
  ];
  latencies.sort((a, b) => a - b);
  const sellOutSeconds = (soldOutAt - start) / 1000;
  const result: FlashSale = {
    units,
    buyers,
    concurrency,
    sellOutSeconds,
    seconds,
    placedPerSecond: placed / (Number.isFinite(sellOutSeconds) ? sellOutSeconds : seconds),
    decidedPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    statuses,
    unexpected,
    item: { onHand: after.onHand, reserved: after.reserved, openReservations },
    failures,
  };
  context.log(
    `flash sale: sold out in ${sellOutSeconds.toFixed(1)} s, ${result.placedPerSecond.toFixed(1)} placed/s, p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms; answers ${JSON.stringify(statuses)}`,
  );
  for (const failure of failures) console.log(`FAILED flash sale check: ${failure}`);
  for (const [status, body] of Object.entries(unexpected)) console.log(`flash sale: a ${status} answered ${body}`);
  return result;
}
