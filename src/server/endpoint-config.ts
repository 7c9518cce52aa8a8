import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { RISK_ACTIONS, type RiskRules } from "../orders/domain/risk.ts";
import { ConfigError, problemsOf, setVariables } from "../platform/config-error.ts";
import { LOG_FORMATS, LOG_LEVELS } from "../platform/log-format.ts";
import { MetricsToken } from "../platform/metrics/metrics-bearer.ts";
import { CallerKeys } from "../platform/restate/caller-signature.ts";
import { LoyaltyProgram } from "../pricing/domain/loyalty.ts";
import { TaxTable } from "../pricing/domain/tax.ts";
import { loadProviderConfig } from "../providers/provider-config.ts";

/** A TCP port; 0 lets the system choose one. */
export const port = (min = 0) =>
  z.coerce
    .number({ message: `must be a port number (${min}–65535)` })
    .int(`must be a port number (${min}–65535)`)
    .min(min, `must be a port number (${min}–65535)`)
    .max(65535, `must be a port number (${min}–65535)`);

import { DatabaseEnv } from "../platform/database/database-config.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** `https://shop.example.com`: scheme, host and port, nothing else (what browsers send as `Origin`). */
const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, "must list origins such as https://shop.example.com (scheme, host, optional port; no path or trailing slash)");

const riskAction = z.enum(RISK_ACTIONS, { message: `must be one of ${RISK_ACTIONS.join(", ")}` });

