import type { LedgerEntry } from "../../../mocks/ledger.ts";
import type { OpenInvocation } from "../admin.ts";
import type { KillRecord, OrderRun } from "./driver.ts";
import { expectedAtRest, SCENARIOS } from "./scenarios.ts";

export interface Violation {
  subject: string;
  rule: string;
  detail: string;
}

export interface StockExpectation {
  sku: string;
  initial: number;
  restocked: number;
}

export interface RestState {
  runs: OrderRun[];
  /** getOrder per order id (undefined when the order does not exist). */
  orders: Map<string, any>;
  /** InventoryItem get per SKU. */
  stock: Map<string, any>;
  expectedStock: StockExpectation[];
  ledger: LedgerEntry[];
  kills: KillRecord[];
  open: OpenInvocation[];
  /** The run's limited coupon as Coupon.get shows it, with its limit. */
  coupon?: { code: string; maxRedemptions: number; view: any };
  /** Customer.loyalty per account id. */
  accounts?: Map<string, any>;
  /** The product that takes backorders (no stock of its own but what arrived for its orders), as InventoryItem.get shows it. */
  backorder?: { sku: string; view: any };
}

export interface Verdict {
  checks: number;
  violations: Violation[];
  /** Things that are not violations but deserve a line in the summary. */
  notes: string[];
}

/** Checks the system at rest against the mock providers' ledger and the objects' own state. */
export function checkInvariants(rest: RestState): Verdict {
  const verdict: Verdict = { checks: 0, violations: [], notes: [] };
  const check = (ok: boolean, subject: string, rule: string, detail: () => string) => {
    verdict.checks++;
    if (!ok) verdict.violations.push({ subject, rule, detail: detail() });
  };

  check(rest.open.length === 0, "restate", "nothing in flight at rest", () => `${rest.open.length} invocation(s) still open`);
  for (const inv of rest.open) {
    check(
      false,
      inv.id,
      "no invocation left retrying or paused",
      () => `${inv.target} is ${inv.status}${inv.last_failure ? `: ${inv.last_failure}` : ""}`,
    );
  }

  const byOrder = groupByOrder(rest.ledger);
  for (const run of rest.runs)
    checkOrder(run, rest.orders.get(run.order.orderId), byOrder.get(run.order.orderId) ?? [], rest.kills, check, verdict);
  checkStock(rest, check);
  if (rest.coupon) checkCoupon(rest.coupon, rest.orders, check);
  if (rest.accounts) checkLoyalty(rest.accounts, rest.orders, byOrder, check);
  if (rest.backorder) checkBackorders(rest.backorder, rest.orders, check);
  return verdict;
}

type Check = (ok: boolean, subject: string, rule: string, detail: () => string) => void;

function checkOrder(run: OrderRun, order: any, ledger: LedgerEntry[], kills: KillRecord[], check: Check, verdict: Verdict): void {
  const id = run.order.orderId;
  const scenario = SCENARIOS[run.order.scenario]!;
  const expected = expectedAtRest(scenario, run.checkout.status);
  check(
    expected !== undefined,
    id,
    `checkout answers as the ${scenario.name} journey expects`,
    () => `processOrder answered ${run.checkout.status} ${JSON.stringify(run.checkout.body).slice(0, 200)}`,
  );
  for (const f of run.followUps) {
    check(
      f.answer.status === 200,
      id,
      `${f.step} succeeds`,
      () => `answered ${f.answer.status} ${JSON.stringify(f.answer.body).slice(0, 200)}`,
    );
  }
  check(order !== undefined, id, "the order exists", () => "getOrder found nothing");
  if (!order) return;
  if (expected) {
    check(
      order.status === expected.status && order.paymentStatus === expected.paymentStatus,
      id,
      "final or expected state",
      () => `is ${order.status}/${order.paymentStatus}, expected ${expected.status}/${expected.paymentStatus}`,
    );
  }

  const payments = ledger.filter((e) => e.provider === "payments");
  const authorizations = payments.filter((e) => e.op === "authorize");
  const authorized = authorizations.some((e) => e.outcome !== "declined");
  const captures = payments.filter((e) => e.op === "capture");
  const sum = (entries: LedgerEntry[]) => entries.reduce((s, e) => s + Number(e.amount ?? 0), 0);
  const captured = sum(captures);
  const refunded = sum(payments.filter((e) => e.op === "refund"));
  const voided = payments.some((e) => e.op === "void");

  check(authorizations.length <= 1, id, "authorized at most once", () => `${authorizations.length} authorizations`);
  check(captures.length <= 1, id, "captured at most once", () => `${captures.length} captures`);
  check(
    captured === order.payment.amountCaptured && refunded === order.payment.amountRefunded,
    id,
    "captured − refunded = what the order says",
    () =>
      `provider captured ${captured}, refunded ${refunded}; order says captured ${order.payment.amountCaptured}, refunded ${order.payment.amountRefunded}`,
  );
  check(captured - refunded >= 0, id, "never refunded more than captured", () => `captured ${captured}, refunded ${refunded}`);
  if ((order.status === "failed" || order.status === "cancelled") && authorized) {
    check(
      voided || (captured > 0 && refunded === captured),
      id,
      "failed or cancelled after authorization: voided or refunded",
      () => `captured ${captured}, refunded ${refunded}, voided ${voided}`,
    );
  }
  checkTotals(id, order, captured, check);
  const labels = ledger.filter((e) => e.provider === "shipping" && e.op === "label");
  check(labels.length <= 1, id, "at most one label bought", () => `${labels.length} labels`);

  checkEmails(id, order, ledger, kills, check, verdict);
}

