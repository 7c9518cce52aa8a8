/**
 * `npm start`: the whole product on one machine. An embedded restate-server (the npm-shipped binary,
 * configured by restate.toml, data in .restate/ so state survives a restart), this service's endpoint,
 * the deployment registered with force, MOCK_MODE on unless said otherwise.
 * With RESTATE_ADMIN_URL set, only the endpoint starts and registers with that server.
 * PostgreSQL (the query side) is embedded too, data in .postgres/, unless DATABASE_URL names one;
 * either way the pending migrations are applied before the endpoint starts.
 */
import path from "node:path";
import { checkConfiguration } from "../src/config.ts";
import { LauncherEnv } from "./lib/launcher-config.ts";
import { projectRoot, registerDeployment, startRestateServer, type RestateServer } from "./lib/restate-server.ts";
import { portInUse } from "./lib/ports.ts";
import { startPostgres, type PostgresServer } from "./lib/postgres.ts";
import { migrate } from "../src/query/migrate.ts";
import { redactUrl } from "../src/query/errors.ts";

process.env.MOCK_MODE ??= "true";
process.env.HOST ||= "127.0.0.1";

const env = process.env;
let config: ReturnType<typeof checkConfiguration<typeof LauncherEnv>>;
try {
  config = checkConfiguration(env, LauncherEnv);
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { startEndpointServer } = await import("../src/endpoint-server.ts");

const endpointPort = config.app.PORT;
const external = config.extra.RESTATE_ADMIN_URL;
const { INGRESS_PORT: ingressPort, ADMIN_PORT: adminPort, RESTATE_NODE_PORT: nodePort } = config.extra;
const externalDatabase = config.app.DATABASE_URL;
const { POSTGRES_PORT: postgresPort, POSTGRES_BASE_DIR: postgresBaseDir } = config.extra;

let server: RestateServer | undefined;
let postgres: PostgresServer | undefined;
let endpoint: Awaited<ReturnType<typeof startEndpointServer>> | undefined;
let stopping = false;

async function shutdown(code: number, reason?: string) {
  if (stopping) return;
  stopping = true;
  if (reason) console.error(reason);
  await endpoint?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const wanted = external ? [endpointPort] : [endpointPort, ingressPort, adminPort, nodePort];
  if (!externalDatabase) wanted.push(postgresPort);
  for (const port of wanted) {
    if (await portInUse(port)) {
      throw new Error(
        `port ${port} on 127.0.0.1 is already in use (another npm start, or a Restate server?). Stop it, or set ${portVariable(port)} to a free port.`,
      );
    }
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
    server = await startRestateServer({
      baseDir: config.extra.RESTATE_BASE_DIR,
      ingressPort,
      adminPort,
      nodePort,
    });
    adminUrl = server.adminUrl;
    ingressUrl = server.ingressUrl;
    void server.exited.then((code) => shutdown(1, `restate-server stopped unexpectedly (exit code ${code}); see ${server?.logFile}`));
  }
  env.RESTATE_INGRESS_URL ??= ingressUrl;
  // The Restate UI's playground calls handlers from the browser, so its page may; no other origin.
  env.CORS_ALLOWED_ORIGINS ??= uiOrigins(adminUrl);

  endpoint = await startEndpointServer({ port: endpointPort, host: config.app.HOST });
  const endpointUrl = config.extra.ENDPOINT_URL ?? endpoint.url;
  await registerDeployment(adminUrl, endpointUrl);

  console.log(`
restate-commerce is running (MOCK_MODE=${env.MOCK_MODE})

  Ingress (clients call handlers here):   ${ingressUrl}
  Admin API and Restate UI:               ${adminUrl}
  Service endpoint (registered):          ${endpointUrl}
  PostgreSQL (projections, catalog):       ${redactUrl(databaseUrl)}${postgres ? ` (password in ${shortPath(path.join(postgresBaseDir, "password"))})` : ""}

Try it:
  curl -X POST ${ingressUrl}/InventoryItem/SKU-1/upsert -H 'content-type: application/json' -d '{"name":"Mug","price":1299}'
  curl -X POST ${ingressUrl}/InventoryItem/SKU-1/restock -H 'content-type: application/json' -d '{"quantity":10}'
  curl -X POST ${ingressUrl}/InventoryItem/SKU-1/get

Ctrl-C stops everything.`);
} catch (error) {
  await shutdown(1, `npm start failed: ${error instanceof Error ? error.message : String(error)}`);
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
  if (port === ingressPort) return "INGRESS_PORT";
  if (port === adminPort) return "ADMIN_PORT";
  if (port === postgresPort) return "POSTGRES_PORT";
  return "RESTATE_NODE_PORT";
}
