import type { Answer } from "../ingress-call.ts";
import type { ProviderWorld } from "./provider-world.ts";

export interface PlannedOrder {
  index: number;
  orderId: string;
  scenario: string;
  lines: Array<{ sku: string; quantity: number }>;
  /** A seeded number in [0, 1) for the scenario's own choices (e.g. how much to refund). */
  dice: number;
}

/** Calls through the ingress (with an idempotency key when given), retried across server restarts. */
export type Caller = (path: string, body: unknown, idempotencyKey?: string) => Promise<Answer>;

export interface ScenarioContext {
  call: Caller;
  /** The payment provider and the carrier, sending their webhooks. */
  world: ProviderWorld;
  /** The run's coupon and the accounts its orders belong to, once set up. */
  shop?: { couponCode: string; customerIds: string[] };
}

export interface FollowUp {
  step: string;
  answer: Answer;
}

export interface Expected {
  status: string;
  paymentStatus: string;
}

/**
 * One kind of customer journey in the chaos mix. New journeys are added here and named in a
 * profile's mix; the invariants stay the same for all of them.
 */
export interface Scenario {
  name: string;
  /** What the journey changes in the processOrder request (`coupon`: it uses the run's limited coupon). */
  request?: { paymentMethod?: string; zip?: string; coupon?: boolean; backorder?: boolean };
  /** What the outside world does while checkout runs (a provider settling a payment by webhook…). */
  during?: (order: PlannedOrder, checkout: Promise<Answer>, ctx: ScenarioContext) => Promise<void>;
  /** What happens once checkout succeeded (cancel, refund, the parcel travels…); each step must answer 200. */
  after?: (order: PlannedOrder, checkout: Answer, ctx: ScenarioContext) => Promise<FollowUp[]>;
  /** The checkout answer this journey expects (409 "sold out" is always acceptable). */
  checkout: number;
  /** The order at rest after the journey. */
  expected: Expected;
}

const SOLD_OUT: Expected = { status: "failed", paymentStatus: "failed" };

const step = async (name: string, answer: Promise<Answer>): Promise<FollowUp> => ({ step: name, answer: await answer });

/** The carrier picks the parcel up and delivers it, reporting each stage `copies` times. */
const ships =
  (copies: number) =>
  async (order: PlannedOrder, _checkout: Answer, { call, world }: ScenarioContext): Promise<FollowUp[]> => {
    const read = await call(`/OrderOrchestrator/${order.orderId}/getOrder`, null);
    const s = read.body?.shipment;
    if (read.status === 200 && s?.labelId) {
      const label = {
        labelId: s.labelId,
        trackingNumber: s.trackingNumber,
        carrier: s.carrier,
        service: s.service,
        labelUrl: s.labelUrl,
        cost: s.cost,
      };
      await world.ship(label, order.orderId, copies);
    }
    return [{ step: "read label", answer: read }];
  };

/** The payment provider settles the pending authorization by webhook, `copies` times. */
const settles =
  (copies: number) =>
  async (order: PlannedOrder, checkout: Promise<Answer>, { world }: ScenarioContext): Promise<void> => {
    const authorization = await world.pendingAuthorization(order.orderId, checkout);
    if (authorization) await world.settle(authorization, order.orderId, SCENARIOS[order.scenario]!.request!.paymentMethod!, copies);
  };

const delivered: Expected = { status: "delivered", paymentStatus: "captured" };

/**
 * The ordered unit arrives once the order waits for it (or after a while, if the order is slow to
 * get there): one restock per order, its reference the order's, so a retried restock counts once.
 */
