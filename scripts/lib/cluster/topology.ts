import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../../src/platform/database/migrate.ts";
import { chaosRetryPolicy } from "../chaos/cluster.ts";
import { WORLD_MOCK_WEBHOOK_SECRET } from "../chaos/provider-world.ts";
import { type EndpointProcess, endpointProcess } from "../endpoint-process.ts";
import { newIdentityKey } from "../identity-key.ts";
import { freePort } from "../ports.ts";
import { type PostgresServer, startPostgres } from "../postgres.ts";
import { registerDeployment } from "../restate-server.ts";
import { ensureHaproxy, type Haproxy, haproxyConfig, startHaproxy } from "./haproxy.ts";
import { type RestateCluster, startRestateCluster } from "./restate-cluster.ts";

export interface Topology {
  baseDir: string;
  ledgerFile: string;
  restate: RestateCluster;
  endpoints: EndpointProcess[];
  /** Stateless HTTP API servers, each calling the cluster through the balanced ingress. */
  apis: EndpointProcess[];
  /** The projections' PostgreSQL (its URL carries the password: never print it). */
  databaseUrl: string;
  /** The URL registered as the deployment: HAProxy in front of the endpoints. */
  deploymentUrl: string;
  /** HAProxy in front of the three ingresses: where the API servers call, and the load driver plays the providers' webhooks. */
  balancedIngressUrl: string;
  /** The admin API the deployment was registered through. */
  adminUrl: string;
  /** The public key the endpoints accept calls signed with. */
  identityKey: string;
  /** The API's credential, held by the API servers and the endpoints (the load driver signs with it too). */
  callerKey: string;
  dispose(options?: { keepFiles?: boolean }): Promise<void>;
}

export interface TopologyOptions {
  nodes: number;
  endpoints: number;
  apis: number;
  log: (line: string) => void;
}

