import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { ConfigError, problemsOf } from "../platform/config-error.ts";
import type { Address, EmailKind } from "./types.ts";

/**
 * Environment of the real providers (MOCK_MODE=false). Every variable is documented in
 * docs/providers.md. Validation errors name variables, never their values: these are secrets.
 */

export type RateStrategy = "cheapest" | "fastest" | "bestvalue";
export type BackoffShape = "exponential" | "linear" | "constant";

export interface BreakerConfig {
  /** Failures within `windowMs` that open the circuit. */
  failures: number;
  windowMs: number;
  /** How long the circuit stays open before one probe call is let through. */
  halfOpenAfterMs: number;
}

export interface ResilienceConfig {
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffShape;
  retryIntervalMs: number;
  /** null: no breaker for this provider. */
  breaker: BreakerConfig | null;
}

/** host/port/protocol for stripe-node, which takes no base URL. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: "http" | "https";
}

export interface ProviderConfig {
  stripe: { secretKey: string; webhookSecret: string; endpoint: StripeEndpoint | null };
  shippo: {
    apiKey: string;
    webhookToken: string;
    webhookSecret: string | null;
    apiBase: string | null;
    labelFileType: LabelFileType;
    rates: { standard: RateStrategy; express: RateStrategy };
    shipFrom: Address;
    parcelCm: { length: number; width: number; height: number };
  };
  sendgrid: {
    apiKey: string;
    webhookPublicKey: string;
    sandboxMode: boolean;
    apiBase: string | null;
    from: { email: string; name?: string };
    operatorEmail: string;
    templates: Partial<Record<EmailKind, string>>;
  };
  /** SMS is an optional channel: null when TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are unset. */
  twilio: { accountSid: string; authToken: string; from: string } | null;
  resilience: {
    payment: ResilienceConfig;
    shipping: ResilienceConfig;
    email: ResilienceConfig;
    sms: ResilienceConfig;
    /** Capture, void and refund: money that must move; retried until the authorization window closes. */
    settle: { maxRetryDurationMs: number; maxRetryIntervalMs: number };
  };
}

const LABEL_FILE_TYPES = ["PNG", "PNG_2.3x7.5", "PDF", "PDF_2.3x7.5", "PDF_4x6", "PDF_4x8", "PDF_A4", "PDF_A5", "PDF_A6", "ZPLII"] as const;
type LabelFileType = (typeof LABEL_FILE_TYPES)[number];

/** One variable per email kind; a Record so a new kind cannot be forgotten here. */
export const TEMPLATE_VARIABLES: Record<EmailKind, string> = {
  order_confirmation: "SENDGRID_TEMPLATE_ORDER_CONFIRMATION",
  shipping_notification: "SENDGRID_TEMPLATE_SHIPPING_NOTIFICATION",
  delivery_notification: "SENDGRID_TEMPLATE_DELIVERY_NOTIFICATION",
  cancellation: "SENDGRID_TEMPLATE_CANCELLATION",
  refund: "SENDGRID_TEMPLATE_REFUND",
  payment_failed: "SENDGRID_TEMPLATE_PAYMENT_FAILED",
  order_failed: "SENDGRID_TEMPLATE_ORDER_FAILED",
  low_stock_alert: "SENDGRID_TEMPLATE_LOW_STOCK_ALERT",
  operator_alert: "SENDGRID_TEMPLATE_OPERATOR_ALERT",
  purchase_order: "SENDGRID_TEMPLATE_PURCHASE_ORDER",
  welcome: "SENDGRID_TEMPLATE_WELCOME",
  back_in_stock: "SENDGRID_TEMPLATE_BACK_IN_STOCK",
};

const DAY_MS = 24 * 60 * 60_000;

// An empty variable counts as unset: `FOO=` in an .env file means "not configured".
const env = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);
const required = (pattern: RegExp, what: string) => env(z.string().regex(pattern, `must be ${what}`));
const ms = (fallback: number, min = 1) =>
  env(
    z.coerce
      .number({ message: "must be a number of milliseconds" })
      .int("must be an integer")
      .min(min, `must be at least ${min}`)
      .default(fallback),
  );
const count = (fallback: number, min = 0) =>
  env(
    z.coerce.number({ message: "must be a whole number" }).int("must be an integer").min(min, `must be at least ${min}`).default(fallback),
  );
