import { fileLedger, type LedgerEntry } from "../../../mocks/ledger.ts";
import { signingFetch } from "../../../src/platform/restate/caller-signature.ts";
import { sql } from "../admin.ts";
import type { DemoStack } from "./stack.ts";
import { DEMO_ADMIN, DEMO_TIMINGS } from "./stack.ts";

/** Something the demo told the learner, and whether it held. */
export interface Claim {
  text: string;
  held: boolean;
}

export interface DemoOutcome {
  claims: Claim[];
  orderNumber: string;
  invocationId: string;
  customer: { email: string; password: string };
}

const CUSTOMER = { email: "learner@example.com", password: "learner-password", name: "Ada Lovelace" };
const ADDRESS = { name: "Ada Lovelace", street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: "US" };
const PRODUCTS = [
  { sku: "DEMO-MUG", name: "Stoneware mug", price: 1800, stock: 12, description: "Hand-glazed, dishwasher-safe" },
  { sku: "DEMO-TEA", name: "Sencha green tea, 100 g", price: 1250, stock: 30, description: "First flush, from Shizuoka" },
  { sku: "DEMO-POT", name: "Cast-iron teapot", price: 4900, stock: 4, description: "0.8 l, enamelled inside" },
];

interface AdminOrder {
  orderNumber: string;
  orderId: string;
  status: string;
  paymentStatus: string;
  total: number;
  currency: string;
  payment: { paymentIntentId?: string; amountCaptured: number };
  restate: { invocationId?: string; invocationUrl?: string };
  events: Array<{ at: string; type: string; detail?: string }>;
}

interface JournalRow {
  index: number;
  entry_type: string;
  name: string | null;
  appended_at: string;
  entry_lite_json: string;
}

interface Target {
  name: string;
  key?: string;
  handler: string;
}

/** One journal command in a line: what the handler did at that point. */
function describeCommand(row: JournalRow): string {
  let command: Record<string, { name?: string; key?: string; invocation_target?: Record<string, Target> }> = {};
  try {
    command = (JSON.parse(row.entry_lite_json) as { Command?: typeof command }).Command ?? {};
  } catch {
    // Not JSON: the entry type alone says enough.
  }
  const [kind = row.entry_type, body = {}] = Object.entries(command)[0] ?? [];
  const target = body.invocation_target ? Object.values(body.invocation_target)[0] : undefined;
  const where = target ? `${target.name}${target.key === undefined ? "" : `/${target.key}`}/${target.handler}` : "";
  switch (kind) {
    case "Run":
      return body.name ? `run "${body.name}"` : "run (a value journaled once, e.g. the time)";
    case "Call":
      return `call ${where}`;
    case "OneWayCall":
      return `send ${where}`;
    case "SetState":
    case "GetEagerState":
    case "GetLazyState":
    case "ClearState":
      return `${kind} ${body.key ?? ""}`.trim();
    case "Sleep":
      return "sleep (a durable timer: Restate wakes the handler, whichever process is alive then)";
    default:
      return kind;
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await pause(200);
  }
}

/**
 * The story `npm run demo` tells: a shop, an order paid with a card whose bank answers later, the
 * service endpoint SIGKILLed while the checkout waits half-way, started again, and the order going
 * on from its journal to delivered. Every claim printed is checked against Restate's own tables
 * and the mock provider's ledger.
 */
