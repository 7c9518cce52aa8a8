import { contractChecker } from "../contracts/checker.ts";
import { type FakeResponse, type FakeServer, formOf, type RecordedRequest, startFakeServer } from "./fake-server.ts";

/**
 * Stripe's PaymentIntents and Refunds, in memory, as stripe-node 23 talks to them: form bodies,
 * Bearer auth, Idempotency-Key replay (same key + same body → the saved answer; different body →
 * 400 idempotency_error). Outcomes follow Stripe's test payment methods:
 *   pm_card_visa (and any other)            → requires_capture
 *   pm_card_chargeDeclined                  → 402 card_declined (generic_decline)
 *   pm_card_chargeDeclinedInsufficientFunds → 402 card_declined (insufficient_funds)
 *   pm_card_chargeDeclinedExpiredCard       → 402 expired_card
 *   pm_card_authenticationRequired          → requires_action (3-D Secure)
 *   pm_fake_processing                      → processing (fake only: an asynchronous method)
 *   pm_fake_capturedAtOnce                  → succeeded at confirmation (fake only: captured at once)
 * Injected faults (failNext, stallNext) are front-door failures and are not saved under the key;
 * real Stripe does save a 500 that happened while executing and replays it for 24 h.
 */

export interface FakePaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  amount_capturable: number;
  currency: string;
  status: string;
  capture_method: string;
  payment_method: string | null;
  metadata: Record<string, string>;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
  /** The charge's id, or the charge itself when the request asked `expand[]=latest_charge`. */
  latest_charge: string | FakeCharge | null;
}

/** The parts of a Charge risk screening reads: Radar's outcome and the card's issuing country. */
export interface FakeCharge {
  id: string;
  object: "charge";
  outcome: { type: string; risk_level: string; network_status: string };
  payment_method_details: { type: "card"; card: { country: string } };
}

/** Stripe's test methods whose charge Radar scores above normal. */
const RISK_LEVELS: Record<string, string> = { pm_card_riskLevelElevated: "elevated", pm_card_riskLevelHighest: "highest" };

export interface FakeRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  status: string;
  reason: string | null;
  metadata: Record<string, string>;
}

export interface FakeStripe extends FakeServer {
  secretKey: string;
  paymentIntents: Map<string, FakePaymentIntent>;
  refunds: Map<string, FakeRefund>;
  /** Requests that would change something (POST), in order. */
  posts(): RecordedRequest[];
  /** Status of the refunds created from now on (default succeeded). */
  setRefundStatus(status: "succeeded" | "pending" | "failed"): void;
  /** What captures leave their PaymentIntent in from now on: succeeded (default) or processing (some methods settle later). */
  setCaptureStatus(status: "succeeded" | "processing"): void;
  /** The amount refunds answer from now on, whatever was asked; undefined: what was asked. */
  setRefundAmount(amount: number | undefined): void;
}

