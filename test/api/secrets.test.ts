import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/api/server.ts";
import { CALLER_SIGNATURE_HEADER } from "../../src/restate/caller-signature.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { api, uniqueEmail } from "../support/api.ts";
import { ingressUrl, sql } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

interface Row {
  raw?: string | null;
  entry_json?: string | null;
  value?: string | null;
  value_utf8?: string | null;
}

/** Every byte Restate keeps in its journal and state tables, decoded from the admin SQL endpoint's hex. */
async function restateBytes(): Promise<Buffer> {
  const journal = await sql<Row>("SELECT raw, entry_json FROM sys_journal");
  const state = await sql<Row>("SELECT value, value_utf8 FROM state");
  const parts: Buffer[] = [];
  for (const row of [...journal, ...state]) {
    const hex = row.raw ?? row.value;
    if (hex) parts.push(Buffer.from(hex, "hex"));
    const text = row.entry_json ?? row.value_utf8;
    if (text) parts.push(Buffer.from(text));
  }
  return Buffer.concat(parts);
}

describe("bearer tokens, refresh tokens and passwords never reach Restate or the logs, an order included", () => {
  let server: ApiServer;
  let logs = "";

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    // Everything the API would log, at the most talkative level.
    server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl()), log: pino({ level: "trace" }, sink) });
  });
  afterAll(() => server?.close());

  it("after register, sign-in, refresh, authenticated calls and logout, no journal entry, state value or log line holds one", async () => {
    const url = server.url;
    const email = uniqueEmail("secret");
    // Alphanumeric, so no JSON escaping could hide it from a byte search.
    const password = `Pw${randomBytes(18).toString("hex")}`;
    const registered = await api("POST", "/auth/register", { url, body: { email, password, name: "Grace Hopper" }, headers: { "idempotency-key": `reg-${email}` } });
    expect(registered.status).toBe(201);
    const loggedIn = await api("POST", "/auth/login", { url, body: { email, password } });
    expect(loggedIn.status).toBe(200);
    const refreshed = await api("POST", "/auth/refresh", { url, body: { refreshToken: loggedIn.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken;
    expect((await api("PUT", "/me", { url, token, body: { name: "Grace B. Hopper" }, headers: { "idempotency-key": `me-${email}` } })).status).toBe(200);
    expect((await api("POST", "/me/addresses", { url, token, body: { name: "Grace", street: "1 Navy Way", city: "Arlington", state: "VA", zip: "22202", country: "US" } })).status).toBe(201);
    expect((await api("GET", "/me", { url, token })).status).toBe(200);
    // An order, from cart to confirmation, with every credential in play.
    const sku = await product(5, 1000);
    expect((await api("POST", "/cart/items", { url, token, body: { sku, quantity: 1 } })).status).toBe(200);
    const placed = await api("POST", "/orders", { url, token, body: { shippingAddress: address, paymentMethodId: "pm_card_visa" }, headers: { "idempotency-key": `order-${email}` } });
    expect(placed.status).toBe(201);
    expect((await api("GET", `/orders/${placed.body.orderNumber}`, { url, token })).status).toBe(200);
    expect((await api("POST", "/auth/login", { url, body: { email, password: `${password}x` } })).status).toBe(401);
    expect((await api("POST", "/auth/logout", { url, body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(204);

    const accessTokens = [registered.body.accessToken, loggedIn.body.accessToken, refreshed.body.accessToken];
    const refreshTokens = [registered.body.refreshToken, loggedIn.body.refreshToken, refreshed.body.refreshToken];
    const secrets: Array<[string, string]> = [
      ["password", password],
      ...accessTokens.map((t, i): [string, string] => [`access token ${i}`, t]),
      // The signature alone is what makes a JWT usable.
      ...accessTokens.map((t, i): [string, string] => [`access token ${i} signature`, t.split(".")[2]]),
      ...refreshTokens.map((t, i): [string, string] => [`refresh token ${i}`, t]),
      ...refreshTokens.map((t, i): [string, string] => [`refresh token ${i} secret`, t.split(".")[2]]),
      // The API signs its calls with its credential; the key itself never travels.
      ["the API's credential (API_CALLER_KEY)", TEST_API_CALLER_KEY],
    ];

    const stored = await restateBytes();
    // The search finds what is there: the account's id, name and session ids are stored in the clear.
    const [customerId, sessionId] = refreshed.body.refreshToken.split(".");
    // And the headers of the API's calls: their signatures are journaled (no secret), the key is not.
    for (const present of [customerId, "Grace B. Hopper", sessionId, email, placed.body.orderNumber, CALLER_SIGNATURE_HEADER]) expect(stored.includes(Buffer.from(present)), present).toBe(true);
    for (const [what, secret] of secrets) {
      expect(stored.includes(Buffer.from(secret)), `${what} found in Restate's journal or state`).toBe(false);
      expect(stored.includes(Buffer.from(Buffer.from(secret).toString("base64"))), `${what} (base64) found in Restate's journal or state`).toBe(false);
    }

    expect(logs).toContain('"path":"/auth/login"');
    for (const [what, secret] of secrets) expect(logs.includes(secret), `${what} found in the API's log`).toBe(false);
  });
});
