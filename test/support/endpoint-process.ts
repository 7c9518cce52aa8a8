import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { portInUse } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/** The service endpoint as its own process, so a test can kill it the way a crash would. */
export function spawnEndpoint(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [path.join(projectRoot, "src/main.ts")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`endpoint on port ${port} did not start within ${timeoutMs} ms`);
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