const DECLINES: Record<string, { code: string; decline_code: string; message: string }> = {
  pm_card_chargeDeclined: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: "card_declined",
    decline_code: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  pm_card_chargeDeclinedExpiredCard: { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." },
};

export async function startFakeStripe(options: { secretKey?: string } = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? "sk_test_fake_stripe_key";
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const refunds = new Map<string, FakeRefund>();
  const saved = new Map<string, { fingerprint: string; response: FakeResponse }>();
  let refundStatus = "succeeded";
  /** When set, refunds answer this amount whatever was asked (the spec allows any integer; Prism answered 0). */
  let refundAmount: number | undefined;
  let captureStatus: "succeeded" | "processing" = "succeeded";
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_fake${String(++sequence).padStart(6, "0")}`;

  const handle = (request: RecordedRequest): FakeResponse => {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return error(401, "invalid_request_error", "Invalid API Key provided.", { code: "api_key_invalid" });
    }
    if (request.method !== "POST") return route(request);
    const key = String(request.headers["idempotency-key"] ?? "");
    const fingerprint = `${request.path} ${request.body}`;
    const earlier = saved.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return error(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
        );
      }
      return { ...earlier.response, headers: { ...earlier.response.headers, "idempotent-replayed": "true" } };
    }
    const response = withHeaders(route(request), key);
    if (key && response.status !== 401 && response.status !== 409 && response.status !== 429) saved.set(key, { fingerprint, response });
    return response;
  };

  const route = (request: RecordedRequest): FakeResponse => {
    const form = formOf(request);
    const parts = request.path.split("/").filter(Boolean);
    if (request.method === "POST" && request.path === "/v1/payment_intents") return createIntent(form);
    if (request.method === "POST" && request.path === "/v1/refunds") return createRefund(form);
    if (parts[0] === "v1" && parts[1] === "payment_intents" && parts[2]) {
      const intent = paymentIntents.get(parts[2]);
      if (!intent)
        return error(404, "invalid_request_error", `No such payment_intent: '${parts[2]}'`, { code: "resource_missing", param: "intent" });
      if (request.method === "GET" && parts.length === 3) return ok(intent);
      if (request.method === "POST" && parts[3] === "capture") return capture(intent, form);
      if (request.method === "POST" && parts[3] === "cancel") return cancel(intent, form);
    }
    return error(404, "invalid_request_error", `Unrecognized request URL (${request.method}: ${request.path}).`);
  };

  const createIntent = (form: Record<string, string>): FakeResponse => {
    if ("payment_method_types[0]" in form) {
      return error(400, "invalid_request_error", "Received unknown parameter: payment_method_types", { param: "payment_method_types" });
    }
    const amount = Number(form.amount);
    if (!Number.isInteger(amount) || amount < 1 || !form.currency) {
      return error(400, "invalid_request_error", "Missing required param: amount or currency.", { code: "parameter_missing" });
    }
    const confirm = form.confirm === "true";
    if (confirm && form["automatic_payment_methods[enabled]"] !== "true" && !form["allowed_payment_method_types[0]"] && !form.return_url) {
      return error(
        400,
        "invalid_request_error",
        "A return_url must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard.",
      );
    }
    const metadata = bracketed(form, "metadata");
    const intent: FakePaymentIntent = {
      id: nextId("pi"),
      object: "payment_intent",
      amount,
      amount_received: 0,
      amount_capturable: 0,
      currency: form.currency,
      status: confirm ? "requires_capture" : "requires_confirmation",
      capture_method: form.capture_method ?? "automatic",
      payment_method: form.payment_method ?? null,
      metadata,
      last_payment_error: null,
      latest_charge: null,
    };
    paymentIntents.set(intent.id, intent);
    if (!confirm) return ok(intent);
    const decline = DECLINES[intent.payment_method ?? ""];
    if (decline) {
      intent.status = "requires_payment_method";
      intent.last_payment_error = decline;
      return error(402, "card_error", decline.message, { code: decline.code, decline_code: decline.decline_code, payment_intent: intent });
    }
    // A charge exists once the card was charged or authorized; a 3-D Secure intent waiting for the customer has none yet.
    if (intent.payment_method !== "pm_card_authenticationRequired") {
      const charge: FakeCharge = {
        id: nextId("ch"),
        object: "charge",
        outcome: {
          type: "authorized",
          risk_level: RISK_LEVELS[intent.payment_method ?? ""] ?? "normal",
          network_status: "approved_by_network",
        },
        // Stripe's country cards (pm_card_de, …) are issued there; the others here in the US.
        payment_method_details: {
          type: "card",
          card: { country: /^pm_card_([a-z]{2})$/.exec(intent.payment_method ?? "")?.[1]?.toUpperCase() ?? "US" },
        },
      };
      intent.latest_charge = form["expand[0]"] === "latest_charge" ? charge : charge.id;
    }
    if (intent.payment_method === "pm_card_authenticationRequired") intent.status = "requires_action";
    else if (intent.payment_method === "pm_fake_processing") intent.status = "processing";
    else if (intent.payment_method === "pm_fake_capturedAtOnce") Object.assign(intent, { status: "succeeded", amount_received: amount });
    else if (intent.capture_method === "manual") intent.amount_capturable = amount;
    else {
      intent.status = "succeeded";
      intent.amount_received = amount;
    }
    return ok(intent);
  };

  const capture = (intent: FakePaymentIntent, form: Record<string, string>): FakeResponse => {
    if (intent.status !== "requires_capture") return unexpectedState(intent, "captured");
    const amount = form.amount_to_capture === undefined ? intent.amount : Number(form.amount_to_capture);
    if (!Number.isInteger(amount) || amount < 1 || amount > intent.amount_capturable) {
      return error(400, "invalid_request_error", "The amount to capture must be at most the amount capturable.", {
        code: "amount_too_large",
        param: "amount_to_capture",
      });
    }
    Object.assign(
      intent,
      captureStatus === "processing"
        ? { status: "processing", amount_capturable: 0 }
        : { status: "succeeded", amount_received: amount, amount_capturable: 0 },
    );
    Object.assign(intent.metadata, bracketed(form, "metadata"));
    return ok(intent);
  };

  const cancel = (intent: FakePaymentIntent, form: Record<string, string>): FakeResponse => {
    if (intent.status === "succeeded" || intent.status === "canceled") return unexpectedState(intent, "canceled");
    Object.assign(intent, { status: "canceled", amount_capturable: 0, cancellation_reason: form.cancellation_reason ?? null });
    return ok(intent);
  };

  const createRefund = (form: Record<string, string>): FakeResponse => {
    const intent = paymentIntents.get(form.payment_intent ?? "");
    if (!intent)
      return error(400, "invalid_request_error", `No such payment_intent: '${form.payment_intent}'`, { code: "resource_missing" });
    if (intent.status !== "succeeded") {
      return error(400, "invalid_request_error", "This PaymentIntent does not have a successful charge to refund.", {
        code: "charge_not_refundable",
      });
    }
    const refunded = [...refunds.values()]
      .filter((r) => r.payment_intent === intent.id && r.status !== "failed")
      .reduce((sum, r) => sum + r.amount, 0);
    const amount = form.amount === undefined ? intent.amount_received - refunded : Number(form.amount);
    if (!Number.isInteger(amount) || amount < 1 || refunded + amount > intent.amount_received) {
      return error(
        400,
        "invalid_request_error",
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${intent.amount_received - refunded}).`,
        { code: "amount_too_large" },
      );
    }
    const refund: FakeRefund = {
      id: nextId("re"),
      object: "refund",
      amount: refundAmount ?? amount,
      currency: intent.currency,
      payment_intent: intent.id,
      status: refundStatus,
      reason: form.reason ?? null,
      metadata: bracketed(form, "metadata"),
    };
    refunds.set(refund.id, refund);
    return ok(refund);
  };

  const server = await startFakeServer(
    handle,
    (status, message) => ({
      error: {
        type: status === 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error",
        message: message ?? `injected HTTP ${status}`,
      },
    }),
    contractChecker("stripe"),
  );
  return Object.assign(server, {
    secretKey,
    paymentIntents,
    refunds,
    posts: () => server.requests.filter((r) => r.method === "POST"),
    setRefundStatus: (status: "succeeded" | "pending" | "failed") => {
      refundStatus = status;
    },
    setCaptureStatus: (status: "succeeded" | "processing") => {
      captureStatus = status;
    },
    setRefundAmount: (amount: number | undefined) => {
      refundAmount = amount;
    },
  });
}

const ok = (body: unknown): FakeResponse => ({ status: 200, body: structuredClone(body) });

function error(status: number, type: string, message: string, extra: Record<string, unknown> = {}): FakeResponse {
  return { status, body: { error: { type, message, ...structuredClone(extra) } } };
}

const unexpectedState = (intent: FakePaymentIntent, action: string) =>
  error(400, "invalid_request_error", `This PaymentIntent could not be ${action} because it has a status of ${intent.status}.`, {
    code: "payment_intent_unexpected_state",
    payment_intent: intent,
  });

function withHeaders(response: FakeResponse, key: string): FakeResponse {
  return {
    ...response,
    headers: {
      ...response.headers,
      "request-id": `req_${Math.random().toString(36).slice(2, 10)}`,
      ...(key ? { "idempotency-key": key } : {}),
    },
  };
}

/** metadata[orderId]=x → { orderId: "x" } */
function bracketed(form: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    const match = new RegExp(`^${prefix}\\[([^\\]]+)\\]$`).exec(name);
    if (match?.[1]) out[match[1]] = value;
  }
  return out;
}
