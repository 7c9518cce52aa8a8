/**
 * `npm start`: the whole product on one machine. An embedded restate-server (the npm-shipped binary,
 * configured by restate.toml, data in .restate/ so state survives a restart), an embedded PostgreSQL
 * for the query side (data in .postgres/, migrations applied), this service's endpoint, the
 * deployment registered with force, then the HTTP API with a development admin; MOCK_MODE on unless
 * said otherwise (the mocks' ledger in .restate/mock-ledger.sqlite), everything on loopback.
 * With RESTATE_ADMIN_URL set, the embedded server is not started: the endpoint registers with that
 * one. With DATABASE_URL set, no PostgreSQL is started: that one is migrated and used.
 */
import path from "node:path";
import { redactUrl } from "../src/platform/database/database-errors.ts";
import { migrate } from "../src/platform/database/migrate.ts";
import { checkConfiguration } from "../src/server/endpoint-config.ts";
import { followAncestors } from "./lib/children.ts";
import { developmentSecret } from "./lib/dev-secret.ts";
import { LauncherEnv, mediaDir } from "./lib/launcher-config.ts";
import { portInUse } from "./lib/ports.ts";
import { type PostgresServer, startPostgres } from "./lib/postgres.ts";
import { projectRoot, type RestateServer, registerDeployment, startRestateServer } from "./lib/restate-server.ts";
import { buildUi } from "./lib/ui-build.ts";

process.env.MOCK_MODE ??= "true";
process.env.HOST ||= "127.0.0.1";
// The endpoint's Prometheus metrics (the API serves its own on /metrics); METRICS_TOKEN stays unset.
process.env.METRICS_PORT ||= "9464";
// Development: a webhook receiver on this machine is the usual subscriber.
process.env.EVENTS_ALLOW_PRIVATE_URLS ??= "true";

