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
    ledgerFile: string;
  }
}

/** What the test endpoint runs with: mocks sharing a ledger file the tests read, short timeouts. */
export function testEndpointEnv(ledgerFile: string, ingressUrl: string): Record<string, string> {
  return {
    MOCK_MODE: "true",
    MOCK_LEDGER_FILE: ledgerFile,
    ASYNC_PAYMENT_TIMEOUT_MS: "4000",
    MOCK_ASYNC_PAYMENT_DELAY_MS: "300",
    MOCK_SHIPPING_STEP_MS: "300",
    MOCK_EMAIL_EVENT_DELAY_MS: "100",
    RESTATE_INGRESS_URL: ingressUrl,
  };
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
  const ledgerFile = path.join(baseDir, "mock-ledger.sqlite");
  Object.assign(process.env, testEndpointEnv(ledgerFile, server.ingressUrl));
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
  project.provide("ledgerFile", ledgerFile);

  return async () => {
    await endpoint.close();
    await server.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
}
