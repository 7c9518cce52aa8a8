import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/lib/ports.ts";
import { startPostgres } from "../../scripts/lib/postgres.ts";
import { fastFailRetryPolicy, registerDeployment, startRestateServer } from "../../scripts/lib/restate-server.ts";
import { buildUi } from "../../scripts/lib/ui-build.ts";
import { startApiServer } from "../../src/api/api-server.ts";
import { migrate } from "../../src/platform/database/migrate.ts";
import { startEndpointServer } from "../../src/server/endpoint-server.ts";
import { TEST_API_CALLER_KEY } from "./caller-key.ts";
import { InventoryDriver } from "./inventory-driver.ts";
import { TEST_MOCK_WEBHOOK_SECRET } from "./mock-keys.ts";

declare module "vitest" {
  export interface ProvidedContext {
    ingressUrl: string;
    adminUrl: string;
    ledgerFile: string;
    apiUrl: string;
    adminEmail: string;
    adminPassword: string;
    databaseUrl: string;
    /** The API's MEDIA_DIR (served at /media/). */
    mediaDir: string;
  }
}

/** The key outbound webhook secrets are derived from in tests: test receivers derive them too. */
export const TEST_EVENTS_SIGNING_KEY = "test-events-signing-key-0123456789abcdef";

/** The Twilio auth token the test API checks inbound messages with; tests sign as Twilio would. */
export const TEST_TWILIO_AUTH_TOKEN = "test-twilio-auth-token-0123456789";

/**
 * What the test API runs with: limits far above what the suite sends (the rate-limit tests start
 * their own API with small ones), and scrypt at 2^15 so the many sign-ins stay quick — the same
 * code and hash format as the production default of 2^17.
 */
export function testApiEnv(ingressUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RESTATE_INGRESS_URL: ingressUrl,
    JWT_SECRET: randomBytes(48).toString("base64"),
    PASSWORD_SCRYPT_LOG_N: "15",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    RATE_LIMIT_PER_MINUTE: "1000000",
    METRICS_RATE_LIMIT_PER_MINUTE: "1000000",
    REGISTER_MAX_PER_IP: "1000000",
    REGISTER_MAX_PER_EMAIL: "1000",
    GUEST_CHECKOUT_MAX_PER_IP: "1000000",
    SIGNIN_MAX_FAILURES_PER_IP: "1000000",
    SIGNIN_MAX_FAILURES_PER_EMAIL: "1000",
    // Every test speaks from loopback, many at once: the limits on concurrent sign-ins have tests of their own.
    SIGNIN_MAX_IN_FLIGHT_PER_IP: "10000",
    PASSWORD_HASH_QUEUE: "10000",
    EVENTS_SIGNING_KEY: TEST_EVENTS_SIGNING_KEY,
    API_CALLER_KEY: TEST_API_CALLER_KEY,
    TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
    // The query side the API reads: the shared PostgreSQL (set below, before any test file runs);
    // a test on a stack of its own passes its own.
    ...(process.env.DATABASE_URL ? { QUERY_DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...extra,
  };
}

/** What the test endpoint runs with: mocks sharing a ledger file the tests read, short timeouts. */
export function testEndpointEnv(ledgerFile: string, ingressUrl: string): Record<string, string> {
  return {
    MOCK_MODE: "true",
    MOCK_LEDGER_FILE: ledgerFile,
    ASYNC_PAYMENT_HOLD_MS: "4000",
    BACKORDER_DEADLINE_MS: "8000",
    EVENTS_SIGNING_KEY: TEST_EVENTS_SIGNING_KEY,
    API_CALLER_KEY: TEST_API_CALLER_KEY,
    MOCK_WEBHOOK_SECRET: TEST_MOCK_WEBHOOK_SECRET,
    EVENT_RETRY_INITIAL_MS: "100",
    EVENTS_ALLOW_PRIVATE_URLS: "true",
    MOCK_ASYNC_PAYMENT_DELAY_MS: "300",
    MOCK_SHIPPING_STEP_MS: "300",
    MOCK_EMAIL_EVENT_DELAY_MS: "100",
    RESTATE_INGRESS_URL: ingressUrl,
    STOCK_PROJECTION_INTERVAL_MS: "200",
    LABEL_POLL_INTERVAL_MS: "300",
    // The suite places hundreds of orders, declines included, for one address (ada@example.com) within
    // the hour: per-email and failed-payment velocity would screen them all. Velocity has its own stack
    // with low limits (test/objects/risk-velocity.test.ts); every other rule keeps its default here.
    RISK_MAX_ORDERS_PER_EMAIL: "1000000",
    RISK_MAX_FAILED_PAYMENTS: "1000000",
  };
}

/** One real restate-server, one real PostgreSQL and one in-process endpoint shared by every test file. */
export default async function setup(project: TestProject) {
  // The API serves the UI from ui/dist: built from the sources as they are now.
  await buildUi();
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-test-"));
  const postgresDir = mkdtempSync(path.join(tmpdir(), "commerce-pg-"));
  const postgres = await startPostgres({ baseDir: postgresDir, port: await freePort(), durable: false });
  await migrate(postgres.url);
  process.env.DATABASE_URL = postgres.url;
  const server = await startRestateServer({
    baseDir,
    ingressPort: await freePort(),
    adminPort: await freePort(),
    nodePort: await freePort(),
    env: fastFailRetryPolicy,
  });
  const ledgerFile = path.join(baseDir, "mock-ledger.sqlite");
  mkdirSync(path.join(baseDir, "media"));
  Object.assign(process.env, testEndpointEnv(ledgerFile, server.ingressUrl));
  const endpoint = await startEndpointServer({ port: 0, host: "127.0.0.1", extraServices: [InventoryDriver] });
  try {
    await registerDeployment(server.adminUrl, endpoint.url);
  } catch (error) {
    await endpoint.close();
    await server.stop("SIGKILL");
    await postgres.stop("SIGKILL");
    throw error;
  }
  const admin = { email: "admin@shop.test", password: randomBytes(18).toString("base64url") };
  const api = await startApiServer({
    port: 0,
    host: "127.0.0.1",
    env: testApiEnv(server.ingressUrl, {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      RESTATE_UI_URL: `${server.adminUrl}/ui`,
      MEDIA_DIR: path.join(baseDir, "media"),
    }),
  });
  await api.admin;
  project.provide("apiUrl", api.url);
  project.provide("adminEmail", admin.email);
  project.provide("adminPassword", admin.password);
  project.provide("ingressUrl", server.ingressUrl);
  project.provide("adminUrl", server.adminUrl);
  project.provide("ledgerFile", ledgerFile);
  project.provide("databaseUrl", postgres.url);
  project.provide("mediaDir", path.join(baseDir, "media"));

  return async () => {
    await api.close();
    await endpoint.close();
    await server.stop();
    await postgres.stop();
    rmSync(baseDir, { recursive: true, force: true });
    rmSync(postgresDir, { recursive: true, force: true });
  };
}
