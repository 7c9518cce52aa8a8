import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { TaxTable } from "./domain/tax.ts";
import { DatabaseEnv } from "./query/config.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const AppEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(9080),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** Production default is the real providers; `npm start` turns mocks on. */
  MOCK_MODE: bool.default(false),
  MOCK_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  MOCK_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Shared ledger file for the mocks, so tests and several endpoint processes see one history. */
  MOCK_LEDGER_FILE: z.string().min(1).optional(),
  /** Let the mocks post signed webhooks (async payments, tracking, email events) through the ingress. */
  MOCK_WEBHOOKS: bool.default(true),
  MOCK_ASYNC_PAYMENT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  MOCK_SHIPPING_STEP_MS: z.coerce.number().int().min(0).max(86_400_000).default(5_000),
  MOCK_EMAIL_EVENT_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  /** Where the mocks post their webhooks; `npm start` sets it to the embedded server. */
  RESTATE_INGRESS_URL: z.url("must be a URL such as http://127.0.0.1:8080").optional(),
  /** How long an order waits for an asynchronous payment (3-D Secure, bank debit) to settle. */
  ASYNC_PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30 * 60_000),
  /** How long a backordered order waits for stock before it is cancelled; shorter than a card authorization lives (~7 days). */
  BACKORDER_DEADLINE_MS: z.coerce.number().int().min(1_000).max(6 * 24 * 3_600_000, "must be under 6 days: card authorizations expire after about 7").default(5 * 24 * 3_600_000),
  /** How much more (in basis points of the quote) the shop absorbs when the carrier charges more for the label than it quoted. */
  SHIPPING_COST_TOLERANCE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  /** Days after delivery during which a customer may ask for a refund. */
  RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Customer refund requests up to this many minor units are approved at once; larger ones wait for an admin. */
  AUTO_APPROVE_REFUND_LIMIT: z.coerce.number().int().min(0).max(99_999_999).default(5_000),
  /** The tax table (docs/money.md); the project's own config/tax-rates.json unless set. */
  TAX_RATES_FILE: z.string().min(1).optional(),
  /** Maximum age of a signed webhook timestamp. */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Public keys (publickeyv1_…) of the Restate servers allowed to call this endpoint. */
  RESTATE_IDENTITY_KEYS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((k) => k.trim()).filter(Boolean) : [])),
}).extend(DatabaseEnv.shape);

export type AppConfig = z.infer<typeof AppEnv>;

/** Parses the environment; one error listing every bad variable, never their values. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable (as a .env file leaves it) means "not set".
  const parsed = AppEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== "")));
  if (!parsed.success) throw new ConfigError(parsed.error);
  return parsed.data;
}

export class ConfigError extends Error {
  constructor(error: z.ZodError) {
    super(
      `invalid configuration: ${error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
    this.name = "ConfigError";
  }
}

const DEFAULT_TAX_RATES = fileURLToPath(new URL("../config/tax-rates.json", import.meta.url));

/** Reads and validates the tax table; a broken file stops the process with one message naming the file and the rule. */
export function loadTaxTable(file = DEFAULT_TAX_RATES): TaxTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`invalid configuration: TAX_RATES_FILE ${file} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = TaxTable.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid configuration: TAX_RATES_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
