import { describe, expect, it } from "vitest";
import { MOCK_SENDER_DOMAIN } from "../../mocks/email.ts";
import type { LedgerEntry } from "../../mocks/ledger.ts";
import { checkInvariants, type RestState } from "../../scripts/lib/chaos/invariants.ts";
import { messageIdFor } from "../../src/providers/message-id.ts";

const orderId = "chaos-7";
const t0 = Date.parse("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0 + ms).toISOString();

/** A delivered order whose confirmation email was sent twice, a second apart, with a kill in between. */
function restWithConfirmations(messageIdHeaders: Array<string | undefined>): RestState {
  const sends: LedgerEntry[] = messageIdHeaders.map((header, i) => ({
    provider: "email",
    op: "send",
    key: `${orderId}:order_confirmation`,
    at: at(i * 1_000),
    kind: "order_confirmation",
    orderId,
    messageId: `msg_${i}`,
    ...(header ? { messageIdHeader: header } : {}),
  }));
  return {
    runs: [
      {
        order: { index: 0, orderId, scenario: "happy", lines: [], dice: 0 },
        checkout: { status: 200, body: {}, attempts: 1 },
        followUps: [],
      },
    ],
    orders: new Map([
      [
        orderId,
        {
          status: "delivered",
          paymentStatus: "captured",
          payment: { amountCaptured: 1500, amountRefunded: 0, refunds: [] },
          events: [{ type: "payment_captured" }],
          items: [{ sku: "chaos-sku", quantity: 1, unitPrice: 1500, lineTotal: 1500, discount: 0, tax: 0 }],
          subtotal: 1500,
          discount: 0,
          shippingCost: 0,
          tax: 0,
          shippingTax: 0,
          total: 1500,
        },
      ],
    ]),
    stock: new Map(),
    expectedStock: [],
    ledger: [
      { provider: "payments", op: "authorize", key: `${orderId}:authorize`, at: at(-2_000), orderId, outcome: "authorized", amount: 1500 },
      { provider: "payments", op: "capture", key: `${orderId}:capture`, at: at(-1_000), orderId, amount: 1500 },
      ...sends,
      {
        provider: "email",
        op: "send",
        key: `${orderId}:delivery_notification`,
        at: at(5_000),
        kind: "delivery_notification",
        orderId,
        messageIdHeader: messageIdFor(`${orderId}:delivery_notification`, MOCK_SENDER_DOMAIN),
      },
    ],
    kills: [{ at: 3, target: "endpoint-0", downMs: 500, killedAt: t0 + 500, backAt: t0 + 1_000 }],
    open: [],
  };
}

const confirmationId = messageIdFor(`${orderId}:order_confirmation`, MOCK_SENDER_DOMAIN);

describe("chaos invariants: duplicate emails after a kill", () => {
  it("accept the copies of one email as at-least-once delivery when they carry one Message-ID", () => {
    const verdict = checkInvariants(restWithConfirmations([confirmationId, confirmationId]));
    expect(verdict.violations).toEqual([]);
    expect(verdict.notes).toEqual([expect.stringContaining(`${orderId}: order_confirmation email sent 2× with one Message-ID`)]);
  });

  it("report copies whose Message-IDs differ (or are missing), even with a kill in between", () => {
    for (const headers of [
      [confirmationId, "<other@elsewhere.test>"],
      [undefined, undefined],
    ]) {
      const verdict = checkInvariants(restWithConfirmations(headers));
      expect(verdict.violations).toEqual([
        expect.objectContaining({
          subject: orderId,
          rule: "exactly one confirmation email per confirmed order: copies of one email share a Message-ID",
        }),
      ]);
      expect(verdict.notes).toEqual([]);
    }
  });
});

describe("chaos invariants: the backordered product", () => {
  const withBackorder = (view: Record<string, unknown>) => {
    const rest = restWithConfirmations([confirmationId]);
    const order = rest.orders.get(orderId)!;
    order.items = [{ sku: "chaos-backorder-1", quantity: 1, unitPrice: 1500, lineTotal: 1500, discount: 0, tax: 0 }];
    order.events.push({ type: "stock_committed" });
    return checkInvariants({ ...rest, backorder: { sku: "chaos-backorder-1", view } });
  };
  const totals = (restocked: number, sold: number) => ({ totals: { restocked, sold, returned: 0 }, backordered: 0, reserved: 0 });

  it("holds when every unit an order kept arrived first", () => {
    expect(withBackorder(totals(1, 1)).violations).toEqual([]);
  });

  it("reports units sold beyond what arrived, orders left waiting, and sales no order holds", () => {
    const rules = (view: Record<string, unknown>) => withBackorder(view).violations.map((v) => v.rule);
    expect(rules(totals(0, 1))).toContain("backordered units sold never exceed what arrived");
    expect(rules({ ...totals(1, 1), backordered: 1 })).toContain("no order left waiting for the product, no unit held");
    expect(rules(totals(2, 2))).toContain("units sold of the product = what the orders that kept it hold");
  });
});