const bool = (fallback: boolean) =>
  env(
    z.enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" }).default(fallback ? "true" : "false"),
  ).transform((v) => v === "true" || v === "1" || v === "yes");
const url = env(
  z
    .string()
    .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? ""), "must be an http(s) URL")
    .optional(),
);
const email = env(z.email({ message: "must be an email address" }));
const strategy = (fallback: RateStrategy) =>
  env(z.enum(["cheapest", "fastest", "bestvalue"], { message: "must be cheapest, fastest or bestvalue" }).default(fallback));
const backoff = (fallback: BackoffShape) =>
  env(z.enum(["exponential", "linear", "constant"], { message: "must be exponential, linear or constant" }).default(fallback));
const text = env(z.string());

const spkiP256 = env(z.string().refine(isP256PublicKey, "must be a base64 SPKI ECDSA P-256 public key"));

/** Timeouts, retries and breakers: needed by the saga's run policies even when mocks serve the providers. */
const ResilienceEnv = z.object({
  PAYMENT_CALL_TIMEOUT_MS: ms(30_000, 100),
  PAYMENT_MAX_RETRIES: count(3),
  PAYMENT_RETRY_BACKOFF: backoff("exponential"),
  PAYMENT_RETRY_INTERVAL_MS: ms(1_000),
  PAYMENT_BREAKER_FAILURES: count(5),
  PAYMENT_BREAKER_WINDOW_MS: ms(60_000),
  PAYMENT_BREAKER_HALF_OPEN_MS: ms(30_000),
  PAYMENT_SETTLE_RETRY_FOR_MS: ms(6 * DAY_MS, 60_000),
  PAYMENT_SETTLE_MAX_INTERVAL_MS: ms(5 * 60_000),

  SHIPPING_CALL_TIMEOUT_MS: ms(15_000, 100),
  SHIPPING_MAX_RETRIES: count(2),
  SHIPPING_RETRY_BACKOFF: backoff("exponential"),
  SHIPPING_RETRY_INTERVAL_MS: ms(1_000),
  SHIPPING_BREAKER_FAILURES: count(10),
  SHIPPING_BREAKER_WINDOW_MS: ms(5 * 60_000),
  SHIPPING_BREAKER_HALF_OPEN_MS: ms(60_000),

  EMAIL_CALL_TIMEOUT_MS: ms(10_000, 100),
  EMAIL_MAX_RETRIES: count(3),
  EMAIL_RETRY_BACKOFF: backoff("linear"),
  EMAIL_RETRY_INTERVAL_MS: ms(2_000),
  EMAIL_BREAKER_FAILURES: count(0),
  EMAIL_BREAKER_WINDOW_MS: ms(60_000),
  EMAIL_BREAKER_HALF_OPEN_MS: ms(30_000),

  SMS_CALL_TIMEOUT_MS: ms(10_000, 100),
  SMS_MAX_RETRIES: count(3),
  SMS_RETRY_BACKOFF: backoff("linear"),
  SMS_RETRY_INTERVAL_MS: ms(2_000),
  SMS_BREAKER_FAILURES: count(5),
  SMS_BREAKER_WINDOW_MS: ms(60_000),
  SMS_BREAKER_HALF_OPEN_MS: ms(30_000),
});