const env = process.env;
// The API's credential, made once and kept with the data like the JWT secret; before the check, which
// demands it when MOCK_MODE is off. A bad RESTATE_BASE_DIR is reported by the check below.
const baseDir = LauncherEnv.shape.RESTATE_BASE_DIR.safeParse(env.RESTATE_BASE_DIR || undefined);
if (baseDir.success) env.API_CALLER_KEY ||= developmentSecret(baseDir.data, "api-caller-key");
// What the mocks charged, shipped and mailed is kept with the data, so a crash or a restart does not
// erase the record a learner reads; MOCK_LEDGER_FILE= (empty) keeps it in memory instead.
if (baseDir.success) env.MOCK_LEDGER_FILE ??= path.join(baseDir.data, "mock-ledger.sqlite");
let config: ReturnType<typeof checkConfiguration<typeof LauncherEnv>>;
try {
  config = checkConfiguration(env, LauncherEnv);
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { startEndpointServer } = await import("../src/server/endpoint-server.ts");
const { startApiServer } = await import("../src/api/api-server.ts");

const endpointPort = config.app.PORT;
const external = config.extra.RESTATE_ADMIN_URL;
const { INGRESS_PORT: ingressPort, ADMIN_PORT: adminPort, RESTATE_NODE_PORT: nodePort, API_PORT: apiPort } = config.extra;
const dataDir = config.extra.RESTATE_BASE_DIR;
const externalDatabase = config.app.DATABASE_URL;
const { POSTGRES_PORT: postgresPort, POSTGRES_BASE_DIR: postgresBaseDir } = config.extra;
/** A development admin, printed below: loopback only, and only unless ADMIN_EMAIL/ADMIN_PASSWORD say otherwise. */
const DEV_ADMIN = { email: "admin@example.com", password: "admin-password-dev" };

let server: RestateServer | undefined;
let postgres: PostgresServer | undefined;
let endpoint: Awaited<ReturnType<typeof startEndpointServer>> | undefined;
let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
let stopping = false;

async function shutdown(code: number, reason?: string) {
  if (stopping) return;
  stopping = true;
  if (reason) console.error(reason);
  await api?.close().catch(() => undefined);
  await endpoint?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// A kill -9 of npm (or of its shell) stops the launcher too: its servers never outlive `npm start`.
followAncestors(() => void shutdown(1, "npm start stopped: the process that started it is gone"));

try {
  const wanted = external ? [endpointPort, apiPort] : [endpointPort, apiPort, ingressPort, adminPort, nodePort];
  if (config.app.METRICS_PORT !== undefined) wanted.push(config.app.METRICS_PORT);
  if (!externalDatabase) wanted.push(postgresPort);
  // Every taken port at once, so one try tells all that needs changing.
  const taken = (await Promise.all(wanted.map(async (port) => ((await portInUse(port)) ? port : undefined)))).filter(
    (p) => p !== undefined,
  );
  if (taken.length > 0) {
    throw new Error(
      `ports already in use on 127.0.0.1: ${taken.map((port) => `${port} (${portVariable(port)})`).join(", ")} — another npm start, or a Restate server? Stop it, or set each variable to a free port.`,
    );
  }

  if (!externalDatabase) {
    postgres = await startPostgres({ baseDir: postgresBaseDir, port: postgresPort });
    env.DATABASE_URL = postgres.url;
    void postgres.exited.then((code) => shutdown(1, `postgres stopped unexpectedly (exit code ${code}); see ${postgres?.logFile}`));
  }
  const databaseUrl = env.DATABASE_URL!;
  await migrate(databaseUrl);

  let adminUrl: string;
  let ingressUrl: string;
  if (external) {
    adminUrl = external.replace(/\/$/, "");
    ingressUrl = (env.RESTATE_INGRESS_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
  } else {
    server = await startRestateServer({ baseDir: dataDir, ingressPort, adminPort, nodePort });
    adminUrl = server.adminUrl;
    ingressUrl = server.ingressUrl;
    void server.exited.then((code) => shutdown(1, `restate-server stopped unexpectedly (exit code ${code}); see ${server?.logFile}`));
  }
  env.RESTATE_INGRESS_URL ??= ingressUrl;
  // The Restate UI's playground calls handlers from the browser, so its page may; no other origin.
  env.CORS_ALLOWED_ORIGINS ??= uiOrigins(adminUrl);
  // Outbound webhooks are signed with secrets derived from this key; made once, kept with the data.
  env.EVENTS_SIGNING_KEY ||= developmentSecret(dataDir, "events-signing-key");
  // The mock providers' webhook credentials are this installation's, never published ones.
  if (config.app.MOCK_MODE) env.MOCK_WEBHOOK_SECRET ||= developmentSecret(dataDir, "mock-webhook-secret");

  // The pages the API serves (/admin, /shop), from the UI's sources as they are now.
  await buildUi().catch((error) =>
    console.error(
      `the UI could not be built (/admin and /shop keep the last build): ${error instanceof Error ? error.message : String(error)}`,
    ),
  );

  endpoint = await startEndpointServer({ port: endpointPort, host: config.app.HOST });
  const endpointUrl = config.extra.ENDPOINT_URL ?? endpoint.url;
  await registerDeployment(adminUrl, endpointUrl);

  const admin = env.ADMIN_EMAIL || env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL ?? "", password: env.ADMIN_PASSWORD ?? "" } : DEV_ADMIN;
  api = await startApiServer({
    port: apiPort,
    host: "127.0.0.1",
    env: {
      ...env,
      RESTATE_INGRESS_URL: ingressUrl,
      JWT_SECRET: env.JWT_SECRET || developmentSecret(dataDir, "api-jwt-secret"),
      RESTATE_UI_URL: env.RESTATE_UI_URL || `${adminUrl}/ui`,
      MEDIA_DIR: env.MEDIA_DIR || mediaDir(dataDir),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    },
  });
  await api.admin;

  console.log(`
restate-commerce is running (MOCK_MODE=${env.MOCK_MODE})

  HTTP API (the shop's public face):      ${api.url}
  Admin dashboard:                        ${api.url}/admin
  Demo storefront:                        ${api.url}/shop
  API reference:                          ${api.url}/docs
  Prometheus metrics:                     ${api.url}/metrics (API), ${endpoint.metricsUrl ?? "not served (METRICS_PORT unset)"} (endpoint)
  Development admin:                      ${admin.email} / ${admin === DEV_ADMIN ? admin.password : "(ADMIN_PASSWORD)"}
  Ingress (trusted clients only):         ${ingressUrl}
  Admin API and Restate UI:               ${adminUrl}
  Service endpoint (registered):          ${endpointUrl}
  PostgreSQL (projections, catalog):      ${redactUrl(databaseUrl)}${postgres ? ` (password in ${shortPath(path.join(postgresBaseDir, "password"))})` : ""}

${boundaryNote(config.app.RESTATE_IDENTITY_KEYS.length > 0)}

Try it: open ${api.url}/shop (the demo storefront) and ${api.url}/admin, or follow "A whole order, by hand" in the README.

Ctrl-C stops everything.`);
} catch (error) {
  await shutdown(1, `npm start failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** What must stay private, and why (docs/security.md, "The boundary"). */
function boundaryNote(verifiesIdentity: boolean): string {
  const endpoint = verifiesIdentity
    ? "The endpoint verifies Restate's request identity (RESTATE_IDENTITY_KEYS)."
    : "The endpoint does not verify Restate's request identity (RESTATE_IDENTITY_KEYS is unset): anyone who reaches it can run any handler.";
  return `Only the HTTP API may face a network. The ingress, the admin API, the node port, the endpoint and
PostgreSQL listen on 127.0.0.1 and must stay private: the ingress has no authentication of its own
(handlers that grant identity or move money demand the API's key, API_CALLER_KEY; \`npm run ingress\` signs with it).
${endpoint}`;
}

function uiOrigins(adminUrl: string): string {
  const ui = new URL(adminUrl);
  if (ui.hostname !== "127.0.0.1") return ui.origin;
  const origin = ui.origin;
  ui.hostname = "localhost";
  return `${origin},${ui.origin}`;
}

/** Relative to the project when inside it (`.postgres/password`), absolute otherwise. */
function shortPath(file: string): string {
  const relative = path.relative(projectRoot, file);
  return relative.startsWith("..") ? file : relative;
}

function portVariable(port: number): string {
  if (port === endpointPort) return "PORT";
  if (port === apiPort) return "API_PORT";
  if (port === ingressPort) return "INGRESS_PORT";
  if (port === adminPort) return "ADMIN_PORT";
  if (port === postgresPort) return "POSTGRES_PORT";
  if (port === config.app.METRICS_PORT) return "METRICS_PORT";
  return "RESTATE_NODE_PORT";
}
