import { randomBytes } from "node:crypto";
import path from "node:path";
import { type ApiServer, startApiServer } from "../../../src/api/api-server.ts";
import { migrate } from "../../../src/platform/database/migrate.ts";
import { type EndpointProcess, endpointProcess } from "../endpoint-process.ts";
import { freePort } from "../ports.ts";
import { type PostgresServer, startPostgres } from "../postgres.ts";
import { type RestateServer, registerDeployment, startRestateServer } from "../restate-server.ts";
import { buildUi } from "../ui-build.ts";

/** The development admin, as npm start has it. */
export const DEMO_ADMIN = { email: "admin@example.com", password: "admin-password-dev" };

/**
 * How fast the mocks move in the demo: the bank answers 3 s after the authorization (time to kill
 * the endpoint before it does), the carrier moves every 1.5 s.
 */
export const DEMO_TIMINGS = { asyncPaymentDelayMs: 3_000, shippingStepMs: 1_500 };

export interface DemoStack {
  dir: string;
  ingressUrl: string;
  adminUrl: string;
  apiUrl: string;
  ledgerFile: string;
  endpoint: EndpointProcess;
  /** The API's credential the API and the endpoint share; the story's own tools sign with it too. */
  callerKey: string;
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs, in mock mode, on free ports with its data in `dir`, except that the
 * service endpoint is a process of its own: the demo kills it with SIGKILL and starts it again.
 */
export async function startDemoStack(dir: string, say: (line: string) => void): Promise<DemoStack> {
  const callerKey = randomBytes(48).toString("base64");
  const ports = {
    ingress: await freePort(),
    admin: await freePort(),
    node: await freePort(),
    endpoint: await freePort(),
    api: await freePort(),
    postgres: await freePort(),
  };
  let postgres: PostgresServer | undefined;
  let server: RestateServer | undefined;
  let endpoint: EndpointProcess | undefined;
  let api: ApiServer | undefined;
  const stop = async () => {
    await api?.close().catch(() => undefined);
    await endpoint?.kill("SIGTERM").catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  };
  try {
    await buildUi().catch((error) =>
      say(
        `   (the UI could not be built, /admin and /shop keep the last build: ${error instanceof Error ? error.message : String(error)})`,
      ),
    );
    postgres = await startPostgres({ baseDir: path.join(dir, "postgres"), port: ports.postgres, durable: false });
    await migrate(postgres.url);
    say(`   PostgreSQL for the projections (orders, products)     port ${ports.postgres}`);
    server = await startRestateServer({
      baseDir: path.join(dir, "restate"),
      ingressPort: ports.ingress,
      adminPort: ports.admin,
      nodePort: ports.node,
      // Retries at most a second apart (restate.toml: 30 s), so the demo does not wait for a backoff.
      env: { RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: "1s" },
    });
    say(`   Restate server: ingress ${server.ingressUrl}, admin API and UI ${server.adminUrl}`);
    const ledgerFile = path.join(dir, "mock-ledger.sqlite");
    endpoint = endpointProcess({
      port: ports.endpoint,
      logFile: path.join(dir, "endpoint.log"),
      // Every variable the story depends on, set here: whatever the shell exports does not change it.
      env: {
        MOCK_MODE: "true",
        MOCK_WEBHOOKS: "true",
        MOCK_FAILURE_RATE: "0",
        MOCK_LATENCY_MS: "0",
        ASYNC_PAYMENT_HOLD_MS: String(30 * 60_000),
        MOCK_LEDGER_FILE: ledgerFile,
        MOCK_ASYNC_PAYMENT_DELAY_MS: String(DEMO_TIMINGS.asyncPaymentDelayMs),
        MOCK_SHIPPING_STEP_MS: String(DEMO_TIMINGS.shippingStepMs),
        MOCK_EMAIL_EVENT_DELAY_MS: "500",
        RESTATE_INGRESS_URL: server.ingressUrl,
        DATABASE_URL: postgres.url,
        EVENTS_SIGNING_KEY: randomBytes(32).toString("base64url"),
        API_CALLER_KEY: callerKey,
        // Shared by the endpoint and its restart after kill -9: a callback signed before the kill verifies after it.
        MOCK_WEBHOOK_SECRET: randomBytes(32).toString("base64url"),
        CORS_ALLOWED_ORIGINS: `${server.adminUrl},http://localhost:${ports.admin}`,
        LOG_LEVEL: "warn",
      },
    });
    await endpoint.start();
    await registerDeployment(server.adminUrl, endpoint.url);
    say(`   the service endpoint, a process of its own (pid ${endpoint.pid}), registered with Restate`);
    api = await startApiServer({
      port: ports.api,
      host: "127.0.0.1",
      env: {
        ...process.env,
        LOG_LEVEL: "warn",
        RESTATE_INGRESS_URL: server.ingressUrl,
        // The catalog and the admin's lists: the API reads them from PostgreSQL itself.
        DATABASE_URL: postgres.url,
        JWT_SECRET: randomBytes(48).toString("base64"),
        API_CALLER_KEY: callerKey,
        ADMIN_EMAIL: DEMO_ADMIN.email,
        ADMIN_PASSWORD: DEMO_ADMIN.password,
        RESTATE_UI_URL: `${server.adminUrl}/ui`,
        // An order that waits for its bank is answered at once (202) and goes on in Restate.
        CHECKOUT_WAIT_MS: "1000",
      },
    });
    await api.admin;
    say(`   the HTTP API, with the admin dashboard and the storefront: ${api.url}`);
    return { dir, ingressUrl: server.ingressUrl, adminUrl: server.adminUrl, apiUrl: api.url, ledgerFile, endpoint, callerKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