/** subtotal − discount + shipping + tax is the order's total, its lines' shares add up, and a capture took exactly it. */
function checkTotals(id: string, order: any, captured: number, check: Check): void {
  const items = order.items as Array<{ lineTotal: number; discount: number; tax: number }>;
  const sum = (pick: (line: (typeof items)[number]) => number) => items.reduce((s, line) => s + pick(line), 0);
  check(
    order.subtotal - order.discount + order.shippingCost + order.tax === order.total,
    id,
    "subtotal − discount + shipping + tax = total",
    () => `${order.subtotal} − ${order.discount} + ${order.shippingCost} + ${order.tax} ≠ ${order.total}`,
  );
  check(
    sum((l) => l.lineTotal) === order.subtotal &&
      sum((l) => l.discount) === order.discount &&
      sum((l) => l.tax) + order.shippingTax === order.tax,
    id,
    "line shares add up to the order's figures",
    () =>
      `lines: ${sum((l) => l.lineTotal)} / ${sum((l) => l.discount)} / ${sum((l) => l.tax)} + shipping tax ${order.shippingTax}; order: ${order.subtotal} / ${order.discount} / ${order.tax}`,
  );
  if (captured > 0)
    check(captured === order.total, id, "the capture is the order's total", () => `captured ${captured}, total ${order.total}`);
}

/** Never more redemptions than the coupon allows; exactly one per order that kept it. */
function checkCoupon(coupon: NonNullable<RestState["coupon"]>, orders: Map<string, any>, check: Check): void {
  const kept = [...orders.values()].filter(
    (o) => o?.coupon?.code === coupon.code && o.payment.amountCaptured > 0 && o.status !== "cancelled",
  ).length;
  check(
    coupon.view.redeemed <= coupon.maxRedemptions,
    coupon.code,
    "redemptions ≤ the coupon's limit",
    () => `${coupon.view.redeemed} redeemed, limit ${coupon.maxRedemptions}`,
  );
  check(coupon.view.reserved === 0, coupon.code, "no redemption left held at rest", () => `${coupon.view.reserved} held`);
  check(
    coupon.view.redeemed === kept,
    coupon.code,
    "one redemption per captured order that kept the coupon",
    () => `${coupon.view.redeemed} redeemed, ${kept} orders kept it`,
  );
}

