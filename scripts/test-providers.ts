/**
 * `npm run test:providers`: the whole order path with MOCK_MODE=false against Prism mock servers of
 * the providers' official documents (test/contracts/specs), answering with random values the
 * documents allow. A restate-server, an embedded PostgreSQL and a service endpoint whose
 * STRIPE/SHIPPO/SENDGRID_API_BASE point at the three Prism servers; orders go through the ingress,
 * signed as the API signs them. The report says, per order, where it ended and why, and groups the
 * reasons: which answers the saga could not take. Orders that fail are findings, not failures of
 * this script; it exits non-zero only when it could not run, and stops by itself (--timeout).
 *
 *   npm run test:providers -- [--orders 20] [--concurrency 4] [--timeout 420] [--seed S] [--static shippo] [--keep]
 *
 * Prism comes through `npx --yes @stoplight/prism-cli@<PRISM_VERSION>` (cached after the first
 * run), not as a devDependency: it brings hundreds of packages that `npm ci` would install for
 * every CI run and every test, for a check that runs by hand.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate } from "../src/platform/database/migrate.ts";
import { signingFetch } from "../src/platform/restate/caller-signature.ts";
import { dieWithParent } from "./lib/children.ts";
import { type EndpointProcess, endpointProcess } from "./lib/endpoint-process.ts";
import { freePort, portInUse } from "./lib/ports.ts";
import { type PostgresServer, startPostgres } from "./lib/postgres.ts";
import { projectRoot, type RestateServer, registerDeployment, startRestateServer } from "./lib/restate-server.ts";

const PRISM_VERSION = "5.16.0";
const PROVIDERS = ["stripe", "shippo", "sendgrid"] as const;
type Provider = (typeof PROVIDERS)[number];
const FINAL = new Set(["delivered", "refunded", "cancelled", "failed"]);

const { values: args } = parseArgs({
  options: {
    orders: { type: "string", default: "20" },
    concurrency: { type: "string", default: "4" },
    /** Seconds until the script stops, whatever is still running. */
    timeout: { type: "string", default: "420" },
    /** Prism's seed for its generated answers (random when unset). */
    seed: { type: "string" },
    /**
     * Providers whose Prism answers from the document's examples instead of random values, e.g.
     * `--static shippo`: random Shippo rates are never in the order's currency, so with all three
     * dynamic every order stops at the quote and Stripe and SendGrid are never reached.
     */
    static: { type: "string", default: "" },
    /** Keep the working folder (logs of Prism, Restate and the endpoint). */
    keep: { type: "boolean", default: false },
  },
});
const ORDERS = positive("orders");
const STATIC = new Set(
  args.static
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean),
);
for (const p of STATIC) {
  if (!(PROVIDERS as readonly string[]).includes(p)) {
    console.error(`--static takes a list of ${PROVIDERS.join(", ")}; ${p} is none of them`);
    process.exit(2);
  }
}
const CONCURRENCY = positive("concurrency");
const deadline = Date.now() + positive("timeout") * 1000;

const work = mkdtempSync(path.join(tmpdir(), "commerce-prism-"));
const reportFile = path.join(projectRoot, "test-artifacts", "test-providers", "report.md");
const callerKey = randomBytes(48).toString("base64");
const children: ChildProcess[] = [];
let restate: RestateServer | undefined;
let postgres: PostgresServer | undefined;
let endpoint: EndpointProcess | undefined;

// The script's own bound: whatever hangs, it stops, tears down and says so.
const watchdog = setTimeout(
  () => {
    console.error(`test:providers: still running ${args.timeout} s + 60 s after its start; stopping (logs in ${work})`);
    void teardown(true).finally(() => process.exit(2));
  },
  deadline - Date.now() + 60_000,
);
watchdog.unref();
process.once("SIGINT", () => void teardown(true).finally(() => process.exit(130)));

function positive(name: "orders" | "concurrency" | "timeout"): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

