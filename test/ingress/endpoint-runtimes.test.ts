import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { callerSignatureHeader, eventually, post } from "../support/restate.ts";

// Each endpoint's handlers read the runtime it was built with. Two endpoints built in one process
// with different settings each keep their own: the second does not reconfigure the first, as a
// process-wide setting would. The setting shown is the API's credential (API_CALLER_KEY), which the
// handlers that grant identity or move money check every call against.

const KEY_A = "endpoint-a-caller-key-0123456789abcdef0123";
const KEY_B = "endpoint-b-caller-key-0123456789abcdef0123";

const endpointEnv = (key: string) => ({
  MOCK_MODE: "true",
  MOCK_WEBHOOKS: "false",
  API_CALLER_KEY: key,
  DATABASE_URL: process.env.DATABASE_URL ?? "postgres://unused.invalid/none",
  LOG_LEVEL: "warn",
});

describe("two endpoints in one process, built with different runtimes", () => {
  let server: Awaited<ReturnType<typeof ownRestateServer>>;
  let a: EndpointServer;
  let b: EndpointServer;

  beforeAll(async () => {
    server = await ownRestateServer();
    // Both built before either serves: the one built last must not decide for the other.
    a = await startEndpointServer({ port: 0, host: "127.0.0.1", env: endpointEnv(KEY_A) });
    b = await startEndpointServer({ port: 0, host: "127.0.0.1", env: endpointEnv(KEY_B) });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.dispose();
  });

  /** Acknowledging an alert the inbox never held: 404 once the caller's signature passed, 401 before. */
  const acknowledgeSignedWith = (key: string) => {
    const path = "/OperatorInbox/shop/acknowledge";
    const body = { id: "no-such-alert" };
    return post(path, body, { url: server.ingressUrl, headers: callerSignatureHeader(path, JSON.stringify(body), key) });
  };

  it("each checks calls against its own API_CALLER_KEY, whichever was built last", async () => {
    await server.register(a.url);
    const signedForA = await eventually(
      () => acknowledgeSignedWith(KEY_A),
      // Until the new deployment's services are known, the ingress answers 404 too, without the handler's reason.
      (r) => r.status !== 404 || JSON.stringify(r.body).includes("no alert no-such-alert"),
    );
    expect(signedForA.status).toBe(404);
    expect(JSON.stringify(signedForA.body)).toContain("no alert no-such-alert");
    const signedForB = await acknowledgeSignedWith(KEY_B);
    expect(signedForB.status).toBe(401);
    expect(JSON.stringify(signedForB.body)).toContain("does not carry a valid");

    await server.register(b.url);
    const nowForB = await eventually(
      () => acknowledgeSignedWith(KEY_B),
      (r) => r.status === 404,
    );
    expect(nowForB.status).toBe(404);
    expect((await acknowledgeSignedWith(KEY_A)).status).toBe(401);
  });
});
