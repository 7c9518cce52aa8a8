import Stripe from "stripe";
import type { ProviderConfig } from "./provider-config.ts";
import { clip, parseRetryAfter, terminalError, transientError } from "./provider-errors.ts";
import type { Guard } from "./resilience.ts";
import type {
  AuthorizeRequest,
  CaptureRequest,
  PaymentAuthorization,
  PaymentCapture,
  PaymentGateway,
  PaymentRefund,
  PaymentVoid,
  RefundRequest,
} from "./types.ts";

/**
 * PaymentGateway on Stripe PaymentIntents with manual capture. Every POST carries the caller's
 * idempotency key: the SDK would generate a fresh one per call, which a retried `ctx.run` would not
 * reuse. SDK retries are off; `ctx.run` retries.
 */
export function createStripeGateway(config: ProviderConfig["stripe"], timeoutMs: number, guard: Guard): PaymentGateway {
  const stripe = new Stripe(config.secretKey, {
    maxNetworkRetries: 0,
    timeout: timeoutMs,
    telemetry: false,
    ...(config.endpoint ?? {}),
  });

  return {
    authorize: (request) =>
      guard("authorize", async () =>
        authorization(
          request,
          await stripe.paymentIntents.create(
            {
              amount: request.amount,
              currency: request.currency.toLowerCase(),
              capture_method: "manual",
              confirm: true,
              payment_method: request.paymentMethod,
              // Server-side confirmation: a method that needs a redirect is refused rather than left waiting for a return_url.
              automatic_payment_methods: { enabled: true, allow_redirects: "never" },
              metadata: { orderId: request.orderId },
              description: `order ${request.orderId}`,
              // The charge carries Radar's outcome and the card's country, which risk screening reads.
              expand: ["latest_charge"],
            },
            { idempotencyKey: request.idempotencyKey },
          ),
        ),
      ),

    capture: (request) =>
      guard("capture", async () => {
        try {
          const intent = await stripe.paymentIntents.capture(
            request.paymentIntentId,
            { amount_to_capture: request.amount, metadata: { orderId: request.orderId } },
            { idempotencyKey: request.idempotencyKey },
          );
          return captured(request, intent);
        } catch (error) {
          // A retry after Stripe pruned the key (24 h) meets an intent that is already captured.
          if (!isUnexpectedState(error)) throw error;
          return captured(request, await stripe.paymentIntents.retrieve(request.paymentIntentId));
        }
      }),

    void: (request) =>
      guard("void", async () => {
        try {
          const intent = await stripe.paymentIntents.cancel(
            request.paymentIntentId,
            request.reason ? { cancellation_reason: request.reason } : {},
            { idempotencyKey: request.idempotencyKey },
          );
          return voided(intent);
        } catch (error) {
          if (!isUnexpectedState(error)) throw error;
          return voided(await stripe.paymentIntents.retrieve(request.paymentIntentId));
        }
      }),

    refund: (request) =>
      guard("refund", async () => {
        const refund = await stripe.refunds.create(
          {
            payment_intent: request.paymentIntentId,
            amount: request.amount,
            ...(isStripeRefundReason(request.reason) ? { reason: request.reason } : {}),
            metadata: { orderId: request.orderId, reason: request.reason },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return refunded(request, refund);
      }),
  };
}

function authorization(request: AuthorizeRequest, intent: Stripe.PaymentIntent): PaymentAuthorization {
  const result = (status: PaymentAuthorization["status"]): PaymentAuthorization => ({
    paymentIntentId: intent.id,
    status,
    amount: intent.amount,
    currency: request.currency,
    ...riskOf(intent),
  });
  switch (intent.status) {
    case "requires_capture":
      return result("authorized");
    // Taken at once (a method or an account setting that captures on confirmation): the money is
    // held all the same, and the order's capture finds it captured. A 422 here would strand it.
    case "succeeded":
      return result("authorized");
    // 3-D Secure or an asynchronous method: neither success nor failure yet; a webhook settles it.
    case "requires_action":
    case "processing":
      return result("pending");
    case "requires_payment_method": {
      const reason = intent.last_payment_error;
      throw terminalError(`payment declined: ${declineReason(reason?.code, reason?.decline_code)}`, 402, {
        paymentIntentId: intent.id,
      });
    }
    default:
      throw terminalError(`payment authorization left PaymentIntent ${intent.id} in status ${intent.status}`, 422);
  }
}

/** Radar's risk level and the card's country from the expanded charge; a charge left unexpanded (an id) says nothing. */
function riskOf(intent: Stripe.PaymentIntent): Pick<PaymentAuthorization, "riskLevel" | "cardCountry"> {
  const charge = intent.latest_charge;
  if (!charge || typeof charge === "string") return {};
  const riskLevel = charge.outcome?.risk_level;
  const cardCountry = charge.payment_method_details?.card?.country;
  return { ...(riskLevel ? { riskLevel } : {}), ...(cardCountry ? { cardCountry } : {}) };
}

function captured(request: CaptureRequest, intent: Stripe.PaymentIntent): PaymentCapture {
  // Some methods keep processing after the capture: the money is on its way, and its webhook says how it ended.
  if (intent.status === "processing")
    return { paymentIntentId: intent.id, status: "pending", amountCaptured: 0, currency: request.currency };
  if (intent.status !== "succeeded") {
    throw terminalError(`cannot capture PaymentIntent ${intent.id}: it is ${intent.status}`, 422);
  }
  return { paymentIntentId: intent.id, status: "captured", amountCaptured: intent.amount_received, currency: request.currency };
}

function voided(intent: Stripe.PaymentIntent): PaymentVoid {
  if (intent.status !== "canceled") {
    throw terminalError(`cannot void PaymentIntent ${intent.id}: it is ${intent.status}`, 422);
  }
  return { paymentIntentId: intent.id, status: "voided" };
}

function refunded(request: RefundRequest, refund: Stripe.Refund): PaymentRefund {
  const result = (status: PaymentRefund["status"]) => ({
    refundId: refund.id,
    paymentIntentId: request.paymentIntentId,
    amount: refund.amount,
    currency: request.currency,
    status,
  });
  if (refund.status === "succeeded") return result("succeeded");
  if (refund.status === "pending" || refund.status === "requires_action") return result("pending");
  throw terminalError(`refund ${refund.id} ${refund.status ?? "has no status"}`, 422);
}

const STRIPE_REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;
const isStripeRefundReason = (reason: string): reason is (typeof STRIPE_REFUND_REASONS)[number] =>
  (STRIPE_REFUND_REASONS as readonly string[]).includes(reason);

const isUnexpectedState = (error: unknown) =>
  error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "payment_intent_unexpected_state";

function declineReason(code: string | undefined, declineCode: string | undefined): string {
  const main = code ?? "card_declined";
  return declineCode && declineCode !== main ? `${main} (${declineCode})` : main;
}

/** Stripe's answer in the terms of the provider contract (types.ts). */
export function classifyStripeError(error: unknown, operation: string): Error {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return transientError(`stripe ${operation} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const detail = clip(error.message);
  // The SDK makes every HTTP 402 a card error; only an error whose own type says so is a decline.
  if (error instanceof Stripe.errors.StripeCardError && error.rawType !== undefined && error.rawType !== "card_error") {
    return transientError(
      `stripe ${operation} failed with HTTP 402 (${error.rawType}): ${detail}`,
      parseRetryAfter(error.headers?.["retry-after"]),
    );
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    return terminalError(`payment declined: ${declineReason(error.code, error.decline_code)}`, 402, {
      ...(error.payment_intent?.id ? { paymentIntentId: error.payment_intent.id } : {}),
      ...(error.decline_code ? { declineCode: error.decline_code } : {}),
    });
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return terminalError(`stripe refused ${operation}: idempotency key reused with different parameters`, 400);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    return terminalError(`stripe rejected ${operation}: ${error.code ? `${error.code}: ` : ""}${detail}`, 400);
  }
  const retryAfter = parseRetryAfter(error.headers?.["retry-after"]);
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return transientError(`stripe rate-limited ${operation}`, retryAfter);
  }
  // Bad or revoked keys are ours to fix; retrying keeps orders alive until the key is rotated.
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return transientError(`stripe refused our credentials for ${operation} (HTTP ${error.statusCode}): check STRIPE_SECRET_KEY`);
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return transientError(`stripe ${operation} connection failed: ${detail}`);
  }
  return transientError(`stripe ${operation} failed with HTTP ${error.statusCode ?? "?"}: ${detail}`, retryAfter);
}