/** Backordered units never exceed what arrived: every order that got the product got a unit that came in. */
function checkBackorders({ sku, view }: NonNullable<RestState["backorder"]>, orders: Map<string, any>, check: Check): void {
  check(view !== undefined, sku, "the backordered product exists", () => "get found nothing");
  if (!view) return;
  const kept = [...orders.values()]
    .filter(
      (o) => o?.events?.some((e: { type: string }) => e.type === "stock_committed") && o.status !== "cancelled" && o.status !== "failed",
    )
    .flatMap((o) => (o.items as Array<{ sku: string; quantity: number }>).filter((i) => i.sku === sku))
    .reduce((n, i) => n + i.quantity, 0);
  check(
    view.totals.sold <= view.totals.restocked + view.totals.returned,
    sku,
    "backordered units sold never exceed what arrived",
    () => `sold ${view.totals.sold}, arrived ${view.totals.restocked}, returned ${view.totals.returned}`,
  );
  check(
    view.backordered === 0 && view.reserved === 0,
    sku,
    "no order left waiting for the product, no unit held",
    () => `backordered ${view.backordered}, reserved ${view.reserved}`,
  );
  check(
    view.totals.sold - view.totals.returned === kept,
    sku,
    "units sold of the product = what the orders that kept it hold",
    () => `sold ${view.totals.sold} − returned ${view.totals.returned}, orders keep ${kept}`,
  );
}

/** Each account's lifetime spend is what its orders captured minus what was refunded. */
function checkLoyalty(accounts: Map<string, any>, orders: Map<string, any>, byOrder: Map<string, LedgerEntry[]>, check: Check): void {
  for (const [customerId, standing] of accounts) {
    let spend = 0;
    let counted = 0;
    for (const order of orders.values()) {
      if (order?.customerId !== customerId) continue;
      const payments = (byOrder.get(order.orderId) ?? []).filter((e) => e.provider === "payments");
      const amount = (op: string) => payments.filter((e) => e.op === op).reduce((s, e) => s + Number(e.amount ?? 0), 0);
      spend += amount("capture") - amount("refund");
      if (amount("capture") > 0) counted++;
    }
    check(
      standing.lifetimeSpend === spend && standing.orders === counted,
      customerId,
      "lifetime spend = Σ captured − refunded of the account's orders",
      () =>
        `account says ${standing.lifetimeSpend} over ${standing.orders} orders; its orders captured − refunded ${spend} over ${counted}`,
    );
  }
}

function checkEmails(id: string, order: any, ledger: LedgerEntry[], kills: KillRecord[], check: Check, verdict: Verdict): void {
  const sends = (kind: string) => ledger.filter((e) => e.provider === "email" && e.op === "send" && e.kind === kind);
  const happened = (type: string) => order.events.some((e: { type: string }) => e.type === type);
  const confirmations = sends("order_confirmation");
  if (!happened("payment_captured")) {
    check(
      confirmations.length === 0,
      id,
      "no confirmation email for an order that was not confirmed",
      () => `${confirmations.length} sent`,
    );
  } else {
    check(confirmations.length >= 1, id, "exactly one confirmation email per confirmed order", () => "none sent");
    atMostOnce(id, "exactly one confirmation email per confirmed order", confirmations, kills, check, verdict);
  }
  if (order.status === "delivered")
    check(sends("delivery_notification").length >= 1, id, "a delivered order told its customer", () => "no delivery email");
  atMostOnce(id, "at most one shipping email", sends("shipping_notification"), kills, check, verdict);
  atMostOnce(id, "at most one delivery email", sends("delivery_notification"), kills, check, verdict);
}

/**
 * How long an attempt may outlive a kill of the server: the endpoint learns of the lost connection
 * only when it reaches it, and a ctx.run closure already running finishes anyway (measured: tens of
 * ms through the balancer).
 */
const ZOMBIE_ATTEMPT_MS = 1_000;

/**
 * The email provider takes no idempotency key: a crash after it accepted a message and before
 * Restate journaled that sends it again. A duplicate is excused only when a kill happened between
 * the copies (or just before the first one, see ZOMBIE_ATTEMPT_MS) and every copy carries the same
 * Message-ID header, so the customer's mail client shows one message; it is then a note
 * (at-least-once delivery), any other duplicate a violation. In a Restate cluster, partition
 * leaders move again while a killed node comes back (until `backAt`), and a moved leader re-runs
 * the attempts in flight on the old one: for a Restate node the whole time from its kill until
 * it is back counts. An endpoint's return moves nothing.
 */
