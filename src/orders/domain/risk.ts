import { z } from "zod";
import { identifier } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";

/**
 * Risk screening of an order around its authorization. Each rule that fires names an action; the
 * order gets the worst of them: allow < review (authorized, nothing ships until an admin decides) <
 * refuse (the order fails before money moves, or its authorization is voided).
 */
export const RISK_ACTIONS = ["allow", "review", "refuse"] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

const RANK: Record<RiskAction, number> = { allow: 0, review: 1, refuse: 2 };
export const worse = (a: RiskAction, b: RiskAction): RiskAction => (RANK[a] >= RANK[b] ? a : b);

/** Stripe Radar's `outcome.risk_level` on the charge; `not_assessed` and `unknown` say nothing. */
export const RADAR_LEVELS = ["normal", "elevated", "highest", "not_assessed", "unknown"] as const;
export type RadarLevel = (typeof RADAR_LEVELS)[number];

/** The thresholds and what each rule does when it fires: configuration (RISK_* settings). */
export interface RiskRules {
  velocityWindowMs: number;
  /** Orders in the window, this one included, beyond which orderVelocityAction applies. */
  maxOrdersPerCustomer: number;
  maxOrdersPerEmail: number;
  maxOrdersPerCard: number;
  orderVelocityAction: RiskAction;
  /** Failed payments in the window (per customer, email or card) from which failedPaymentAction applies. */
  maxFailedPayments: number;
  failedPaymentAction: RiskAction;
  /** The card's country (from the provider's answer) differs from the shipping country. */
  countryMismatchAction: RiskAction;
  /** An account younger than newAccountAgeMs ordering more than newAccountMaxAmount (minor units). */
  newAccountAgeMs: number;
  newAccountMaxAmount: number;
  newAccountAction: RiskAction;
  radarElevatedAction: RiskAction;
  radarHighestAction: RiskAction;
}

export const DEFAULT_RISK_RULES: RiskRules = {
  velocityWindowMs: 3_600_000,
  maxOrdersPerCustomer: 10,
  maxOrdersPerEmail: 10,
  maxOrdersPerCard: 5,
  orderVelocityAction: "review",
  maxFailedPayments: 5,
  failedPaymentAction: "refuse",
  countryMismatchAction: "review",
  newAccountAgeMs: 86_400_000,
  newAccountMaxAmount: 250_000,
  newAccountAction: "review",
  radarElevatedAction: "review",
  radarHighestAction: "refuse",
};

/** What one subject (a customer, an email, a card) did within the window. */
export interface VelocityCount {
  orders: number;
  failedPayments: number;
}

export type VelocitySubject = "customer" | "email" | "card";

/** What is known before the payment is asked for. */
export interface PreAuthorizationFacts {
  total: number;
  /** Milliseconds since the customer's account was created; undefined for orders without an account. */
  accountAgeMs?: number | undefined;
  velocity: Partial<Record<VelocitySubject, VelocityCount>>;
}

/** What the provider's authorization added. */
export interface AuthorizationFacts {
  shippingCountry: string;
  cardCountry?: string | undefined;
  radarRiskLevel?: string | undefined;
}

export interface FiredRule {
  rule: string;
  action: RiskAction;
  detail: string;
}

export interface RiskAssessment {
  decision: RiskAction;
  fired: FiredRule[];
}

const assess = (fired: FiredRule[]): RiskAssessment => ({
  decision: fired.reduce<RiskAction>((d, f) => worse(d, f.action), "allow"),
  fired: fired.filter((f) => f.action !== "allow"),
});

const ORDER_LIMIT: Record<VelocitySubject, keyof RiskRules> = {
  customer: "maxOrdersPerCustomer",
  email: "maxOrdersPerEmail",
  card: "maxOrdersPerCard",
};

/** Velocity and the new account's amount: screened before any money moves. */
export function screenBeforeAuthorization(facts: PreAuthorizationFacts, rules: RiskRules): RiskAssessment {
  const fired: FiredRule[] = [];
  const window = `${Math.round(rules.velocityWindowMs / 60_000)} min`;
  for (const subject of ["customer", "email", "card"] as const) {
    const count = facts.velocity[subject];
    if (!count) continue;
    const max = rules[ORDER_LIMIT[subject]] as number;
    if (count.orders > max) {
      fired.push({
        rule: `${subject}_order_velocity`,
        action: rules.orderVelocityAction,
        detail: `${count.orders} orders in ${window} (limit ${max})`,
      });
    }
    if (count.failedPayments >= rules.maxFailedPayments) {
      fired.push({
        rule: `${subject}_failed_payments`,
        action: rules.failedPaymentAction,
        detail: `${count.failedPayments} failed payments in ${window} (limit ${rules.maxFailedPayments})`,
      });
    }
  }
  if (facts.accountAgeMs !== undefined && facts.accountAgeMs < rules.newAccountAgeMs && facts.total > rules.newAccountMaxAmount) {
    fired.push({
      rule: "new_account_amount",
      action: rules.newAccountAction,
      detail: `${facts.total} minor units from an account ${Math.floor(facts.accountAgeMs / 60_000)} min old (limit ${rules.newAccountMaxAmount})`,
    });
  }
  return assess(fired);
}