async function arrives(order: PlannedOrder, _checkout: Promise<Answer>, { call }: ScenarioContext): Promise<void> {
  const giveUpAt = Date.now() + 20_000;
  while (Date.now() < giveUpAt) {
    const read = await call(`/OrderOrchestrator/${order.orderId}/getOrder`, null);
    if (read.status === 200 && read.body.status !== "pending") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { sku } = order.lines[0]!;
  await call(`/InventoryItem/${sku}/restock`, { quantity: 1, reference: `${order.orderId}:arrival` }, `${order.orderId}:arrival`);
}

export const SCENARIOS: Record<string, Scenario> = {
  happy: { name: "happy", checkout: 200, after: ships(1), expected: delivered },
  declined: {
    name: "declined",
    request: { paymentMethod: "pm_card_chargeDeclined" },
    checkout: 402,
    expected: { status: "failed", paymentStatus: "failed" },
  },
  label_failure: {
    name: "label_failure",
    request: { zip: "00000" },
    checkout: 422,
    expected: { status: "failed", paymentStatus: "voided" },
  },
  cancel: {
    name: "cancel",
    checkout: 200,
    after: async (order, _checkout, { call }) => [
      await step("cancel", call(`/OrderOrchestrator/${order.orderId}/cancel`, { reason: "changed my mind" }, `${order.orderId}:cancel`)),
    ],
    expected: { status: "cancelled", paymentStatus: "refunded" },
  },
  partial_refund: {
    name: "partial_refund",
    checkout: 200,
    after: async (order, checkout, ctx) => {
      const total = Number(checkout.body.total);
      const amount = Math.max(1, Math.min(total - 1, Math.floor(total * (0.1 + 0.6 * order.dice))));
      const refund = await step(
        "refund",
        ctx.call(`/OrderOrchestrator/${order.orderId}/refund`, { amount, reason: "one arrived broken" }, `${order.orderId}:refund:1`),
      );
      return [refund, ...(await ships(1)(order, checkout, ctx))];
    },
    expected: { status: "partially_refunded", paymentStatus: "partially_refunded" },
  },
  return_refund: {
    name: "return_refund",
    checkout: 200,
    after: async (order, _checkout, { call }) => [
      await step(
        "refund+return",
        call(`/OrderOrchestrator/${order.orderId}/refund`, { reason: "sent it all back", returnItems: true }, `${order.orderId}:refund:1`),
      ),
    ],
    expected: { status: "refunded", paymentStatus: "refunded" },
  },
  async_payment: {
    name: "async_payment",
    request: { paymentMethod: "pm_card_async" },
    during: settles(1),
    checkout: 200,
    after: ships(1),
    expected: delivered,
  },
  async_payment_failed: {
    name: "async_payment_failed",
    request: { paymentMethod: "pm_card_async_fail" },
    during: settles(1),
    checkout: 402,
    expected: { status: "failed", paymentStatus: "failed" },
  },
  backordered: {
    name: "backordered",
    request: { backorder: true },
    during: arrives,
    checkout: 200,
    after: ships(1),
    expected: delivered,
  },
  couponed: {
    name: "couponed",
    request: { coupon: true },
    checkout: 200,
    after: ships(1),
    expected: delivered,
  },
  duplicate_webhooks: {
    name: "duplicate_webhooks",
    request: { paymentMethod: "pm_card_async" },
    during: settles(3),
    checkout: 200,
    after: ships(3),
    expected: delivered,
  },
};

/** What the order must look like at rest, given how checkout answered; undefined when that answer is wrong. */
export function expectedAtRest(scenario: Scenario, checkoutStatus: number): Expected | undefined {
  if (checkoutStatus === 409) return SOLD_OUT;
  return checkoutStatus === scenario.checkout ? scenario.expected : undefined;
}

/** `happy=6,declined=1` → weights per scenario; every name must exist. */
export function parseMix(mix: string): Array<[Scenario, number]> {
  return mix.split(",").map((part) => {
    const [name = "", weight = "1"] = part.split("=");
    const scenario = SCENARIOS[name.trim()];
    if (!scenario) throw new Error(`unknown scenario "${name}" in mix; known: ${Object.keys(SCENARIOS).join(", ")}`);
    const w = Number(weight);
    if (!(w > 0)) throw new Error(`scenario ${name} needs a positive weight, got "${weight}"`);
    return [scenario, w];
  });
}