function atMostOnce(id: string, rule: string, sent: LedgerEntry[], kills: KillRecord[], check: Check, verdict: Verdict): void {
  if (sent.length <= 1) {
    check(true, id, rule, () => "");
    return;
  }
  const messageIds = new Set(sent.map((copy) => copy.messageIdHeader));
  const oneMessage = messageIds.size === 1 && typeof sent[0]!.messageIdHeader === "string";
  const first = Date.parse(sent[0]!.at);
  const last = Date.parse(sent.at(-1)!.at);
  // Only a killed endpoint or server loses a journal entry; PostgreSQL holds no journal.
  const disturbed = (k: KillRecord) => (k.target.startsWith("endpoint") ? k.killedAt : k.backAt);
  const crash = kills.find((k) => k.target !== "postgres" && k.killedAt <= last && disturbed(k) >= first - ZOMBIE_ATTEMPT_MS);
  check(crash !== undefined, id, rule, () => `${sent.length} sent (${sent.map((c) => c.at).join(", ")}) with no kill in between`);
  check(
    oneMessage,
    id,
    `${rule}: copies of one email share a Message-ID`,
    () => `${sent.length} copies with Message-IDs ${[...messageIds].map(String).join(", ")}`,
  );
  if (crash && oneMessage) {
    verdict.notes.push(
      `${id}: ${String(sent[0]!.kind)} email sent ${sent.length}× with one Message-ID — ${crash.target} was killed (or was coming back) between the send and its journal entry`,
    );
  }
}

function checkStock(rest: RestState, check: Check): void {
  const sold = new Map<string, number>();
  const returned = new Map<string, number>();
  const add = (m: Map<string, number>, sku: string, q: number) => m.set(sku, (m.get(sku) ?? 0) + q);
  for (const order of rest.orders.values()) {
    if (!order) continue;
    const committed = order.events.some((e: { type: string }) => e.type === "stock_committed");
    if (!committed) continue;
    const back =
      order.status === "cancelled" ||
      order.status === "failed" ||
      order.payment.refunds.some((r: { returnedItems: boolean }) => r.returnedItems);
    for (const item of order.items as Array<{ sku: string; quantity: number }>) {
      add(sold, item.sku, item.quantity);
      if (back) add(returned, item.sku, item.quantity);
    }
  }

  for (const { sku, initial, restocked } of rest.expectedStock) {
    const view = rest.stock.get(sku);
    check(view !== undefined, sku, "the SKU exists", () => "get found nothing");
    if (!view) continue;
    const reservations = Object.values(view.reservations as Record<string, number>).reduce((s, q) => s + q, 0);
    check(
      view.totals.restocked === initial + restocked,
      sku,
      "restocks counted once",
      () => `item counts ${view.totals.restocked} restocked, the driver added ${initial} + ${restocked}`,
    );
    check(
      initial + restocked + view.totals.returned === view.onHand + view.totals.sold,
      sku,
      "initial + restocks + returns = on hand + sold",
      () => `${initial} + ${restocked} + ${view.totals.returned} ≠ ${view.onHand} + ${view.totals.sold}`,
    );
    check(
      view.reserved === reservations && reservations >= 0,
      sku,
      "reserved = Σ active reservations ≥ 0",
      () => `reserved ${view.reserved}, Σ reservations ${reservations}`,
    );
    check(reservations === 0, sku, "no reservation left at rest", () => `held for ${Object.keys(view.reservations).join(", ")}`);
    check(view.onHand >= 0 && view.available >= 0, sku, "never oversold", () => `onHand ${view.onHand}, available ${view.available}`);
    check(
      view.totals.sold === (sold.get(sku) ?? 0) && view.totals.returned === (returned.get(sku) ?? 0),
      sku,
      "units sold and returned match the orders",
      () =>
        `item: sold ${view.totals.sold}, returned ${view.totals.returned}; orders: sold ${sold.get(sku) ?? 0}, returned ${returned.get(sku) ?? 0}`,
    );
  }
}

function groupByOrder(ledger: LedgerEntry[]): Map<string, LedgerEntry[]> {
  const byOrder = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    const orderId = typeof entry.orderId === "string" ? entry.orderId : undefined;
    if (!orderId) continue;
    const entries = byOrder.get(orderId);
    if (entries) entries.push(entry);
    else byOrder.set(orderId, [entry]);
  }
  return byOrder;
}
