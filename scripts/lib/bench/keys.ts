import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "../admin.ts";
import { projectRoot } from "../restate-server.ts";
import type { Rng } from "../rng.ts";
import { type Account, addToCart, SHIP_TO } from "./shop.ts";

/**
 * Which Restate objects an order through the API touches, read from sys_invocation after a batch
 * of orders placed at once (everything created from the batch's start until nothing runs any
 * more is on its behalf), and how many invocations each API route on the buying path makes.
 */

export interface Invocation {
  id: string;
  service: string;
  handler: string;
  key: string;
  /** virtual_object, service or workflow. */
  ty: string;
  /** `ingress` for the API's own calls, `service` for a handler's. */
  invoked_by: string;
  /** The invocation that made this one, when a handler did. */
  invoked_by_id?: string | null;
}

export interface KeyRow {
  target: string;
  /** Whose key it is: per order, per cart, per customer, per SKU, one for all orders, or none (a service). */
  key: string;
  perOrder: number;
  distinctKeys: number;
  /** How it was invoked: by the API, a call (awaited) or a one-way send (delayed: a timer). */
  invokedBy: string;
  /** Exclusive or shared handler of an object, or a service's. */
  handler: string;
  /** Whether some of its invocations are on an order's path: the API waits for them (called by the API, or called by what is on the path). */
  onPath: boolean;
  /** One key for every order of the batch: on the path, off it but exclusive (still a queue all orders join), or off it. */
  sharedByAll: "" | "on the path" | "off the path, exclusive" | "off the path";
}

export interface RouteCount {
  route: string;
  status: number;
  /** Invocations the API made itself. */
  direct: string[];
  /** Everything the request set off, directly or not, until nothing ran any more. */
  all: number;
}

export interface OrderKeys {
  orders: number;
  statuses: Record<string, number>;
  rows: KeyRow[];
  routes: RouteCount[];
}