/**
 * The production shape on loopback: a Restate cluster, stateless endpoint replicas behind HAProxy
 * (registered once, through one node's admin API), HAProxy in front of the ingresses for the
 * providers' webhooks and the API servers, request identity between Restate and the endpoints, and
 * PostgreSQL for the projections.
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  options.log(ensureHaproxy(options.log));
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-cluster-"));
  const ledgerFile = path.join(baseDir, "mock-ledger.jsonl");
  const identity = newIdentityKey();
  const keyFile = path.join(baseDir, "restate-identity.pem");
  writeFileSync(keyFile, identity.privateKeyPem, { mode: 0o600 });
  const callerKey = randomBytes(48).toString("base64");

  let restate: RestateCluster | undefined;
  let haproxy: Haproxy | undefined;
  let postgres: PostgresServer | undefined;
  const endpoints: EndpointProcess[] = [];
  const apis: EndpointProcess[] = [];
  const dispose = async (opts: { keepFiles?: boolean } = {}) => {
    await Promise.all([...apis, ...endpoints].map((e) => e.kill("SIGKILL")));
    await haproxy?.stop();
    await restate?.stop();
    await postgres?.stop("SIGKILL");
    if (!opts.keepFiles) rmSync(baseDir, { recursive: true, force: true });
  };

  try {
    // Durable, as a managed PostgreSQL is: the projections' rows are checked against Restate at the end.
    postgres = await startPostgres({ baseDir: path.join(baseDir, "postgres"), port: await freePort() });
    await migrate(postgres.url);
    restate = await startRestateCluster({
      baseDir,
      size: options.nodes,
      env: {
        ...chaosRetryPolicy,
        RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE: keyFile,
      },
    });
    options.log(`Restate cluster provisioned: ${restate.nodes.map((n) => `${n.name} ${n.ingressUrl}`).join(", ")}`);

    const lbPorts = { endpoints: await freePort(), ingress: await freePort() };
    const balancedIngressUrl = `http://127.0.0.1:${lbPorts.ingress}`;
    for (let i = 0; i < options.endpoints; i++) {
      endpoints.push(
        endpointProcess({
          port: await freePort(),
          logFile: path.join(baseDir, `endpoint-${i}.log`),
          env: {
            MOCK_MODE: "true",
            MOCK_LEDGER_FILE: ledgerFile,
            // The load driver plays the providers' webhooks itself, as in the chaos suite.
            MOCK_WEBHOOKS: "false",
            ASYNC_PAYMENT_HOLD_MS: "60000",
            MOCK_WEBHOOK_SECRET: WORLD_MOCK_WEBHOOK_SECRET,
            LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
            RESTATE_INGRESS_URL: balancedIngressUrl,
            RESTATE_IDENTITY_KEYS: identity.publicKey,
            API_CALLER_KEY: callerKey,
            DATABASE_URL: postgres.url,
            STOCK_PROJECTION_INTERVAL_MS: "1000",
          },
        }),
      );
    }
    await Promise.all(endpoints.map((e) => e.start()));

    const config = haproxyConfig({
      endpointsBind: `127.0.0.1:${lbPorts.endpoints}`,
      endpoints: endpoints.map((e) => e.url.replace("http://", "")),
      ingressBind: `127.0.0.1:${lbPorts.ingress}`,
      ingresses: restate.nodes.map((n) => n.ingressUrl.replace("http://", "")),
    });
    haproxy = await startHaproxy(path.join(baseDir, "haproxy.cfg"), config, path.join(baseDir, "haproxy.log"), [
      lbPorts.endpoints,
      lbPorts.ingress,
    ]);

    const deploymentUrl = `http://127.0.0.1:${lbPorts.endpoints}`;
    const adminUrl = restate.nodes[0]!.adminUrl;
    await registerDeployment(adminUrl, deploymentUrl);
    await Promise.all(restate.nodes.map((n) => untilServiceKnown(n.adminUrl, "OrderOrchestrator", 60_000)));
    options.log(`${options.endpoints} endpoints behind HAProxy ${deploymentUrl}, registered through ${adminUrl}; files in ${baseDir}`);

    // The API replicas share one JWT secret (a token from one is good at the other) and nothing else.
    const jwtSecret = randomBytes(48).toString("base64");
    for (let i = 0; i < options.apis; i++) {
      const port = await freePort();
      apis.push(
        endpointProcess({
          port,
          logFile: path.join(baseDir, `api-${i}.log`),
          entry: "src/api/api-main.ts",
          env: {
            API_PORT: String(port),
            API_HOST: "127.0.0.1",
            RESTATE_INGRESS_URL: balancedIngressUrl,
            // The catalog and the admin's lists: each API reads them from PostgreSQL itself.
            DATABASE_URL: postgres.url,
            JWT_SECRET: jwtSecret,
            API_CALLER_KEY: callerKey,
            LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
            PASSWORD_SCRYPT_LOG_N: "14",
            // One machine plays every customer: the per-client limits would throttle the load, not protect anything.
            RATE_LIMIT_PER_MINUTE: "1000000",
            REGISTER_MAX_PER_IP: "100000",
          },
        }),
      );
    }
    await Promise.all(apis.map((a) => a.start()));
    options.log(`${options.apis} API servers: ${apis.map((a) => a.url).join(", ")}`);
    return {
      baseDir,
      ledgerFile,
      restate,
      endpoints,
      apis,
      databaseUrl: postgres.url,
      deploymentUrl,
      balancedIngressUrl,
      adminUrl,
      identityKey: identity.publicKey,
      callerKey,
      dispose,
    };
  } catch (error) {
    await dispose({ keepFiles: true });
    throw new Error(`starting the cluster failed (files kept in ${baseDir}): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Registration goes through one node; every node serves the services once the new schema reached it. */
async function untilServiceKnown(adminUrl: string, service: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${adminUrl}/services/${service}`).catch(() => undefined);
    await res?.body?.cancel();
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`${adminUrl} does not know ${service} ${timeoutMs} ms after the registration`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
