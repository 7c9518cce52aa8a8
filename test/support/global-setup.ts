import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { fastFailRetryPolicy, registerDeployment, startRestateServer } from "../../scripts/lib/restate-server.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { startEndpointServer } from "../../src/endpoint-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    ingressUrl: string;
    adminUrl: string;
  }
}

/** One real restate-server and one in-process endpoint shared by every test file. */
export default async function setup(project: TestProject) {
  const baseDir = mkdtempSync(path.join(tmpdir(), "commerce-test-"));
  const server = await startRestateServer({
    baseDir,
    ingressPort: await freePort(),
    adminPort: await freePort(),
    nodePort: await freePort(),
    env: fastFailRetryPolicy,
  });
  const endpoint = await startEndpointServer({ port: 0, host: "127.0.0.1" });
  try {
    await registerDeployment(server.adminUrl, endpoint.url);
  } catch (error) {
    await endpoint.close();
    await server.stop("SIGKILL");
    throw error;
  }
  project.provide("ingressUrl", server.ingressUrl);
  project.provide("adminUrl", server.adminUrl);

  return async () => {
    await endpoint.close();
    await server.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
}