const quote = (s: string) => s.replace(/'/g, "''");

/** Waits until no invocation runs, waits or retries (timers set for later, such as a stock row's flush, may stay). */
export async function settled(adminUrl: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    const [row] = await sql<{ n: number }>(
      adminUrl,
      "SELECT count(*) AS n FROM sys_invocation WHERE status NOT IN ('completed', 'scheduled')",
    );
    quiet = Number(row?.n ?? 1) === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function invocationsSince(adminUrl: string, since: string): Promise<Invocation[]> {
  return sql<Invocation>(
    adminUrl,
    `SELECT id, target_service_name AS service, target_handler_name AS handler, target_service_key AS key, target_service_ty AS ty, invoked_by,
         invoked_by_id FROM sys_invocation WHERE created_at >= '${quote(since)}' ORDER BY created_at`,
  );
}

/** How each invocation created since `since` was made, from its caller's journal: a call, a one-way send, or a delayed send. */
async function howInvoked(adminUrl: string, since: string): Promise<Map<string, string>> {
  const rows = await sql<{ entry_type: string; entry_lite_json: string }>(
    adminUrl,
    `SELECT j.entry_type, j.entry_lite_json FROM sys_journal j JOIN sys_invocation i ON j.id = i.id
       WHERE i.created_at >= '${quote(since)}' AND j.entry_type IN ('Command: Call', 'Command: OneWayCall')`,
  );
  const how = new Map<string, string>();
  for (const row of rows) {
    const command = JSON.parse(row.entry_lite_json).Command ?? {};
    const call = command.Call ?? command.OneWayCall;
    if (!call?.invocation_id) continue;
    how.set(call.invocation_id, command.Call ? "call" : Number(call.invoke_time ?? 0) > 0 ? "delayed send" : "send");
  }
  return how;
}

/** `Service/handler` → exclusive, shared, workflow or service, from the admin API. */
async function handlerTypes(adminUrl: string): Promise<Map<string, string>> {
  const res = await fetch(`${adminUrl}/services`, { signal: AbortSignal.timeout(30_000) });
  const { services } = (await res.json()) as {
    services: Array<{ name: string; ty: string; handlers: Array<{ name: string; ty?: string }> }>;
  };
  const types = new Map<string, string>();
  for (const service of services)
    for (const handler of service.handlers)
      types.set(`${service.name}/${handler.name}`, service.ty === "Service" ? "service" : (handler.ty ?? service.ty).toLowerCase());
  return types;
}

/** What identifies the batch's orders, to say whose each key is. */
export interface BatchIds {
  orders: number;
  orderIds: string[];
  cartIds: string[];
  /** Customer ids and their emails (lower case). */
  customers: string[];
  skus: string[];
}

/** Whose key `keys` (one per invocation of a target) are. Pure. */
export function keyKind(ty: string, keys: readonly string[], ids: BatchIds): string {
  if (ty === "service") return "none (a service)";
  const distinct = new Set(keys);
  const every = (among: readonly string[]) => among.length > 0 && keys.every((key) => among.some((id) => key.includes(id)));
  if (distinct.size === 1 && ids.orders > 1) return "one key for all orders";
  if (every(ids.orderIds)) return "per order";
  if (every(ids.cartIds)) return "per cart";
  if (every(ids.customers)) return "per customer";
  if (keys.every((key) => ids.skus.includes(key))) return "per SKU";
  if (distinct.size >= ids.orders) return "per order (a key of its own: number, payment, parcel)";
  return `${distinct.size} keys for ${ids.orders} orders`;
}

/** The order's saga: the API waits for it to end (by a call, or by attaching to it when the cart only sent it). */
const SAGA = "OrderOrchestrator/processOrder";

/**
 * The rows of the key table from the invocations of a batch. An invocation is on an order's path
 * when the API called it, when it is the saga itself, or when a call (not a send) made it from
 * one on the path. Pure.
 */
export function keyRows(
  invocations: readonly Invocation[],
  how: ReadonlyMap<string, string>,
  types: ReadonlyMap<string, string>,
  ids: BatchIds,
): KeyRow[] {
  const byId = new Map(invocations.map((inv) => [inv.id, inv]));
  const onPath = new Map<string, boolean>();
  const isOnPath = (inv: Invocation): boolean => {
    const known = onPath.get(inv.id);
    if (known !== undefined) return known;
    onPath.set(inv.id, false);
    const parent = inv.invoked_by_id ? byId.get(inv.invoked_by_id) : undefined;
    const answer =
      inv.invoked_by === "ingress" ||
      `${inv.service}/${inv.handler}` === SAGA ||
      (how.get(inv.id) === "call" && parent !== undefined && isOnPath(parent));
    onPath.set(inv.id, answer);
    return answer;
  };
  const groups = new Map<string, Invocation[]>();
  for (const inv of invocations) {
    const target = `${inv.service}/${inv.handler}`;
    groups.set(target, [...(groups.get(target) ?? []), inv]);
  }
  return [...groups].map(([target, group]) => {
    const kinds = new Set(
      group.map((inv) => (inv.invoked_by === "ingress" ? "the API" : (how.get(inv.id) ?? "by a caller from before the batch"))),
    );
    const handler = types.get(target) ?? group[0]!.ty;
    const key = keyKind(
      group[0]!.ty,
      group.map((inv) => inv.key),
      ids,
    );
    const path = group.some(isOnPath);
    const sharedByAll: KeyRow["sharedByAll"] =
      key !== "one key for all orders" ? "" : path ? "on the path" : handler === "exclusive" ? "off the path, exclusive" : "off the path";
    return {
      target,
      key,
      perOrder: group.length / ids.orders,
      distinctKeys: group[0]!.ty === "service" ? 0 : new Set(group.map((inv) => inv.key)).size,
      invokedBy: [...kinds].sort().join(", "),
      handler,
      onPath: path,
      sharedByAll,
    };
  });
}

interface Context {
  adminUrl: string;
  apiUrl: string;
  /** Accounts with empty carts, one per order of the batch. */
  accounts: Account[];
  skus: string[];
  dice: Rng;
  log: (line: string) => void;
}

const now = () => new Date().toISOString();

/**
 * `accounts.length` orders through the API at once (each account one line of its own SKU, put in
 * the cart before), then every invocation from the batch's start until all is quiet; then one
 * request of each route on the buying path at a time, alone, with what it set off.
 */
export async function benchKeys(context: Context): Promise<OrderKeys> {
  const { adminUrl, apiUrl, accounts } = context;
  const skus = context.dice.sample(context.skus, accounts.length);
  await Promise.all(accounts.map(async (account, i) => void (await (await addToCart(apiUrl, account, skus[i]!)).arrayBuffer())));
  await settled(adminUrl);
  const since = now();
  const statuses: Record<string, number> = {};
  const place = async (account: Account) => {
    const res = await fetch(`${apiUrl}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${account.token}`, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ shippingAddress: SHIP_TO, paymentMethodId: "pm_card_visa" }),
    });
    await res.arrayBuffer();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    return res.status;
  };
  await Promise.all(accounts.map(place));
  if (!(await settled(adminUrl))) context.log("the batch's invocations did not settle within 60 s: the key table counts what ran by then");
  const invocations = await invocationsSince(adminUrl, since);
  const [how, types] = [await howInvoked(adminUrl, since), await handlerTypes(adminUrl)];
  const ids: BatchIds = {
    orders: accounts.length,
    orderIds: [...new Set(invocations.filter((i) => i.service === "OrderOrchestrator").map((i) => i.key))],
    cartIds: invocations.filter((i) => i.service === "Cart" && i.invoked_by === "ingress").map((i) => i.key),
    customers: accounts.flatMap((a) => [a.id, a.email.toLowerCase()]),
    skus,
  };
  const rows = keyRows(invocations, how, types, ids).sort((a, b) => a.target.localeCompare(b.target));

  const one = accounts[0]!;
  const bearer = { authorization: `Bearer ${one.token}` };
  const routes: RouteCount[] = [];
  const alone = async (route: string, request: () => Promise<Response>) => {
    await settled(adminUrl);
    const from = now();
    const res = await request();
    await res.arrayBuffer();
    await settled(adminUrl);
    const made = await invocationsSince(adminUrl, from);
    // What the request set off: its own calls and, by invoked_by_id, everything they made (a timer set earlier that fires now is not).
    const direct = made.filter((i) => i.invoked_by === "ingress");
    const setOff = new Set(direct.map((i) => i.id));
    for (let grew = true; grew; ) {
      grew = false;
      for (const i of made)
        if (!setOff.has(i.id) && i.invoked_by_id && setOff.has(i.invoked_by_id)) {
          setOff.add(i.id);
          grew = true;
        }
    }
    routes.push({ route, status: res.status, direct: direct.map((i) => `${i.service}.${i.handler}`), all: setOff.size });
  };
  await alone("POST /cart/items", () => addToCart(apiUrl, one, context.dice.pick(context.skus)));
  await alone("GET /cart", () => fetch(`${apiUrl}/cart`, { headers: bearer }));
  await alone("POST /orders", () =>
    fetch(`${apiUrl}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ shippingAddress: SHIP_TO, paymentMethodId: "pm_card_visa" }),
    }),
  );
  for (const r of routes)
    context.log(`${r.route} (HTTP ${r.status}): ${r.direct.length} invocations by the API (${r.direct.join(", ")}), ${r.all} in all`);
  const hot = rows.filter((r) => r.sharedByAll === "on the path");
  context.log(
    `keys of ${accounts.length} orders through the API: ${rows.length} targets${hot.length ? `; shared by all orders, on the path: ${hot.map((r) => r.target).join(", ")}` : ""}`,
  );
  return { orders: accounts.length, statuses, rows, routes };
}

const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The two tables, as the report and docs/architecture.md show them. */
export function keysMarkdown(keys: OrderKeys, source: string): string[] {
  return [
    `${keys.orders} orders through the API at once (POST /orders, one line each, a card that pays; answers: ${Object.entries(keys.statuses)
      .map(([status, n]) => `${n}× ${status}`)
      .join(", ")}), ${source}. Every invocation from the batch's start until nothing ran any more, by target.`,
    "",
    "| target | key | invocations per order | distinct keys | invoked by | handler | on the path | one key for all orders |",
    "|---|---|---:|---:|---|---|---|---|",
    ...keys.rows.map(
      (r) =>
        `| ${r.target} | ${r.key} | ${f(r.perOrder)} | ${r.distinctKeys || "–"} | ${r.invokedBy} | ${r.handler} | ${r.onPath ? "yes" : ""} | ${r.sharedByAll ? `**${r.sharedByAll}**` : ""} |`,
    ),
    "",
    "On the path: the API waits for it: it called it, it is the saga (processOrder, which the API waits for by a call or by attaching to it), or something on the path called it; what a send sets off is off the path. Timers set before the batch that fire during it (a stock row's flush) are counted too.",
    "",
    "Restate invocations per API request on the buying path, one request at a time on a quiet server:",
    "",
    "| route | answer | invocations by the API | all it set off |",
    "|---|---:|---|---:|",
    ...keys.routes.map((r) => `| ${r.route} | ${r.status} | ${r.direct.length}: ${r.direct.join(", ")} | ${r.all} |`),
  ];
}

export const DOCS_START = "<!-- bench:keys:start -->";
export const DOCS_END = "<!-- bench:keys:end -->";

/** Puts the tables between the markers of a docs file (generated: never edited by hand). */
export function writeKeysDocs(file: string, lines: string[]): void {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(DOCS_START);
  const end = text.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${DOCS_START} … ${DOCS_END} markers`);
  writeFileSync(file, `${text.slice(0, start + DOCS_START.length)}\n\n${lines.join("\n")}\n\n${text.slice(end)}`);
  // The docs are held to the project's formatter (npm run lint): its tables are aligned.
  execFileSync(path.join(projectRoot, "node_modules/.bin/biome"), ["format", "--write", file], { cwd: projectRoot, stdio: "ignore" });
}