/** A Prism mock of one vendored document on a free loopback port, answering with generated values. */
async function startPrism(provider: Provider): Promise<string> {
  const port = await freePort();
  const log = createWriteStream(path.join(work, `prism-${provider}.log`));
  const document = servedDocument(provider);
  const child = spawn(
    "npx",
    [
      "--yes",
      `@stoplight/prism-cli@${PRISM_VERSION}`,
      "mock",
      ...(STATIC.has(provider) ? [] : ["--dynamic"]),
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      ...(args.seed ? ["--seed", args.seed] : []),
      document,
    ],
    {
      // Prism 5 needs Node ≥ 24: under `npm run` the project's own Node comes first on the PATH.
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  dieWithParent(child);
  children.push(child);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // The first run downloads Prism; later runs start in seconds.
  const until = Math.min(deadline, Date.now() + 180_000);
  while (!(await portInUse(port))) {
    if (child.exitCode !== null)
      throw new Error(`Prism for ${provider} exited (code ${child.exitCode}); see ${path.join(work, `prism-${provider}.log`)}`);
    if (Date.now() > until)
      throw new Error(`Prism for ${provider} did not listen in time; see ${path.join(work, `prism-${provider}.log`)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return `http://127.0.0.1:${port}`;
}

const specFile = (provider: Provider) => path.join(projectRoot, "test", "contracts", "specs", `${provider}.json`);

/**
 * The vendored document, except Stripe's without its form `encoding` declarations: Prism 5 decodes
 * every property declared deepObject as present, so each Stripe POST failed its validation with
 * hundreds of "must have required property" errors for objects never sent (payment_method_data,
 * hooks, shipping…) and was answered 422. Without them Prism decodes the brackets as Stripe does.
 * npm test's contract checker holds the same bodies to the unchanged document.
 */
function servedDocument(provider: Provider): string {
  if (provider !== "stripe") return specFile(provider);
  const document = JSON.parse(readFileSync(specFile(provider), "utf8")) as { paths: Record<string, Record<string, any>> };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const media of Object.values<Record<string, unknown>>(operation?.requestBody?.content ?? {})) delete media.encoding;
    }
  }
  const served = path.join(work, "stripe-for-prism.json");
  writeFileSync(served, JSON.stringify(document));
  return served;
}

/** The endpoint as production runs it, but pointed at Prism, with retries short enough to end in the run. */
function endpointEnv(prism: Record<Provider, string>, ingressUrl: string, databaseUrl: string): Record<string, string> {
  const sendgridKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
  return {
    MOCK_MODE: "false",
    LOG_LEVEL: "warn",
    RESTATE_INGRESS_URL: ingressUrl,
    DATABASE_URL: databaseUrl,
    API_CALLER_KEY: callerKey,
    EVENTS_SIGNING_KEY: randomBytes(32).toString("base64"),
    // Prism accepts any credential of the documented scheme; these only have the providers' shapes.
    STRIPE_SECRET_KEY: "sk_test_prism",
    STRIPE_WEBHOOK_SECRET: "whsec_prism",
    STRIPE_API_BASE: `${prism.stripe}/`,
    SHIPPO_API_KEY: "shippo_test_prism",
    SHIPPO_WEBHOOK_TOKEN: randomBytes(16).toString("hex"),
    SHIPPO_API_BASE: prism.shippo,
    SENDGRID_API_KEY: "SG.prism",
    SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKey,
    SENDGRID_API_BASE: prism.sendgrid,
    EMAIL_FROM: "orders@shop.test",
    OPERATOR_EMAIL: "ops@shop.test",
    SHIP_FROM_NAME: "Prism Shop",
    SHIP_FROM_STREET: "1 Warehouse Way",
    SHIP_FROM_CITY: "San Francisco",
    SHIP_FROM_STATE: "CA",
    SHIP_FROM_ZIP: "94107",
    SHIP_FROM_COUNTRY: "US",
    // No webhook ever comes from Prism: an order waiting for one gives up within the run.
    ASYNC_PAYMENT_HOLD_MS: "20000",
    PAYMENT_SETTLE_RETRY_FOR_MS: "60000",
    PAYMENT_SETTLE_MAX_INTERVAL_MS: "5000",
    PAYMENT_RETRY_INTERVAL_MS: "200",
    SHIPPING_RETRY_INTERVAL_MS: "200",
    EMAIL_RETRY_INTERVAL_MS: "200",
  };
}

interface Answer<T> {
  status: number;
  body: T;
}

/** A signed POST through the ingress that gives up after `timeoutMs` (a handler may wait for a webhook that never comes). */
async function call<T = any>(ingressUrl: string, target: string, body: unknown, timeoutMs: number): Promise<Answer<T>> {
  const send = signingFetch(ingressUrl, callerKey);
  const res = await send(`${ingressUrl}${target}`, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(Math.max(1_000, Math.min(timeoutMs, deadline - Date.now()))),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (Restate's own error text): the text is the answer.
  }
  return { status: res.status, body: parsed as T };
}

async function product(ingressUrl: string, sku: string, price: number): Promise<string> {
  const upsert = await call(ingressUrl, `/InventoryItem/${sku}/upsert`, { name: `Prism product ${sku}`, price, currency: "USD" }, 30_000);
  if (upsert.status !== 200) throw new Error(`creating ${sku} answered ${upsert.status}: ${JSON.stringify(upsert.body)}`);
  const restock = await call(ingressUrl, `/InventoryItem/${sku}/restock`, { quantity: 1000 }, 30_000);
  if (restock.status !== 200) throw new Error(`restocking ${sku} answered ${restock.status}: ${JSON.stringify(restock.body)}`);
  return sku;
}

interface Outcome {
  orderId: string;
  /** What processOrder answered: HTTP status and message, or that it did not answer in time. */
  answer: string;
  status: string;
  paymentStatus: string;
  reason: string;
}

async function placeOrders(ingressUrl: string, skus: string[]): Promise<Outcome[]> {
  const run = Date.now().toString(36);
  const ids = Array.from({ length: ORDERS }, (_, i) => `prism-${run}-${String(i + 1).padStart(2, "0")}`);
  const answers = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length && Date.now() < deadline) {
      const index = next++;
      const orderId = ids[index]!;
      const lines = [skus[index % skus.length]!, ...(index % 3 === 0 ? [skus[(index + 1) % skus.length]!] : [])];
      const request = {
        items: lines.map((sku, i) => ({ sku, quantity: 1 + ((index + i) % 2) })),
        customer: { email: `customer${index + 1}@example.com`, name: `Customer ${index + 1}` },
        shipping: {
          name: `Customer ${index + 1}`,
          street: "12 Analytical Row",
          city: "Portland",
          state: "OR",
          zip: "97201",
          country: "US",
        },
        paymentMethod: "pm_card_visa",
      };
      try {
        const answer = await call<{ message?: string; status?: string }>(
          ingressUrl,
          `/OrderOrchestrator/${orderId}/processOrder`,
          request,
          120_000,
        );
        answers.set(
          orderId,
          `${answer.status} ${typeof answer.body === "object" ? (answer.body?.message ?? answer.body?.status ?? "") : String(answer.body).slice(0, 200)}`.trim(),
        );
      } catch (error) {
        answers.set(orderId, `no answer (${error instanceof Error ? error.name : String(error)})`);
      }
      process.stdout.write(".");
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  process.stdout.write("\n");

  // Orders go on after processOrder answered (shipping, delivery, a payment hold): wait for each to
  // settle, bounded by the run's deadline.
  const outcomes = new Map<string, Outcome>();
  const settleBy = Math.min(deadline, Date.now() + 90_000);
  for (;;) {
    for (const orderId of ids) {
      if (outcomes.has(orderId) && FINAL.has(outcomes.get(orderId)!.status)) continue;
      const order = await call<Record<string, any>>(ingressUrl, `/OrderOrchestrator/${orderId}/getOrder`, undefined, 10_000).catch(
        () => undefined,
      );
      const body = order?.status === 200 ? order.body : undefined;
      outcomes.set(orderId, {
        orderId,
        answer: answers.get(orderId) ?? "not placed before the deadline",
        status: body?.status ?? (order ? `none (getOrder ${order.status})` : "unknown"),
        paymentStatus: body
          ? `${body.paymentStatus}${body.payment?.amountCaptured ? ` (captured ${body.payment.amountCaptured})` : ""}`
          : "-",
        reason: body ? reasonOf(body) : "no order recorded",
      });
    }
    const open = [...outcomes.values()].filter((o) => !FINAL.has(o.status) && o.status !== "shipped");
    if (!open.length || Date.now() > settleBy) break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  return ids.map((id) => outcomes.get(id)!);
}

/** Why an order ended where it did: its failure reason, else its last event, else its status. */
function reasonOf(order: Record<string, any>): string {
  if (typeof order.failureReason === "string") return order.failureReason;
  if (typeof order.cancelReason === "string") return `cancelled: ${order.cancelReason}`;
  if (FINAL.has(order.status) || order.status === "shipped") return `completed (${order.status})`;
  const last = Array.isArray(order.events) ? order.events.at(-1) : undefined;
  return `still ${order.status}${last?.type ? ` after ${last.type}` : ""} at the end of the run`;
}

/** Reasons grouped with ids and amounts stripped, so one kind of answer is one line. */
/**
 * The kind of a reason, so one kind of answer is one line: ids and numbers replaced, and what
 * follows the first ":" or ";" (Prism's random words quoted back in the message) left out.
 */
function shape(reason: string): string {
  return reason
    .replace(/prism-[a-z0-9]+-\d+/g, "<order>")
    .replace(/\b(pi|re|ch|pm)_[A-Za-z0-9]+/g, "$1_…")
    .replace(/\b[0-9a-f]{32}\b/g, "<id>")
    .replace(/\b\d+(\.\d+)?\b/g, "N")
    .replace(/^(still [^:;]*|[^:;]*[:;]).*$/s, "$1 …")
    .replace(/[:;] …$/, ": …");
}

function answersOf(): string {
  return PROVIDERS.map((p) => `${p} ${STATIC.has(p) ? "from examples" : "random"}`).join(", ") + (args.seed ? `; seed ${args.seed}` : "");
}

/** What each Prism server saw: requests per operation, and the requests it found invalid. */
function prismTraffic(): string[] {
  const lines: string[] = [];
  for (const provider of PROVIDERS) {
    const log = readFileSync(path.join(work, `prism-${provider}.log`), "utf8");
    const templates = Object.keys((JSON.parse(readFileSync(specFile(provider), "utf8")) as { paths: object }).paths)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`) }))
      .sort((a, b) => b.template.replace(/\{[^}]+\}/g, "").length - a.template.replace(/\{[^}]+\}/g, "").length);
    const calls = new Map<string, number>();
    for (const [, method, route] of log.matchAll(/\[HTTP SERVER\] (\w+) (\S+) .*Request received/g)) {
      const pathname = route!.split("?")[0]!;
      const key = `${method!.toUpperCase()} ${templates.find((t) => t.pattern.test(pathname))?.template ?? pathname}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
    }
    const invalid = [...log.matchAll(/\[VALIDATOR\] ✖\s+error\s+(.*)/g)].map((m) => m[1]!.trim());
    lines.push(
      `- ${provider}: ${calls.size ? [...calls.entries()].map(([op, n]) => `${op} ×${n}`).join(", ") : "no calls"}; ${invalid.length ? `${invalid.length} requests Prism found invalid: ${[...new Set(invalid)].slice(0, 5).join(" / ")}` : "no request Prism found invalid"}`,
    );
  }
  return lines;
}

function render(outcomes: Outcome[], alerts: Array<{ kind: string; message?: string }> | undefined): string {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(shape(o.reason), [...(groups.get(shape(o.reason)) ?? []), o]);
  const completed = outcomes.filter((o) => ["shipped", "delivered"].includes(o.status)).length;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    `# test:providers: ${outcomes.length} orders against Prism ${PRISM_VERSION} mocks of the vendored documents`,
    "",
    `Answers: ${answersOf()}. ${completed} shipped or delivered, ${outcomes.length - completed} did not get there: each of those shows an answer the documents allow that the saga could not take, or a business outcome the random values chose.`,
    "",
    "## Provider calls",
    "",
    ...prismTraffic(),
    "",
    "## By reason",
    "",
    "| orders | final status | reason |",
    "|---:|---|---|",
    ...[...groups.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([reason, list]) => `| ${list.length} | ${[...new Set(list.map((o) => o.status))].join(", ")} | ${cell(reason)} |`),
    "",
    "## Per order",
    "",
    "| order | processOrder answered | final status | payment | reason |",
    "|---|---|---|---|---|",
    ...outcomes.map((o) => `| ${o.orderId} | ${cell(o.answer)} | ${o.status} | ${o.paymentStatus} | ${cell(o.reason)} |`),
  ];
  if (alerts) {
    const kinds = new Map<string, number>();
    for (const a of alerts) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    lines.push(
      "",
      "## Operator alerts raised",
      "",
      alerts.length ? [...kinds.entries()].map(([k, n]) => `- ${k}: ${n}`).join("\n") : "none",
    );
  }
  return `${lines.join("\n")}\n`;
}

async function teardown(failed: boolean): Promise<void> {
  await endpoint?.kill("SIGKILL").catch(() => undefined);
  await restate?.stop("SIGKILL").catch(() => undefined);
  await postgres?.stop("SIGKILL").catch(() => undefined);
  for (const child of children) {
    // npx runs Prism as its child: the whole process group goes.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
  if (!args.keep && !failed) rmSync(work, { recursive: true, force: true });
}

/** Runs after every declaration above is initialised. */
async function main(): Promise<void> {
  try {
    console.log(`test:providers: working in ${work}`);
    const prism = Object.fromEntries(await Promise.all(PROVIDERS.map(async (p) => [p, await startPrism(p)] as const))) as Record<
      Provider,
      string
    >;
    console.log(`Prism ${PRISM_VERSION} (${answersOf()}): ${PROVIDERS.map((p) => `${p} ${prism[p]}`).join(", ")}`);

    postgres = await startPostgres({ baseDir: path.join(work, "postgres"), port: await freePort(), durable: false });
    await migrate(postgres.url);
    restate = await startRestateServer({
      baseDir: path.join(work, "restate"),
      ingressPort: await freePort(),
      adminPort: await freePort(),
      nodePort: await freePort(),
    });
    endpoint = endpointProcess({
      port: await freePort(),
      logFile: path.join(work, "endpoint.log"),
      env: endpointEnv(prism, restate.ingressUrl, postgres.url),
    });
    await endpoint.start();
    await registerDeployment(restate.adminUrl, endpoint.url);
    console.log(`restate ${restate.ingressUrl}, endpoint ${endpoint.url}; ${ORDERS} orders, ${CONCURRENCY} at a time`);

    const ingress = restate.ingressUrl;
    const skus = await Promise.all([1200, 2500, 800].map((price, i) => product(ingress, `PRISM-${i + 1}`, price)));
    const outcomes = await placeOrders(ingress, skus);
    const alerts = await call<Array<{ kind: string; message?: string; orderId?: string }>>(
      ingress,
      "/OperatorInbox/shop/list",
      undefined,
      10_000,
    ).catch(() => undefined);
    const report = render(outcomes, alerts?.status === 200 ? alerts.body : undefined);
    mkdirSync(path.dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, report);
    console.log(`\n${report}\nreport written to ${path.relative(projectRoot, reportFile)}`);
    await teardown(false);
    process.exit(0);
  } catch (error) {
    console.error(
      `test:providers could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nlogs in ${work}`,
    );
    await teardown(true);
    process.exit(1);
  }
}

await main();