const Env = ResilienceEnv.extend({
  STRIPE_SECRET_KEY: required(/^(sk|rk)_(test|live)_\S+$/, "a Stripe secret or restricted key (sk_… or rk_…)"),
  STRIPE_WEBHOOK_SECRET: required(/^whsec_\S+$/, "a Stripe webhook signing secret (whsec_…)"),
  // stripe-node takes host, port and protocol, never a path.
  STRIPE_API_BASE: env(
    z
      .string()
      .refine((v) => /^https?:$/.test(safeUrl(v)?.protocol ?? "") && safeUrl(v)?.pathname === "/", "must be an http(s) URL without a path")
      .optional(),
  ),
  SHIPPO_API_KEY: required(/^shippo_(test|live)_\S+$/, "a Shippo API token (shippo_test_… or shippo_live_…)"),
  SHIPPO_WEBHOOK_TOKEN: required(/^\S{16,}$/, "at least 16 characters without spaces"),
  SHIPPO_WEBHOOK_SECRET: env(z.string().regex(/^\S+$/, "must not contain spaces").optional()),
  SHIPPO_API_BASE: url,
  SHIPPO_LABEL_FILE_TYPE: env(z.enum(LABEL_FILE_TYPES, { message: `must be one of ${LABEL_FILE_TYPES.join(", ")}` }).default("PDF_4x6")),
  SHIPPING_RATE_STANDARD: strategy("cheapest"),
  SHIPPING_RATE_EXPRESS: strategy("fastest"),
  SHIP_FROM_NAME: text,
  SHIP_FROM_STREET: text,
  SHIP_FROM_CITY: text,
  SHIP_FROM_STATE: text,
  SHIP_FROM_ZIP: text,
  SHIP_FROM_COUNTRY: env(
    z
      .string()
      .regex(/^[A-Z]{2}$/, "must be a two-letter ISO country code")
      .default("US"),
  ),
  SHIP_PARCEL_DIMENSIONS_CM: env(
    z
      .string()
      .regex(/^\d+(\.\d+)?x\d+(\.\d+)?x\d+(\.\d+)?$/, "must be LENGTHxWIDTHxHEIGHT in cm, e.g. 30x20x10")
      .default("30x20x10"),
  ),
  SENDGRID_API_KEY: required(/^SG\.\S+$/, "a SendGrid API key (SG.…)"),
  SENDGRID_WEBHOOK_PUBLIC_KEY: spkiP256,
  SENDGRID_SANDBOX_MODE: bool(false),
  SENDGRID_API_BASE: url,
  EMAIL_FROM: email,
  EMAIL_FROM_NAME: env(z.string().min(1).optional()),
  OPERATOR_EMAIL: email,
  TWILIO_ACCOUNT_SID: env(
    z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, "must be a Twilio Account SID (AC followed by 32 hex digits)")
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: env(
    z
      .string()
      .regex(/^\S{16,}$/, "must be a Twilio auth token")
      .optional(),
  ),
  TWILIO_FROM: env(
    z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/, "must be a sending number in E.164 (+15551234567) or a Messaging Service SID (MG…)")
      .optional(),
  ),
}).refine(
  (e) =>
    [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM].every((v) => v === undefined) ||
    [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM].every((v) => v !== undefined),
  { path: ["TWILIO_FROM"], message: "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together: set all three for SMS, or none" },
);

const templateId = z.string().regex(/^d-[A-Za-z0-9]+$/);

/** Parses the provider environment; throws one Error naming every bad or missing variable. */
export function loadProviderConfig(source: Record<string, string | undefined> = process.env): ProviderConfig {
  const templates: Partial<Record<EmailKind, string>> = {};
  const problems: string[] = [];
  for (const [kind, name] of Object.entries(TEMPLATE_VARIABLES) as Array<[EmailKind, string]>) {
    const value = source[name];
    if (value === undefined || value === "") continue;
    if (templateId.safeParse(value).success) templates[kind] = value;
    else problems.push(`${name} must be a SendGrid dynamic template id (d-…)`);
  }
  const knownTemplates = new Set(Object.values(TEMPLATE_VARIABLES));
  for (const name of Object.keys(source)) {
    if (name.startsWith("SENDGRID_TEMPLATE_") && !knownTemplates.has(name)) problems.push(`${name} names no email kind`);
  }
  return toConfig(parse(Env, source, problems), templates);
}

/** Only the resilience knobs (all have defaults): what run-policies.ts needs, with or without real providers. */
export function loadResilienceConfig(source: Record<string, string | undefined> = process.env): ProviderConfig["resilience"] {
  return toResilience(parse(ResilienceEnv, source, []));
}

function parse<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>, problems: string[]): z.infer<T> {
  const parsed = schema.safeParse(source);
  // A missing variable reads "is required" whatever its schema would have said about a bad value.
  const all = [...(parsed.success ? [] : problemsOf(parsed.error, source)), ...problems];
  if (!parsed.success || all.length > 0) throw new ConfigError(all, "invalid provider configuration");
  return parsed.data;
}