export async function tellTheStory(stack: DemoStack, say: (line: string) => void): Promise<DemoOutcome> {
  const claims: Claim[] = [];
  const claim = (text: string, held: boolean) => {
    claims.push({ text, held });
  };
  const http = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok && res.status !== 202) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  // The shop's own tools sign their calls with the API's credential: catalog and stock writes demand it.
  const signed = signingFetch(stack.ingressUrl, stack.callerKey);
  const ingress = async (path: string, body: unknown) => {
    const res = await signed(`${stack.ingressUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.body?.cancel();
  };

  say("\n2. The shop: a category and three products with stock, made through the ingress (the shop's own tools)");
  await ingress("/CatalogAdmin/createCategory", { name: "Tea time" });
  for (const p of PRODUCTS) {
    await ingress("/CatalogAdmin/createProduct", {
      sku: p.sku,
      name: p.name,
      price: p.price,
      currency: "USD",
      category: "tea-time",
      status: "active",
      description: p.description,
    });
    await ingress(`/InventoryItem/${p.sku}/restock`, { quantity: p.stock, reference: "demo-opening-stock" });
    say(`   ${p.sku.padEnd(9)} ${p.name.padEnd(26)} ${money(p.price, "USD").padStart(10)}   ${p.stock} in stock`);
  }

  say("\n3. A customer orders through the HTTP API, paying with pm_card_async: a card whose bank answers later (3-D Secure), by webhook");
  const registered = await http<{ accessToken: string }>("POST", "/auth/register", CUSTOMER);
  const token = registered.body.accessToken;
  await http("POST", "/cart/items", { sku: "DEMO-MUG", quantity: 2 }, token);
  await http("POST", "/cart/items", { sku: "DEMO-TEA", quantity: 1 }, token);
  const quoted = await http<{ total: number; currency: string }>("PUT", "/cart/shipping", { shippingAddress: ADDRESS }, token);
  say(
    `   ${CUSTOMER.email}: 2 × Stoneware mug, 1 × Sencha; shipping and tax quoted, total ${money(quoted.body.total, quoted.body.currency)}`,
  );
  const placed = await http<{ orderNumber: string; status: string; paymentStatus: string }>(
    "POST",
    "/orders",
    { shippingAddress: ADDRESS, paymentMethodId: "pm_card_async", expectedTotal: quoted.body.total },
    token,
  );
  const orderNumber = placed.body.orderNumber;
  say(
    `   POST /orders → ${placed.status}: ${orderNumber} is ${placed.body.status}, payment ${placed.body.paymentStatus}. The API answered; the checkout goes on in Restate.`,
  );

  const admin = (await http<{ accessToken: string }>("POST", "/auth/login", DEMO_ADMIN)).body.accessToken;
  const orderNow = () => http<AdminOrder>("GET", `/admin/orders/${orderNumber}`, undefined, admin).then((r) => r.body);
  const waiting = await until("the authorization", orderNow, (o) => o.events.some((e) => e.type === "payment_pending"));
  const invocationId = waiting.restate.invocationId!;
  const orderId = waiting.orderId;
  const journal = () =>
    sql<JournalRow>(
      stack.adminUrl,
      `SELECT index, entry_type, name, appended_at, entry_lite_json FROM sys_journal WHERE id = '${invocationId}' ORDER BY index`,
    );
  const before = await journal();
  say(`   The checkout saga is one Restate invocation, ${invocationId} (OrderOrchestrator/${orderId}/processOrder).`);
  // Said from the journal just read: the steps it names, not what a checkout usually does.
  const stepsRun = [...new Set(before.filter((r) => r.entry_type === "Command: Run" && r.name).map((r) => r.name!))];
  say(`   Its journal holds ${before.length} entries so far. The steps it has run: ${stepsRun.join(", ") || "none yet"};`);
  say(`   the order's log says payment_pending for ${waiting.payment.paymentIntentId}. Its last commands:`);
  for (const row of before.filter((r) => r.entry_type.startsWith("Command")).slice(-4)) say(`     #${row.index} ${describeCommand(row)}`);

  say(`\n4. kill -9 the service endpoint (pid ${stack.endpoint.pid}) in the middle of the saga`);
  const killedPid = stack.endpoint.pid;
  await stack.endpoint.kill("SIGKILL");
  const killedAt = Date.now();
  say("   No shutdown, nothing flushed: whatever the process held in memory is gone. What it did is in Restate's journal.");
  const status = () =>
    sql<{ status: string; retry_count: number | null; last_failure: string | null }>(
      stack.adminUrl,
      `SELECT status, retry_count, last_failure FROM sys_invocation WHERE id = '${invocationId}'`,
    ).then((rows) => rows[0]);
  // Restate notices the broken stream and retries the invocation until an endpoint answers again.
  const kept = await until("Restate noticing the dead endpoint", status, (s) => s !== undefined && s.status !== "running", 15_000).catch(
    () => undefined,
  );
  const stillThere = await status();
  say(
    `   Restate still has the invocation: ${stillThere?.status ?? "missing"}${kept?.retry_count ? `, ${kept.retry_count} attempt(s) so far` : ""}${kept?.last_failure ? ` (last failure: ${kept.last_failure.split("\n")[0]?.slice(0, 120)})` : ""}.`,
  );
  claim(
    `While the endpoint was dead, Restate kept the checkout invocation ${invocationId} (status ${stillThere?.status ?? "missing"}) and retried it`,
    stillThere !== undefined && stillThere.status !== "completed",
  );
  // The bank's webhook is a delayed call Restate holds; it comes due while nothing can take it.
  const webhookDue =
    DEMO_TIMINGS.asyncPaymentDelayMs - (Date.now() - Date.parse(waiting.events.find((e) => e.type === "payment_pending")!.at));
  if (webhookDue > 0) await pause(webhookDue + 500);
  const webhook = await sql<{ status: string }>(
    stack.adminUrl,
    "SELECT status FROM sys_invocation WHERE target = 'WebhookProcessor/stripe'",
  );
  say(
    webhook.length > 0
      ? `   The bank's webhook came due while no endpoint was alive; Restate holds it too (WebhookProcessor/stripe: ${webhook.map((w) => w.status).join(", ")}).`
      : "   The bank's webhook has not reached Restate yet (no WebhookProcessor/stripe invocation); it will wait there when it does.",
  );

  say("\n5. Start the service endpoint again");
  await stack.endpoint.start();
  const restartedAt = Date.now();
  say(
    `   New process, pid ${stack.endpoint.pid} (pid ${killedPid} is gone). Restate retries what it holds on it; the order's log from here:`,
  );
  const seen = new Set(waiting.events.map((e, i) => `${i}:${e.type}`));
  const done = await until(
    "delivery",
    async () => {
      const order = await orderNow();
      order.events.forEach((e, i) => {
        if (seen.has(`${i}:${e.type}`)) return;
        seen.add(`${i}:${e.type}`);
        say(`     ${e.type.padEnd(26)} ${e.detail ?? ""}`.trimEnd());
      });
      return order;
    },
    (o) => o.status === "delivered" || o.status === "failed" || o.status === "cancelled",
    60_000,
  );

  say(`\n6. The journal of ${invocationId}, through the admin SQL endpoint:`);
  say(`   SELECT index, entry_type, name, appended_at, entry_lite_json FROM sys_journal WHERE id = '${invocationId}'`);
  say("   Its commands (what the handler did, in order); the notifications between them are the results Restate fed back:");
  const entries = await journal();
  let marked = false;
  for (const row of entries) {
    if (!marked && Date.parse(row.appended_at) > killedAt) {
      say(
        `   ──── pid ${killedPid} was killed here; what follows was appended by pid ${stack.endpoint.pid}, after replaying what is above ────`,
      );
      marked = true;
    }
    if (row.entry_type.startsWith("Command")) say(`   #${String(row.index).padStart(2)} ${describeCommand(row)}`);
  }
  const notifications = entries.filter((r) => r.entry_type.startsWith("Notification")).length;
  say(`   (${entries.length} entries: ${entries.length - notifications} commands, ${notifications} notifications)`);
  const runs = (name: string) => entries.filter((r) => r.entry_type === "Command: Run" && r.name === name);
  const [authorizeStep] = runs("authorize");
  const [captureStep] = runs("capture");
  const keptEntries = entries.filter((r) => Date.parse(r.appended_at) < killedAt).length;
  const newEntries = entries.filter((r) => Date.parse(r.appended_at) > restartedAt).length;
  const final = (await status())?.status;
  const lastKept = entries.filter((r) => Date.parse(r.appended_at) < killedAt).at(-1);
  say(
    lastKept
      ? `   The kill landed after entry #${lastKept.index} (${lastKept.entry_type}); ${keptEntries} entries were kept, replayed by the new process without running their steps again, and ${newEntries} were added after the restart. The invocation is ${final}.`
      : `   No entry was written before the kill; the invocation is ${final}.`,
  );

  say(`\n7. The mock payment provider's ledger for ${orderId}:`);
  const ledger = fileLedger(stack.ledgerFile)
    .find({ orderId })
    .filter((e) => e.provider === "payments");
  for (const e of ledger)
    say(
      `   ${e.op.padEnd(10)} ${String(e.paymentIntentId ?? "").padEnd(36)} ${e.amount === undefined ? "" : money(Number(e.amount), done.currency)} ${e.outcome ? `(${e.outcome}) ` : ""}at ${e.at}`,
    );
  const ops = (op: string): LedgerEntry[] => ledger.filter((e) => e.op === op);

  claim(
    `The order resumed from its journal: the same invocation finished it (${final}), the ${keptEntries} entries written before the kill were kept and replayed, ${newEntries} were added after the restart`,
    final === "completed" && keptEntries > 0 && newEntries > 0 && entries.length === keptEntries + newEntries,
  );
  claim(
    "The authorization was journaled before the kill and not run again; the capture was made after the restart, once",
    authorizeStep !== undefined &&
      Date.parse(authorizeStep.appended_at) < killedAt &&
      runs("authorize").length === 1 &&
      captureStep !== undefined &&
      Date.parse(captureStep.appended_at) > restartedAt &&
      runs("capture").length === 1,
  );
  claim(
    `The mock ledger shows one authorization and one capture (of ${money(done.total, done.currency)})`,
    ops("authorize").length === 1 &&
      ops("capture").length === 1 &&
      Number(ops("capture")[0]!.amount) === done.total &&
      Date.parse(ops("authorize")[0]!.at) < killedAt &&
      Date.parse(ops("capture")[0]!.at) > restartedAt,
  );
  claim(
    `${orderNumber} was delivered, its payment captured in full`,
    done.status === "delivered" && done.paymentStatus === "captured" && done.payment.amountCaptured === done.total,
  );
  return { claims, orderNumber, invocationId, customer: { email: CUSTOMER.email, password: CUSTOMER.password } };
}