export const AppEnv = z
  .object({
    PORT: port().default(9080),
    /** Where the service endpoint listens: an IP address or a host name. */
    HOST: z
      .union([z.ipv4(), z.ipv6(), z.hostname()], { message: "must be an IP address or a host name, such as 0.0.0.0 or 127.0.0.1" })
      .default("0.0.0.0"),
    LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
    /** json or pretty; unset: pretty when stdout is a terminal, JSON otherwise (src/platform/logging.ts reads it). */
    LOG_FORMAT: z.enum(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(", ")}` }).optional(),
    /** Production default is the real providers; `npm start` turns mocks on. */
    MOCK_MODE: bool.default(false),
    MOCK_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
    MOCK_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    /** Shared ledger file for the mocks, so tests and several endpoint processes see one history. */
    MOCK_LEDGER_FILE: z.string().min(1).optional(),
    /** Let the mocks post signed webhooks (async payments, tracking, email events) through the ingress. */
    MOCK_WEBHOOKS: bool.default(true),
    /**
     * MOCK_MODE: the secret the mock providers' webhook credentials are derived from. Every process that
     * signs or verifies mock callbacks needs the same one; unset, each process makes its own.
     */
    MOCK_WEBHOOK_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    MOCK_ASYNC_PAYMENT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
    MOCK_SHIPPING_STEP_MS: z.coerce.number().int().min(0).max(86_400_000).default(5_000),
    MOCK_EMAIL_EVENT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
    /** Where the mocks post their webhooks; `npm start` sets it to the embedded server. */
    RESTATE_INGRESS_URL: z.url("must be a URL such as http://127.0.0.1:8080").optional(),
    /** How long an order holds its stock waiting for an asynchronous payment (3-D Secure, bank debit); then it is voided and the stock released. */
    ASYNC_PAYMENT_HOLD_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000),
    /** How often an order looks up a label the carrier queued when no transaction webhook told it sooner. */
    LABEL_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** How long an order waits for a label the carrier queued before it fails and is compensated. */
    LABEL_QUEUE_WAIT_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(86_400_000)
      .default(2 * 3_600_000),
    /** How long a backordered order waits for stock before it is cancelled; shorter than a card authorization lives (~7 days). */
    BACKORDER_DEADLINE_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(6 * 24 * 3_600_000, "must be under 6 days: card authorizations expire after about 7")
      .default(5 * 24 * 3_600_000),
    /** How much more (in basis points of the quote) the shop absorbs when the carrier charges more for the label than it quoted. */
    SHIPPING_COST_TOLERANCE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
    /** Days after delivery during which a customer may ask for a refund. */
    RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    /** What a customer may be refunded without an admin over an order's whole life, in minor units. */
    AUTO_APPROVE_REFUND_LIMIT: z.coerce.number().int().min(0).max(99_999_999).default(5_000),
    /** Orders one customer may have waiting for an asynchronous payment (each holds stock); the next checkout is refused. */
    MAX_ORDERS_AWAITING_PAYMENT: z.coerce.number().int().min(1).max(100).default(2),
    /** How the shop names itself to suppliers (purchase orders). */
    SHOP_NAME: z.string().trim().min(1).max(100).default("restate-commerce"),
    /** Where buyers open the shop (the HTTP API's public URL): a guest order's confirmation email links to its page there. */
    SHOP_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://shop.example.com" })
      .default("http://127.0.0.1:3000"),
    /** How often the replenishment scan looks for low stock and drafts purchase orders (daily by default). */
    REPLENISHMENT_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(30 * 86_400_000)
      .default(86_400_000),
    /** Risk screening (docs/configuration.md): what each rule does when it fires — allow, review or refuse. */
    RISK_VELOCITY_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .max(30 * 86_400_000)
      .default(3_600_000),
    RISK_MAX_ORDERS_PER_CUSTOMER: z.coerce.number().int().min(1).max(1_000_000).default(10),
    RISK_MAX_ORDERS_PER_EMAIL: z.coerce.number().int().min(1).max(1_000_000).default(10),
    RISK_MAX_ORDERS_PER_CARD: z.coerce.number().int().min(1).max(1_000_000).default(5),
    RISK_ORDER_VELOCITY_ACTION: riskAction.default("review"),
    RISK_MAX_FAILED_PAYMENTS: z.coerce.number().int().min(1).max(1_000_000).default(5),
    RISK_FAILED_PAYMENT_ACTION: riskAction.default("refuse"),
    RISK_COUNTRY_MISMATCH_ACTION: riskAction.default("review"),
    RISK_NEW_ACCOUNT_AGE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(365 * 86_400_000)
      .default(86_400_000),
    RISK_NEW_ACCOUNT_MAX_AMOUNT: z.coerce.number().int().min(0).max(99_999_999).default(250_000),
    RISK_NEW_ACCOUNT_ACTION: riskAction.default("review"),
    RISK_RADAR_ELEVATED_ACTION: riskAction.default("review"),
    RISK_RADAR_HIGHEST_ACTION: riskAction.default("refuse"),
    /** How long an order waits in review for an admin; then it is rejected (voided, stock released). Under the ~7 days an authorization lives. */
    RISK_REVIEW_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(6 * 24 * 3_600_000, "must be under 6 days: card authorizations expire after about 7")
      .default(3 * 24 * 3_600_000),
    /** Outbound webhooks: the key every subscription's signing secret is derived from (≥ 32 characters). */
    EVENTS_SIGNING_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    /** Outbound webhooks: the first retry delay (each next one 3× longer, at most 12 h) and the number of attempts. */
    EVENT_RETRY_INITIAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(14),
    /** Outbound webhooks may go to loopback, private and link-local addresses (development, tests); refused by default. */
    EVENTS_ALLOW_PRIVATE_URLS: bool.default(false),
    /** A Slack-compatible incoming webhook URL for operator alerts. */
    SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    /** The tax table (docs/money.md); the project's own config/tax-rates.json unless set. */
    TAX_RATES_FILE: z.string().min(1).optional(),
    /** The loyalty tiers (docs/money.md); the project's own config/loyalty-tiers.json unless set. */
    LOYALTY_TIERS_FILE: z.string().min(1).optional(),
    /** How far a signed webhook timestamp may be from now, in either direction. */
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** Web origins whose pages may call handlers through the ingress (browsers send `Origin`); none by default. */
    CORS_ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((o) => o.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(origin)),
    /** Where this endpoint process serves its Prometheus metrics (plain HTTP/1, on HOST); unset: not served. */
    METRICS_PORT: port().optional(),
    /** When set, a scrape of METRICS_PORT must come with `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: MetricsToken,
    /**
     * The API's credential: handlers that grant identity or move money accept only calls signed with it
     * (src/platform/restate/api-caller.ts). Required in production (checkConfiguration); unset, they refuse every call.
     */
    API_CALLER_KEY: CallerKeys.optional(),
    /** Public keys (publickeyv1_…) of the Restate servers allowed to call this endpoint. */
    RESTATE_IDENTITY_KEYS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((k) => k.trim())
              .filter(Boolean)
          : [],
      ),
  })
  .extend(DatabaseEnv.shape);