function toConfig(e: z.infer<typeof Env>, templates: Partial<Record<EmailKind, string>>): ProviderConfig {
  const [length, width, height] = e.SHIP_PARCEL_DIMENSIONS_CM.split("x").map(Number) as [number, number, number];
  return {
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      endpoint: e.STRIPE_API_BASE ? stripeEndpoint(e.STRIPE_API_BASE) : null,
    },
    shippo: {
      apiKey: e.SHIPPO_API_KEY,
      webhookToken: e.SHIPPO_WEBHOOK_TOKEN,
      webhookSecret: e.SHIPPO_WEBHOOK_SECRET ?? null,
      apiBase: e.SHIPPO_API_BASE ?? null,
      labelFileType: e.SHIPPO_LABEL_FILE_TYPE,
      rates: { standard: e.SHIPPING_RATE_STANDARD, express: e.SHIPPING_RATE_EXPRESS },
      shipFrom: {
        name: e.SHIP_FROM_NAME,
        street: e.SHIP_FROM_STREET,
        city: e.SHIP_FROM_CITY,
        state: e.SHIP_FROM_STATE,
        zip: e.SHIP_FROM_ZIP,
        country: e.SHIP_FROM_COUNTRY,
      },
      parcelCm: { length, width, height },
    },
    sendgrid: {
      apiKey: e.SENDGRID_API_KEY,
      webhookPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY,
      sandboxMode: e.SENDGRID_SANDBOX_MODE,
      apiBase: e.SENDGRID_API_BASE ?? null,
      from: e.EMAIL_FROM_NAME ? { email: e.EMAIL_FROM, name: e.EMAIL_FROM_NAME } : { email: e.EMAIL_FROM },
      operatorEmail: e.OPERATOR_EMAIL,
      templates,
    },
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM }
        : null,
    resilience: toResilience(e),
  };
}

function toResilience(e: z.infer<typeof ResilienceEnv>): ProviderConfig["resilience"] {
  return {
    payment: resilience(
      e.PAYMENT_CALL_TIMEOUT_MS,
      e.PAYMENT_MAX_RETRIES,
      e.PAYMENT_RETRY_BACKOFF,
      e.PAYMENT_RETRY_INTERVAL_MS,
      e.PAYMENT_BREAKER_FAILURES,
      e.PAYMENT_BREAKER_WINDOW_MS,
      e.PAYMENT_BREAKER_HALF_OPEN_MS,
    ),
    shipping: resilience(
      e.SHIPPING_CALL_TIMEOUT_MS,
      e.SHIPPING_MAX_RETRIES,
      e.SHIPPING_RETRY_BACKOFF,
      e.SHIPPING_RETRY_INTERVAL_MS,
      e.SHIPPING_BREAKER_FAILURES,
      e.SHIPPING_BREAKER_WINDOW_MS,
      e.SHIPPING_BREAKER_HALF_OPEN_MS,
    ),
    email: resilience(
      e.EMAIL_CALL_TIMEOUT_MS,
      e.EMAIL_MAX_RETRIES,
      e.EMAIL_RETRY_BACKOFF,
      e.EMAIL_RETRY_INTERVAL_MS,
      e.EMAIL_BREAKER_FAILURES,
      e.EMAIL_BREAKER_WINDOW_MS,
      e.EMAIL_BREAKER_HALF_OPEN_MS,
    ),
    sms: resilience(
      e.SMS_CALL_TIMEOUT_MS,
      e.SMS_MAX_RETRIES,
      e.SMS_RETRY_BACKOFF,
      e.SMS_RETRY_INTERVAL_MS,
      e.SMS_BREAKER_FAILURES,
      e.SMS_BREAKER_WINDOW_MS,
      e.SMS_BREAKER_HALF_OPEN_MS,
    ),
    settle: { maxRetryDurationMs: e.PAYMENT_SETTLE_RETRY_FOR_MS, maxRetryIntervalMs: e.PAYMENT_SETTLE_MAX_INTERVAL_MS },
  };
}

function resilience(
  timeoutMs: number,
  maxRetries: number,
  backoff: BackoffShape,
  retryIntervalMs: number,
  failures: number,
  windowMs: number,
  halfOpenAfterMs: number,
): ResilienceConfig {
  return { timeoutMs, maxRetries, backoff, retryIntervalMs, breaker: failures > 0 ? { failures, windowMs, halfOpenAfterMs } : null };
}

function stripeEndpoint(base: string): StripeEndpoint {
  const parsed = new URL(base);
  const protocol = parsed.protocol === "http:" ? "http" : "https";
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : protocol === "http" ? 80 : 443, protocol };
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function isP256PublicKey(value: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(value, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}
