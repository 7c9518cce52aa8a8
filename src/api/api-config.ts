import { availableParallelism } from "node:os";
import { z } from "zod";
import { MAX_REUSE_GRACE_SECONDS, Password } from "../customers/domain/customer.ts";
import { ConfigError, problemsOf, setVariables } from "../platform/config-error.ts";
import { DatabaseEnv } from "../platform/database/database-config.ts";
import { LOG_FORMATS, logFormat } from "../platform/log-format.ts";
import { MetricsToken } from "../platform/metrics/metrics-bearer.ts";
import { CallerKeys } from "../platform/restate/caller-signature.ts";

const count = (fallback: number, max = 1_000_000) =>
  z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(max).default(fallback);
const seconds = (fallback: number, min: number, max: number) =>
  z.coerce
    .number()
    .int("must be a whole number of seconds")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const ApiEnv = z
  .object({
    API_PORT: z.coerce.number().int().min(0).max(65535, "must be a port number (0-65535)").default(3000),
    /** Every interface by default: the API is the public face. `npm start` binds loopback. */
    API_HOST: z.string().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    /** Readable lines in a terminal, JSON lines otherwise, unless set. */
    LOG_FORMAT: z
      .enum(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(", ")}` })
      .optional()
      .transform((v) => logFormat(v)),
    RESTATE_INGRESS_URL: z.url("must be a URL such as http://127.0.0.1:8080").default("http://127.0.0.1:8080"),
    /** HS256 key for access tokens; at least 32 bytes, so it cannot be brute-forced from one token. */
    JWT_SECRET: z
      .string({ message: "is required (at least 32 bytes, e.g. openssl rand -base64 48)" })
      .refine((s) => Buffer.byteLength(s, "utf8") >= 32, "must be at least 32 bytes long"),
    /** Signs every call to the ingress (the first key of the list): the handlers that grant identity or move money demand it. */
    API_CALLER_KEY: CallerKeys,
    /** The key outbound webhook secrets are derived from (the endpoints sign with it): the API shows a new subscription its secret once. */
    EVENTS_SIGNING_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    ACCESS_TOKEN_TTL_SECONDS: seconds(900, 60, 86_400),
    REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 86_400, 300, 366 * 86_400),
    /**
     * How long the refresh token rotated away last still answers (with the same successor), so two
     * tabs sharing the refresh cookie can refresh at once; presented later, or any older one, it ends
     * the session (reuse). 0 turns the grace off.
     */
    REFRESH_TOKEN_REUSE_GRACE_SECONDS: z.coerce
      .number()
      .int("must be a whole number of seconds")
      .min(0, "must be at least 0")
      .max(MAX_REUSE_GRACE_SECONDS, `must be at most ${MAX_REUSE_GRACE_SECONDS}`)
      .default(10),
    ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email("must be a valid email address")).optional(),
    /** The same rule as every customer's password. */
    ADMIN_PASSWORD: Password.optional(),
    /** log2 of scrypt's cost N. 17 (128 MiB, about 0.3 s) follows OWASP's recommendation for scrypt. */
    PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(14, "must be at least 14").max(20, "must be at most 20").default(17),
    /** Hashes at once (each a core and 128 MiB for a moment): one per core by default. */
    PASSWORD_HASH_CONCURRENCY: z.coerce
      .number()
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(256, "must be at most 256")
      .default(availableParallelism()),
    /** Hashes that may wait for a turn; beyond, a sign-in or registration is a 503 with Retry-After. */
    PASSWORD_HASH_QUEUE: z.coerce
      .number()
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .max(10_000, "must be at most 10000")
      .default(16),
    /** Sign-ins and registrations of one client address being checked at once; more are a 429. */
    SIGNIN_MAX_IN_FLIGHT_PER_IP: count(2, 10_000),
    /**
     * How many proxies in front of the API append to X-Forwarded-For. 0 (default): the socket's
     * address is the client and X-Forwarded-For is ignored, so a client cannot pick its own identity.
     */
    TRUST_PROXY: z
      .enum(["false", "true", "0", "1", "2", "3", "4", "5"], { message: "must be false, true (one proxy) or the number of proxies (0-5)" })
      .default("false")
      .transform((v) => (v === "false" ? 0 : v === "true" ? 1 : Number(v))),
    /**
     * Node's server timeouts: a client has this long to send the whole request (headers and body;
     * answering may take longer), and its headers sooner. A body that never finishes is closed then,
     * so slow uploads cannot hold sockets and memory (Node's own defaults are 300 s and 60 s).
     */
    API_REQUEST_TIMEOUT_MS: z.coerce
      .number()
      .int("must be a whole number of milliseconds")
      .min(500, "must be at least 500")
      .max(600_000, "must be at most 600000")
      .default(30_000),
    /** Unset: 10 s, or API_REQUEST_TIMEOUT_MS when that is shorter. */
    API_HEADERS_TIMEOUT_MS: z.coerce
      .number()
      .int("must be a whole number of milliseconds")
      .min(500, "must be at least 500")
      .max(600_000, "must be at most 600000")
      .optional(),
    /** How long an idle kept-alive connection stays open; behind a load balancer, longer than its idle timeout. */
    API_KEEP_ALIVE_TIMEOUT_MS: z.coerce
      .number()
      .int("must be a whole number of milliseconds")
      .min(1_000, "must be at least 1000")
      .max(600_000, "must be at most 600000")
      .default(5_000),
    API_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1_024, "must be at least 1024")
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * A folder of product images the API serves at /media/<file> (npm start: .restate/media, where
     * `npm run seed` draws its pictures). Unset: no /media route; a shop's images live on its CDN.
     */
    MEDIA_DIR: z.string().min(1, "must name a folder").optional(),
    /** Requests per client (customer when signed in, else address) per minute, all routes but health. */
    RATE_LIMIT_PER_MINUTE: count(600),
    /** Failed sign-ins to one account from one address, then from one address to any account, within the window. */
    SIGNIN_MAX_FAILURES_PER_IP_EMAIL: count(5),
    SIGNIN_MAX_FAILURES_PER_IP: count(50),
    SIGNIN_FAILURE_WINDOW_SECONDS: seconds(900, 1, 86_400),
    /** Failed sign-ins to one account from all addresses together (distributed guessing), within its own window. */
    SIGNIN_MAX_FAILURES_PER_EMAIL: count(100),
    SIGNIN_EMAIL_FAILURE_WINDOW_SECONDS: seconds(3_600, 1, 86_400),
    REGISTER_MAX_PER_IP: count(10),
    REGISTER_MAX_PER_EMAIL: count(5),
    REGISTER_WINDOW_SECONDS: seconds(3_600, 1, 86_400),
    /** Guest checkouts (POST /guest/orders) per client address within the window: guests have no account to limit. */
    GUEST_CHECKOUT_MAX_PER_IP: count(20),
    GUEST_CHECKOUT_WINDOW_SECONDS: seconds(3_600, 1, 86_400),
    /**
     * How long POST /orders waits for the checkout. An order waiting for backordered stock or an
     * asynchronous payment goes on in Restate; the client then gets 202 with the order as it stands.
     * The cart is free at once either way: the checkout was submitted, not held.
     */
    CHECKOUT_WAIT_MS: z.coerce
      .number()
      .int("must be a whole number of milliseconds")
      .min(1_000, "must be at least 1000")
      .max(120_000, "must be at most 120000")
      .default(20_000),
    /** When set, GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); unset, only loopback clients. */
    METRICS_TOKEN: MetricsToken,
    /** Scrapes of GET /metrics per client address per minute (Prometheus scrapes every 15 s or so). */
    METRICS_RATE_LIMIT_PER_MINUTE: count(60),
    /** Where people open the Restate UI; the admin dashboard links orders to their invocations there. */
    RESTATE_UI_URL: z.url("must be a URL such as http://127.0.0.1:9070/ui").optional(),
    /**
     * OpenTelemetry: the OTLP/HTTP collector that request spans go to (its base URL; traces are posted
     * to `/v1/traces` under it, as the OpenTelemetry specification says). Unset: no tracing.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://127.0.0.1:4318" })
      .optional(),
    OTEL_SERVICE_NAME: z.string().min(1).max(100, "must be at most 100 characters").default("restate-commerce-api"),
    /**
     * How many API processes serve the shop behind its load balancer. Above 1, the rate limits' counters
     * live in PostgreSQL (DATABASE_URL), so a client's budget is one budget whichever replica it reaches.
     */
    API_REPLICAS: count(1, 1_000),
    /** Twilio's auth token: it signs the inbound messages (STOP, START) posted to /webhooks/twilio. Unset: that route is off. */
    TWILIO_AUTH_TOKEN: z
      .string()
      .regex(/^\S{16,}$/, "must be a Twilio auth token")
      .optional(),
    /** The URL Twilio posts to, exactly as configured in its console (the signature covers it); by default the request's own. */
    TWILIO_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    DATABASE_URL: DatabaseEnv.shape.DATABASE_URL,
    DATABASE_CONNECT_TIMEOUT_MS: DatabaseEnv.shape.DATABASE_CONNECT_TIMEOUT_MS,
    /**
     * Where the API reads the query side (catalog search, product pages, the admin's lists, the
     * dashboards, the shop figures of /metrics): DATABASE_URL unless set, e.g. a read replica.
     * Every session is read-only (default_transaction_read_only); unset with DATABASE_URL unset,
     * those routes answer 503.
     */
    QUERY_DATABASE_URL: DatabaseEnv.shape.DATABASE_URL,
    /** Connections of this API process to the query side. */
    QUERY_POOL_MAX: count(10, 200),
    /** A read running longer is cancelled by PostgreSQL and answered 503. */
    QUERY_STATEMENT_TIMEOUT_MS: z.coerce
      .number()
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100")
      .max(600_000, "must be at most 600000")
      .default(5_000),
  })
  .refine((c) => c.API_REPLICAS === 1 || c.DATABASE_URL !== undefined, {
    path: ["API_REPLICAS"],
    message: "above 1 needs DATABASE_URL: the replicas share their rate-limit counters in PostgreSQL",
  })
  .refine((c) => c.API_HEADERS_TIMEOUT_MS === undefined || c.API_HEADERS_TIMEOUT_MS <= c.API_REQUEST_TIMEOUT_MS, {
    path: ["API_HEADERS_TIMEOUT_MS"],
    message: "must be at most API_REQUEST_TIMEOUT_MS (the headers are part of the request)",
  })
  .transform((c) => ({
    ...c,
    API_HEADERS_TIMEOUT_MS: c.API_HEADERS_TIMEOUT_MS ?? Math.min(10_000, c.API_REQUEST_TIMEOUT_MS),
    QUERY_DATABASE_URL: c.QUERY_DATABASE_URL ?? c.DATABASE_URL,
  }));

export type ApiConfig = z.infer<typeof ApiEnv>;

/** Parses the API's environment; one error naming every bad variable, never a value. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const set = setVariables(env);
  const parsed = ApiEnv.safeParse(set);
  // Checked apart from the schema, so it is reported together with every other bad variable.
  const unpaired =
    (set.ADMIN_EMAIL === undefined) === (set.ADMIN_PASSWORD === undefined)
      ? []
      : [
          `${set.ADMIN_EMAIL === undefined ? "ADMIN_EMAIL" : "ADMIN_PASSWORD"} must be set together with the other of ADMIN_EMAIL/ADMIN_PASSWORD`,
        ];
  if (!parsed.success || unpaired.length > 0)
    throw new ConfigError([...(parsed.success ? [] : problemsOf(parsed.error, set)), ...unpaired]);
  return parsed.data;
}
