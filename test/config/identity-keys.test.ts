import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newIdentityKey } from "../../scripts/lib/identity-key.ts";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { callerSignatureHeader } from "../support/restate.ts";

/**
 * Request identity between Restate and the endpoints, as docs/deployment.md configures it: the
 * server signs with the private key `npm run identity-key` writes, and an endpoint whose
 * RESTATE_IDENTITY_KEYS lists the printed public key accepts it; an endpoint expecting another key
 * refuses it.
 */
describe("request identity keys", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "commerce-identity-"));
  const signing = newIdentityKey();
  const keyFile = path.join(dir, "restate-identity.pem");
  let restate: Awaited<ReturnType<typeof ownRestateServer>>;
  const endpoints: EndpointServer[] = [];
  const endpointExpecting = async (publicKey: string) => {
    const endpoint = await startEndpointServer({
      port: 0,
      host: "127.0.0.1",
      env: { ...process.env, API_CALLER_KEY: TEST_API_CALLER_KEY, RESTATE_IDENTITY_KEYS: publicKey },
    });
    endpoints.push(endpoint);
    return endpoint;
  };

  beforeAll(async () => {
    writeFileSync(keyFile, signing.privateKeyPem, { mode: 0o600 });
    restate = await ownRestateServer({ RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE: keyFile });
  });

  afterAll(async () => {
    await Promise.all(endpoints.map((e) => e.close()));
    await restate?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("derives the public key the server itself announces for the private key", async () => {
    const log = readFileSync(restate.logFile, "utf8");
    expect(log).toContain(`kid: "${signing.publicKey}"`);
    expect(signing.publicKey).toMatch(/^publickeyv1_[1-9A-HJ-NP-Za-km-z]{43,44}$/);
  });

  it("lets the server register and call an endpoint that expects its key", async () => {
    const endpoint = await endpointExpecting(signing.publicKey);
    await restate.register(endpoint.url);
    const body = JSON.stringify({ name: "Signed mug", price: 1200 });
    const res = await fetch(`${restate.ingressUrl}/InventoryItem/identity-sku/upsert`, {
      method: "POST",
      headers: { "content-type": "application/json", ...callerSignatureHeader("/InventoryItem/identity-sku/upsert", body) },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sku: "identity-sku", name: "Signed mug", price: 1200 });
  });

  it("keeps out a server whose key the endpoint does not list", async () => {
    const endpoint = await endpointExpecting(newIdentityKey().publicKey);
    await expect(restate.register(endpoint.url)).rejects.toThrow(/401|Unauthorized/i);
  });
});
