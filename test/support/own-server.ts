import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fastFailRetryPolicy, registerDeployment, startRestateServer, type RestateServer } from "../../scripts/lib/restate-server.ts";
import { freePort } from "../../scripts/lib/ports.ts";

/**
 * A restate-server owned by one test, for tests that stop and restart it. Ports stay fixed across
 * restarts so registered deployments and clients keep working.
 */
export async function ownRestateServer(env: Record<string, string> = {}) {
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-own-"));
  const ports = { ingressPort: await freePort(), adminPort: await freePort(), nodePort: await freePort() };
  const start = () => startRestateServer({ baseDir, ...ports, env: { ...fastFailRetryPolicy, ...env } });
  let server: RestateServer = await start();
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
