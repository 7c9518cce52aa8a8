import type { LedgerEntry } from "../../../mocks/ledger.ts";
import type { Verdict, Violation } from "../chaos/invariants.ts";
import type { ApiLoad, ApiOrder } from "./api-load.ts";

/**
 * The checkouts customers placed through the API servers, at rest: each answered 201 (or 202 for
 * one still going on) with an order that exists and was charged exactly its total, once — however
 * often its request was sent again to another API server, or its API server was killed under it.
 */
export function checkApiOrders(
  placed: ApiOrder[],
  failures: ApiLoad["failures"],
  orders: Map<string, any>,
  ledger: LedgerEntry[],
): Pick<Verdict, "checks" | "violations"> {
  const violations: Violation[] = failures.map((f) => ({
    subject: f.idempotencyKey,
    rule: "every checkout a customer placed through the API is answered",
    detail: f.error,
  }));
  let checks = failures.length;
  const check = (ok: boolean, subject: string, rule: string, detail: () => string) => {
    checks++;
    if (!ok) violations.push({ subject, rule, detail: detail() });
  };
  const numbers = new Set<string>();
  for (const answer of placed) {
    const subject = answer.orderNumber ?? answer.idempotencyKey;
    check(
      answer.status === 201 || answer.status === 202,
      subject,
      "a checkout with a card that pays answers 201 (or 202 while it goes on)",
      () => `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
    );
    if (answer.orderNumber) {
      check(!numbers.has(answer.orderNumber), subject, "one order number per checkout", () => `${answer.orderNumber} answered twice`);
      numbers.add(answer.orderNumber);
    }
    const order = answer.orderId ? orders.get(answer.orderId) : undefined;
    check(order !== undefined, subject, "the order the API answered with exists", () => `no order ${answer.orderId}`);
    if (!order) continue;
    check(
      order.orderNumber === answer.orderNumber,
      subject,
      "the order carries the number the API answered",
      () => `order says ${order.orderNumber}`,
    );
    check(order.paymentStatus === "captured", subject, "the order is paid", () => `is ${order.status}/${order.paymentStatus}`);
    const payments = ledger.filter((e) => e.orderId === order.orderId && e.provider === "payments");
    const captures = payments.filter((e) => e.op === "capture");
    check(
      payments.filter((e) => e.op === "authorize").length === 1 && captures.length === 1,
      subject,
      "authorized once and captured once",
      () => `${payments.filter((e) => e.op === "authorize").length} authorizations, ${captures.length} captures`,
    );
    check(
      Number(captures[0]?.amount ?? 0) === order.total,
      subject,
      "the capture is the order's total",
      () => `captured ${captures[0]?.amount}, total ${order.total}`,
    );
  }
  return { checks, violations };
}
