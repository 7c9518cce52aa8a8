import { TerminalError } from "@restatedev/restate-sdk";
import type {
  AuthorizeRequest,
  CaptureRequest,
  PaymentAuthorization,
  PaymentCapture,
  PaymentGateway,
  PaymentRefund,
  PaymentVoid,
  RefundRequest,
  VoidRequest,
} from "../src/providers/types.ts";
import { mockId, nowIso, weather } from "./behaviour.ts";
import type { LedgerEntry, LedgerReader } from "./ledger.ts";
import { MockProvider } from "./mock-provider.ts";

/**
 * Payment methods that make the mock behave like Stripe's test cards. Anything else succeeds.
 * Documented in the README ("Mock mode triggers").
 */
export const PAYMENT_TRIGGERS = {
  pm_card_visa: "authorized",
  pm_card_chargeDeclined: "declined: card_declined (generic_decline)",
  tok_chargeDeclined: "declined: card_declined (generic_decline)",
  pm_card_insufficientFunds: "declined: card_declined (insufficient_funds)",
  pm_card_chargeDeclinedExpiredCard: "declined: expired_card",
  pm_card_flaky: "fails transiently twice, then authorized",
  pm_card_async: "pending (3-D Secure / async); settles as succeeded by webhook after MOCK_ASYNC_PAYMENT_DELAY_MS",
  pm_card_async_fail: "pending; settles as payment_failed by webhook",
  pm_card_async_never: "pending; never settles (the order times out)",
  pm_card_captureExpired: "authorized, but the authorization is gone when the order captures (capture refused, 402)",
} as const;

/** Payment methods that exercise risk screening (authorized, with what Stripe would say of the risk). */
export const RISK_TRIGGERS = {
  pm_card_riskLevelElevated: "authorized; the charge's Radar outcome says risk_level elevated (risk screening: review by default)",
  pm_card_riskLevelHighest: "authorized; the charge's Radar outcome says risk_level highest (risk screening: refuse by default)",
  "pm_card_<cc>": "authorized with a card issued in country <cc> (pm_card_de, pm_card_gb, …), as Stripe's country test cards",
} as const;

const RISK_LEVELS: Record<string, string> = { pm_card_riskLevelElevated: "elevated", pm_card_riskLevelHighest: "highest" };

/** Stripe's country test cards (pm_card_us, pm_card_de, …): the mock reports the issuing country only for these. */
const cardCountryOf = (paymentMethod: string) => /^pm_card_([a-z]{2})$/.exec(paymentMethod)?.[1]?.toUpperCase();

const DECLINES: Record<string, { code: string; decline: string }> = {
  pm_card_chargeDeclined: { code: "card_declined", decline: "generic_decline" },
  tok_chargeDeclined: { code: "card_declined", decline: "generic_decline" },
  pm_card_insufficientFunds: { code: "card_declined", decline: "insufficient_funds" },
  pm_card_chargeDeclinedExpiredCard: { code: "expired_card", decline: "expired_card" },
};

const PENDING_METHODS = new Set(["pm_card_async", "pm_card_async_fail", "pm_card_async_never"]);
const FLAKY_FAILURES = 2;

const find = (ledger: LedgerReader, op: string, key: string): LedgerEntry | undefined => ledger.find({ provider: "payments", op, key })[0];

const forIntent = (ledger: LedgerReader, op: string, paymentIntentId: string) => ledger.find({ provider: "payments", op, paymentIntentId });

const declined = (code: string, decline: string) => new TerminalError(`payment declined: ${code} (${decline})`, { errorCode: 402 });

export class MockPaymentGateway extends MockProvider implements PaymentGateway {
  async authorize(request: AuthorizeRequest): Promise<PaymentAuthorization> {
    await weather(this.behaviour, "payments");
    const result = this.ledger.transact((tx) => {
      const seen = find(tx, "authorize", request.idempotencyKey);
      if (seen) {
        if (seen.amount !== request.amount || seen.currency !== request.currency) {
          throw new TerminalError(`idempotency key ${request.idempotencyKey} was used with different parameters`, { errorCode: 400 });
        }
        if (seen.outcome === "declined") throw declined(String(seen.code), String(seen.decline));
        return { authorization: seen.authorization as PaymentAuthorization };
      }
      if (request.paymentMethod === "pm_card_flaky") {
        const attempts = tx.find({ op: "flaky-attempt", key: request.idempotencyKey }).length;
        if (attempts < FLAKY_FAILURES) {
          tx.append({ provider: "payments", op: "flaky-attempt", key: request.idempotencyKey, at: nowIso(), orderId: request.orderId });
          throw new Error(`payments (mock): transient failure ${attempts + 1} of ${FLAKY_FAILURES} for pm_card_flaky`);
        }
      }
      const paymentIntentId = mockId("pi", request.idempotencyKey);
      const decline = DECLINES[request.paymentMethod];
      const base = { provider: "payments" as const, op: "authorize", key: request.idempotencyKey, at: nowIso() };
      if (decline) {
        tx.append({
          ...base,
          paymentIntentId,
          orderId: request.orderId,
          amount: request.amount,
          currency: request.currency,
          outcome: "declined",
          code: decline.code,
          decline: decline.decline,
        });
        throw declined(decline.code, decline.decline);
      }
      const authorization: PaymentAuthorization = {
        paymentIntentId,
        status: PENDING_METHODS.has(request.paymentMethod) ? "pending" : "authorized",
        amount: request.amount,
        currency: request.currency,
        ...(RISK_LEVELS[request.paymentMethod] ? { riskLevel: RISK_LEVELS[request.paymentMethod] } : {}),
        ...(cardCountryOf(request.paymentMethod) ? { cardCountry: cardCountryOf(request.paymentMethod) } : {}),
      };
      tx.append({
        ...base,
        paymentIntentId,
        orderId: request.orderId,
        amount: request.amount,
        currency: request.currency,
        outcome: authorization.status,
        paymentMethod: request.paymentMethod,
        authorization,
      });
      return { authorization };
    });
    // Also on a replay: the first attempt may have died before its webhook was queued. The
    // webhook carries a deterministic event id, so a second copy is deduplicated downstream.
    if (result.authorization.status === "pending") await this.events?.paymentPending(result.authorization, request);
    return result.authorization;
  }

