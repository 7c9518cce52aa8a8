import { type ObjectContext, RestatePromise, TimeoutError } from "@restatedev/restate-sdk";
import { accountCreatedAt } from "../../customers/customer-object.ts";
import type { Runtime } from "../../providers/runtime.ts";
import type { Order } from "../domain/order.ts";
import {
  isCountableCard,
  type PreAuthorizationFacts,
  type ReviewDecision,
  type RiskAssessment,
  screenBeforeAuthorization,
  type VelocityCount,
  type VelocitySubject,
  velocityKey,
} from "../domain/risk.ts";
import type { OrderSettings } from "../order-settings.ts";
import { RiskReview } from "../risk-review.ts";
import { RiskVelocity } from "../risk-velocity.ts";
import type { Interrupt } from "./interrupt.ts";

/** Who an order is counted against. */
type RiskSubjects = Pick<Order, "orderId" | "customerId" | "paymentMethod"> & { customer: { email: string } };

/** The counters an order counts against: its account, its email, its card (Stripe's test methods name no card). */
function subjectsOf(order: RiskSubjects): Array<[VelocitySubject, string]> {
  const subjects: Array<[VelocitySubject, string]> = [["email", velocityKey("email", order.customer.email)]];
  if (order.customerId) subjects.push(["customer", velocityKey("customer", order.customerId)]);
  if (isCountableCard(order.paymentMethod)) subjects.push(["card", velocityKey("card", order.paymentMethod)]);
  return subjects;
}

/** What the order's risk is screened on besides its total: the subjects' counts and the account's age. */
export interface RiskFacts {
  counts: Array<[VelocitySubject, VelocityCount]>;
  accountCreatedAt: number | undefined;
}

/**
 * Counts this order against its customer, email and card (each a call down to its RiskVelocity key)
 * and reads the account's age, side by side: one step the checkout awaits with its others.
 */
export function riskFacts(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: RiskSubjects): RestatePromise<RiskFacts> {
  const subjects = subjectsOf(order);
  const windowMs = rt.settings.risk.velocityWindowMs;
  const counting = RestatePromise.all(
    subjects.map(([, key]) => ctx.objectClient(RiskVelocity, key).countOrder({ orderId: order.orderId, windowMs })),
  );
  const created = order.customerId ? accountCreatedAt(ctx, order.customerId) : undefined;
  return RestatePromise.all([counting, ...(created ? [created] : [])]).map((answers, failure) => {
    if (failure || !answers) throw failure;
    const [counts, createdAt] = answers as [VelocityCount[], number | undefined];
    return { counts: subjects.map(([subject], i) => [subject, counts[i]!]), accountCreatedAt: createdAt };
  });
}

/** Screens the priced order, before the payment, with the configured rules. */
export function screenOrder(rt: Runtime<OrderSettings>, order: Order, facts: RiskFacts): RiskAssessment {
  const accountAgeMs =
    facts.accountCreatedAt === undefined || Number.isNaN(facts.accountCreatedAt) ? undefined : order.createdAt - facts.accountCreatedAt;
  const preAuthorization: PreAuthorizationFacts = {
    total: order.total,
    accountAgeMs,
    velocity: Object.fromEntries(facts.counts) as Partial<Record<VelocitySubject, VelocityCount>>,
  };
  return screenBeforeAuthorization(preAuthorization, rt.settings.risk);
}

/** A declined or failed payment counts against the same subjects (one way: nothing waits for it). */
export async function noteFailedPayment(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order): Promise<void> {
  const at = await ctx.date.now();
  for (const [, key] of subjectsOf(order)) {
    ctx.objectSendClient(RiskVelocity, key).noteFailedPayment({ orderId: order.orderId, at, windowMs: rt.settings.risk.velocityWindowMs });
  }
}

export type ReviewOutcome =
  | { kind: "decided"; decision: ReviewDecision }
  | { kind: "expired"; decision: ReviewDecision }
  | { kind: "interrupted"; reason: string };

/**
 * Waits durably for an admin's decision (RiskReview.decide wakes the awakeable), the customer's cancel
 * (the interrupt) or the timeout. A timeout or a cancel closes the review in RiskReview, which answers
 * with a decision an admin made in the meantime if there was one: that decision stands.
 */
export async function awaitReview(
  ctx: ObjectContext,
  orderId: string,
  timeoutMs: number,
  interrupt: RestatePromise<Interrupt>,
): Promise<ReviewOutcome> {
  const { id, promise } = ctx.awakeable<ReviewDecision>();
  await ctx.objectClient(RiskReview, orderId).open({ awakeableId: id });
  const decided = promise.map((decision, failure): ReviewOutcome => {
    if (failure || !decision) throw failure;
    return { kind: "decided", decision };
  });
  const interrupted = interrupt.map((value): ReviewOutcome => ({ kind: "interrupted", reason: value?.reason ?? "cancelled" }));
  let outcome: ReviewOutcome;
  try {
    outcome = await RestatePromise.race([decided, interrupted]).orTimeout(timeoutMs);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    const fallback = { approve: false, by: "system", note: "nobody reviewed the order in time" };
    const decision = await ctx.objectClient(RiskReview, orderId).close(fallback);
    return decision.by === "system" ? { kind: "expired", decision } : { kind: "decided", decision };
  }
  // The customer's cancel wins over any decision; the review is closed so a late one is refused.
  if (outcome.kind === "interrupted")
    await ctx.objectClient(RiskReview, orderId).close({ approve: false, by: "system", note: outcome.reason });
  return outcome;
}
