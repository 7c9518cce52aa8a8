import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/ports.ts";
import { fastFailRetryPolicy, type RestateServer, registerDeployment, startRestateServer } from "../../scripts/lib/restate-server.ts";

/**
 * A restate-server owned by one test, for tests that stop and restart it. Ports stay fixed across
 * restarts so registered deployments and clients keep working.
 */
export async function ownRestateServer(env: Record<string, string> = {}) {
  let baseDir = "";
  let ports = { ingressPort: 0, adminPort: 0, nodePort: 0 };
  const start = () => startRestateServer({ baseDir, ...ports, env: { ...fastFailRetryPolicy, ...env } });
  const firstStart = async (attempt: number): Promise<RestateServer> => {
    baseDir = mkdtempSync(path.join(tmpdir(), "commerce-own-"));
    ports = { ingressPort: await freePort(), adminPort: await freePort(), nodePort: await freePort() };
    try {
      return await start();
    } catch (error) {
      // A free port is free for everyone: another test's process may bind it between our asking and
      // the server binding it. Then the server gets new ports (and a clean folder), a few times.
      // Anything else, or a third time, is a failure to look into: its log stays.
      if (attempt === 3 || !readFileSync(path.join(baseDir, "restate-server.log"), "utf8").includes("Address in use")) throw error;
      rmSync(baseDir, { recursive: true, force: true });
      return firstStart(attempt + 1);
    }
  };
  let server = await firstStart(1);
  return {
    get ingressUrl() {
      return server.ingressUrl;
    },
    get adminUrl() {
      return server.adminUrl;
    },
    get logFile() {
      return server.logFile;
    },
    register: (endpointUrl: string) => registerDeployment(server.adminUrl, endpointUrl),
    async restart(signal: NodeJS.Signals = "SIGTERM") {
      await server.stop(signal);
      server = await start();
    },
    async dispose() {
      await server.stop("SIGKILL");
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