  async capture(request: CaptureRequest): Promise<PaymentCapture> {
    await weather(this.behaviour, "payments");
    return this.ledger.transact((tx) => {
      const seen = find(tx, "capture", request.idempotencyKey);
      if (seen)
        return {
          paymentIntentId: request.paymentIntentId,
          status: "captured",
          amountCaptured: Number(seen.amount),
          currency: request.currency,
        };
      const intent = this.intent(tx, request.paymentIntentId);
      if (intent.voided)
        throw new TerminalError(`PaymentIntent ${request.paymentIntentId} was canceled; it cannot be captured`, { errorCode: 400 });
      if (intent.paymentMethod === "pm_card_captureExpired") {
        throw new TerminalError(`the authorization of PaymentIntent ${request.paymentIntentId} expired before capture`, { errorCode: 402 });
      }
      if (intent.captured > 0) throw new TerminalError(`PaymentIntent ${request.paymentIntentId} is already captured`, { errorCode: 400 });
      if (request.amount > intent.authorized) {
        throw new TerminalError(`amount_to_capture ${request.amount} exceeds the authorized ${intent.authorized}`, { errorCode: 400 });
      }
      tx.append({
        provider: "payments",
        op: "capture",
        key: request.idempotencyKey,
        at: nowIso(),
        paymentIntentId: request.paymentIntentId,
        orderId: request.orderId,
        amount: request.amount,
      });
      return { paymentIntentId: request.paymentIntentId, status: "captured", amountCaptured: request.amount, currency: request.currency };
    });
  }

  async void(request: VoidRequest): Promise<PaymentVoid> {
    await weather(this.behaviour, "payments");
    return this.ledger.transact((tx) => {
      const intent = this.intent(tx, request.paymentIntentId);
      if (intent.voided) return { paymentIntentId: request.paymentIntentId, status: "voided" as const };
      if (intent.captured > 0)
        throw new TerminalError(`PaymentIntent ${request.paymentIntentId} is captured; refund it instead`, { errorCode: 400 });
      tx.append({
        provider: "payments",
        op: "void",
        key: request.idempotencyKey,
        at: nowIso(),
        paymentIntentId: request.paymentIntentId,
        orderId: request.orderId,
      });
      return { paymentIntentId: request.paymentIntentId, status: "voided" as const };
    });
  }

  async refund(request: RefundRequest): Promise<PaymentRefund> {
    await weather(this.behaviour, "payments");
    return this.ledger.transact((tx) => {
      const seen = find(tx, "refund", request.idempotencyKey);
      const refundId = mockId("re", request.idempotencyKey);
      const result = {
        refundId,
        paymentIntentId: request.paymentIntentId,
        amount: request.amount,
        currency: request.currency,
        status: "succeeded" as const,
      };
      if (seen) return { ...result, amount: Number(seen.amount) };
      const intent = this.intent(tx, request.paymentIntentId);
      if (request.amount > intent.captured - intent.refunded) {
        throw new TerminalError(
          `refund of ${request.amount} exceeds the ${intent.captured - intent.refunded} left on ${request.paymentIntentId}`,
          { errorCode: 400 },
        );
      }
      tx.append({
        provider: "payments",
        op: "refund",
        key: request.idempotencyKey,
        at: nowIso(),
        paymentIntentId: request.paymentIntentId,
        orderId: request.orderId,
        refundId,
        amount: request.amount,
      });
      return result;
    });
  }

  private intent(ledger: LedgerReader, paymentIntentId: string) {
    const authorization = forIntent(ledger, "authorize", paymentIntentId).find((e) => e.outcome !== "declined");
    if (!authorization) throw new TerminalError(`no such PaymentIntent: ${paymentIntentId}`, { errorCode: 404 });
    const sum = (op: string) => forIntent(ledger, op, paymentIntentId).reduce((s, e) => s + Number(e.amount ?? 0), 0);
    return {
      authorized: Number(authorization.amount),
      paymentMethod: authorization.paymentMethod,
      captured: sum("capture"),
      refunded: sum("refund"),
      voided: forIntent(ledger, "void", paymentIntentId).length > 0,
    };
  }
}
