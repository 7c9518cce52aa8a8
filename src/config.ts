import { z } from "zod";

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
  /** How far a signed webhook timestamp may be from now, in either direction. */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Web origins whose pages may call handlers through the ingress (browsers send `Origin`); none by default. */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((o) => o.trim()).filter(Boolean) : []))
    .pipe(z.array(origin)),
  /** Public keys (publickeyv1_…) of the Restate servers allowed to call this endpoint. */
  RESTATE_IDENTITY_KEYS: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((k) => k.trim()).filter(Boolean) : [])),
});

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
