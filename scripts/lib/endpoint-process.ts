import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { spawnTied } from "./children.ts";
import { projectRoot } from "./restate-server.ts";

export interface EndpointProcessOptions {
  port: number;
  /** Variables on top of the parent's environment (MOCK_MODE, MOCK_LEDGER_FILE, LOG_LEVEL…). */
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
  /** The script the process runs, relative to the project root; `src/server/endpoint-main.ts` (npm run serve) by default. */
  entry?: string;
  /** The folder it runs from (the project's by default; a test lays out the Docker image's). */
  root?: string;
}

/** A service endpoint as its own process (`node src/server/endpoint-main.ts`), so it can be SIGKILLed and started again. */
export interface EndpointProcess {
  url: string;
  readonly pid: number | undefined;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function endpointProcess(options: EndpointProcessOptions): EndpointProcess {
  const log = createWriteStream(options.logFile, { flags: "a" });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    url: `http://127.0.0.1:${options.port}`,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (running()) return;
      const root = options.root ?? projectRoot;
      const spawned = spawnTied(process.execPath, [path.join(root, options.entry ?? "src/server/endpoint-main.ts")], {
        cwd: root,
        env: { ...process.env, ...options.env, PORT: String(options.port), HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      spawned.stdout?.pipe(log, { end: false });
      spawned.stderr?.pipe(log, { end: false });
      child = spawned;
      exited = new Promise((resolve) => spawned.once("exit", () => resolve()));
      const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
      while (!(await listening(options.port))) {
        if (!running()) throw new Error(`endpoint on port ${options.port} exited during startup; see ${options.logFile}`);
        if (Date.now() > deadline) throw new Error(`endpoint on port ${options.port} did not listen in time; see ${options.logFile}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = "SIGKILL") {
      if (!running()) return;
      child!.kill(signal);
      await exited;
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