/** The card's country and Radar's verdict, once the provider has answered. */
export function screenAuthorization(facts: AuthorizationFacts, rules: RiskRules): RiskAssessment {
  const fired: FiredRule[] = [];
  if (facts.cardCountry && facts.cardCountry.toUpperCase() !== facts.shippingCountry) {
    fired.push({
      rule: "country_mismatch",
      action: rules.countryMismatchAction,
      detail: `card issued in ${facts.cardCountry.toUpperCase()}, shipping to ${facts.shippingCountry}`,
    });
  }
  if (facts.radarRiskLevel === "elevated" || facts.radarRiskLevel === "highest") {
    fired.push({
      rule: `radar_${facts.radarRiskLevel}`,
      action: facts.radarRiskLevel === "elevated" ? rules.radarElevatedAction : rules.radarHighestAction,
      detail: `Stripe Radar risk level ${facts.radarRiskLevel}`,
    });
  }
  return assess(fired);
}

/** Both screenings together: the worst decision, every rule that fired. */
export const combine = (a: RiskAssessment, b: RiskAssessment): RiskAssessment => ({
  decision: worse(a.decision, b.decision),
  fired: [...a.fired, ...b.fired],
});

/** How an assessment reads in the order's log. */
export const describeAssessment = (a: RiskAssessment): string =>
  a.fired.length === 0 ? "no rule fired" : a.fired.map((f) => `${f.rule} → ${f.action}: ${f.detail}`).join("; ");

/** What a customer is told of a refusal: not which rule fired (that would teach a fraudster the limits). */
export const RISK_REFUSAL_MESSAGE = "the order could not be accepted by the shop's payment checks; please contact the shop";

/** What a customer is told when the review rejected their order, or nobody decided in time (the admin's note stays in the log). */
export const RISK_REVIEW_REJECTED = "the shop could not accept this order after reviewing it; the payment hold was released";

// ---------------------------------------------------------------- velocity counters

/** One order, or one failed payment, of a subject: counted once per order. */
export const VelocityEntry = z.object({ orderId: z.string(), at: z.number().int() });
export type VelocityEntry = z.infer<typeof VelocityEntry>;

export interface VelocityLog {
  orders: VelocityEntry[];
  failedPayments: VelocityEntry[];
}

/** A subject keeps at most this many entries per kind: more than any sane limit, small enough for state. */
export const MAX_VELOCITY_ENTRIES = 500;

/** Adds an entry (once per order), forgetting what fell out of the window. */
export function noteEntry(entries: readonly VelocityEntry[], entry: VelocityEntry, now: number, windowMs: number): VelocityEntry[] {
  const kept = entries.filter((e) => e.at > now - windowMs);
  if (!kept.some((e) => e.orderId === entry.orderId)) kept.push(entry);
  return kept.slice(-MAX_VELOCITY_ENTRIES);
}

export const countWithin = (entries: readonly VelocityEntry[], now: number, windowMs: number): number =>
  entries.filter((e) => e.at > now - windowMs).length;

export const VelocityInput = z.strictObject({
  orderId: identifier("orderId"),
  at: z.number().int().min(0),
  windowMs: z.number().int().min(1),
});
export type VelocityInput = z.infer<typeof VelocityInput>;

/** An order to count: at the counter's own time, so the order need not read a clock before it asks. */
export const CountOrderInput = VelocityInput.omit({ at: true });
export type CountOrderInput = z.infer<typeof CountOrderInput>;

export const VelocityCountSchema = z.object({ orders: z.number().int(), failedPayments: z.number().int() });

/** Key of a subject's counters: `customer:<id>`, `email:<address, lower case>`, `card:<payment method>`. */
export const velocityKey = (subject: VelocitySubject, value: string): string =>
  `${subject}:${subject === "email" ? value.trim().toLowerCase() : value}`;

/**
 * Stripe's test payment methods (`pm_card_visa`, `tok_visa`, …) name a kind of card, not a card: every
 * test checkout would share one. They are never counted per card.
 */
export const isCountableCard = (paymentMethod: string): boolean => !/^(pm_card_|tok_)/.test(paymentMethod);

// ---------------------------------------------------------------- review

/** An admin's decision on an order waiting in review. */
export const ReviewDecision = z.strictObject({
  approve: z.boolean(),
  by: identifier("by").describe("the deciding admin's id, or `system` when the review timed out"),
  note: freeText("note", 500).optional(),
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const OpenReviewInput = z.strictObject({ awakeableId: z.string().min(1).max(500) });
export type OpenReviewInput = z.infer<typeof OpenReviewInput>;

/** RiskReview.get: whether the order waits for a decision, and the decision once made. */
export const ReviewView = z.object({ waiting: z.boolean(), decision: ReviewDecision.extend({ at: z.number().int() }).nullable() });
export type ReviewView = z.infer<typeof ReviewView>;