export type AppConfig = z.infer<typeof AppEnv>;

/** Parses the environment; one error listing every bad variable, never their values. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const source = setVariables(env);
  const parsed = AppEnv.safeParse(source);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error, source));
  return parsed.data;
}

/**
 * Everything a process reads from its environment, checked before it starts anything: the service's
 * variables, the real providers' when MOCK_MODE is off, and `extra` (the launcher's own). One error
 * names every bad variable, never a value.
 */
export function checkConfiguration<T extends z.ZodType = z.ZodObject<Record<string, never>>>(
  env: NodeJS.ProcessEnv,
  extra?: T,
): { app: AppConfig; extra: z.infer<T> } {
  const source = setVariables(env);
  const app = AppEnv.safeParse(source);
  const more = (extra ?? z.object({})).safeParse(source);
  const problems = [...(app.success ? [] : problemsOf(app.error, source)), ...(more.success ? [] : problemsOf(more.error, source))];
  const mockMode = app.success ? app.data.MOCK_MODE : AppEnv.shape.MOCK_MODE.safeParse(source.MOCK_MODE).data;
  if (mockMode === false) {
    // Production: without it, no sign-in, refund or checkout could work; say so before serving.
    if (source.API_CALLER_KEY === undefined)
      problems.push("API_CALLER_KEY is required with MOCK_MODE=false (the HTTP API's key, at least 32 bytes)");
    try {
      loadProviderConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (!app.success || !more.success || problems.length > 0) throw new ConfigError(problems);
  return { app: app.data, extra: more.data as z.infer<T> };
}

const projectFile = (name: string) => fileURLToPath(new URL(`../../config/${name}`, import.meta.url));

/** Reads and validates a JSON configuration file; a broken one stops the process with one message naming the variable, the file and the rule. */
function loadJsonConfig<T extends z.ZodType>(variable: string, file: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError([`${variable} ${file} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError([`${variable} ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`]);
  return parsed.data;
}

export const loadTaxTable = (file = projectFile("tax-rates.json")): TaxTable => loadJsonConfig("TAX_RATES_FILE", file, TaxTable);
export const loadLoyaltyProgram = (file = projectFile("loyalty-tiers.json")): LoyaltyProgram =>
  loadJsonConfig("LOYALTY_TIERS_FILE", file, LoyaltyProgram);

/** The risk rules of the configuration, as the domain reads them. */
export const riskRulesOf = (config: AppConfig): RiskRules => ({
  velocityWindowMs: config.RISK_VELOCITY_WINDOW_MS,
  maxOrdersPerCustomer: config.RISK_MAX_ORDERS_PER_CUSTOMER,
  maxOrdersPerEmail: config.RISK_MAX_ORDERS_PER_EMAIL,
  maxOrdersPerCard: config.RISK_MAX_ORDERS_PER_CARD,
  orderVelocityAction: config.RISK_ORDER_VELOCITY_ACTION,
  maxFailedPayments: config.RISK_MAX_FAILED_PAYMENTS,
  failedPaymentAction: config.RISK_FAILED_PAYMENT_ACTION,
  countryMismatchAction: config.RISK_COUNTRY_MISMATCH_ACTION,
  newAccountAgeMs: config.RISK_NEW_ACCOUNT_AGE_MS,
  newAccountMaxAmount: config.RISK_NEW_ACCOUNT_MAX_AMOUNT,
  newAccountAction: config.RISK_NEW_ACCOUNT_ACTION,
  radarElevatedAction: config.RISK_RADAR_ELEVATED_ACTION,
  radarHighestAction: config.RISK_RADAR_HIGHEST_ACTION,
});
