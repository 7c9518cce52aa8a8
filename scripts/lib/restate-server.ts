import type { ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnTied } from "./children.ts";

const require = createRequire(import.meta.url);
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The binary shipped inside the npm package for this platform (no Docker, no download). */
export function restateServerBinary(): string {
  const pkg = `@restatedev/restate-server-${process.platform}-${process.arch}`;
  try {
    return require.resolve(`${pkg}/bin/restate-server`);
  } catch {
    throw new Error(`restate-server binary not found: ${pkg} is not installed (run npm install on ${process.platform}/${process.arch})`);
  }
}

export interface RestateServerOptions {
  baseDir: string;
  ingressPort: number;
  adminPort: number;
  nodePort: number;
  /** Extra RESTATE_* variables, e.g. a retry policy for tests. */
  env?: Record<string, string>;
  /** The server's configuration file; the project's `restate.toml` (one development node) by default. */
  configFile?: string;
  /**
   * Wait until the admin API and the ingress answer (the default). A cluster node that has not
   * joined a provisioned cluster yet serves neither, so a cluster starts its nodes without waiting.
   */
  awaitReady?: boolean;
  /** Where the server's own log goes; defaults to `<baseDir>/restate-server.log`. */
  logFile?: string;
  readyTimeoutMs?: number;
}

export interface RestateServer {
  ingressUrl: string;
  adminUrl: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Retry policy for tests: a bug fails fast instead of being retried for minutes or paused. */
export const fastFailRetryPolicy: Record<string, string> = {
  RESTATE_DEFAULT_RETRY_POLICY__INITIAL_INTERVAL: "50ms",
  RESTATE_DEFAULT_RETRY_POLICY__EXPONENTIATION_FACTOR: "2.0",
  RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: "1s",
  RESTATE_DEFAULT_RETRY_POLICY__MAX_ATTEMPTS: "12",
  RESTATE_DEFAULT_RETRY_POLICY__ON_MAX_ATTEMPTS: "kill",
};

export async function startRestateServer(options: RestateServerOptions): Promise<RestateServer> {
  mkdirSync(options.baseDir, { recursive: true });
  const logFile = options.logFile ?? path.join(options.baseDir, "restate-server.log");
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawnTied(
    restateServerBinary(),
    ["--config-file", options.configFile ?? path.join(projectRoot, "restate.toml"), "--base-dir", options.baseDir, "--no-logo"],
    {
      env: {
        ...process.env,
        RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${options.ingressPort}`,
        RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${options.adminPort}`,
        RESTATE_BIND_ADDRESS: `127.0.0.1:${options.nodePort}`,
        RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${options.nodePort}/`,
        RESTATE_LOG_DISABLE_ANSI_CODES: "true",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const server: RestateServer = {
    ingressUrl: `http://127.0.0.1:${options.ingressPort}`,
    adminUrl: `http://127.0.0.1:${options.adminPort}`,
    process: child,
    logFile,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };

  if (options.awaitReady === false) return server;
  await untilReady(server, options.readyTimeoutMs ?? 60_000);
  return server;
}

/** Waits until the server's admin API and ingress answer; SIGKILLs it and throws when it exits or the time is up. */
export async function untilReady(server: RestateServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void server.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`restate-server exited during startup (code ${server.process.exitCode}); see ${server.logFile}`);
    if ((await answers(`${server.adminUrl}/health`)) && (await answers(`${server.ingressUrl}/restate/health`))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop("SIGKILL");
  throw new Error(`restate-server did not become ready within ${timeoutMs} ms; see ${server.logFile}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Registers (or re-registers) a service endpoint; `force` so new handlers are picked up. */
export async function registerDeployment(adminUrl: string, endpointUrl: string): Promise<void> {
  const res = await fetch(`${adminUrl}/deployments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uri: endpointUrl, force: true }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) {
    throw new Error(`registering ${endpointUrl} at ${adminUrl} failed: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
  await res.body?.cancel();
}
