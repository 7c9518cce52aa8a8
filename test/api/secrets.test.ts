import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { CALLER_SIGNATURE_HEADER } from "../../src/platform/restate/caller-signature.ts";
import { api, uniqueEmail } from "../support/api.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl, post, sql } from "../support/restate.ts";
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
    const registered = await api("POST", "/auth/register", {
      url,
      body: { email, password, name: "Grace Hopper" },
      headers: { "idempotency-key": `reg-${email}` },
    });
    expect(registered.status).toBe(201);
    const loggedIn = await api("POST", "/auth/login", { url, body: { email, password } });
    expect(loggedIn.status).toBe(200);
    const refreshed = await api("POST", "/auth/refresh", { url, body: { refreshToken: loggedIn.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken;
    expect(
      (await api("PUT", "/me", { url, token, body: { name: "Grace B. Hopper" }, headers: { "idempotency-key": `me-${email}` } })).status,
    ).toBe(200);
    expect(
      (
        await api("POST", "/me/addresses", {
          url,
          token,
          body: { name: "Grace", street: "1 Navy Way", city: "Arlington", state: "VA", zip: "22202", country: "US" },
        })
      ).status,
    ).toBe(201);
    expect((await api("GET", "/me", { url, token })).status).toBe(200);
    // An order, from cart to confirmation, with every credential in play.
    const sku = await product(5, 1000);
    expect((await api("POST", "/cart/items", { url, token, body: { sku, quantity: 1 } })).status).toBe(200);
    const placed = await api("POST", "/orders", {
      url,
      token,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
      headers: { "idempotency-key": `order-${email}` },
    });
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
    for (const present of [customerId, "Grace B. Hopper", sessionId, email, placed.body.orderNumber, CALLER_SIGNATURE_HEADER])
      expect(stored.includes(Buffer.from(present)), present).toBe(true);
    for (const [what, secret] of secrets) {
      expect(stored.includes(Buffer.from(secret)), `${what} found in Restate's journal or state`).toBe(false);
      expect(
        stored.includes(Buffer.from(Buffer.from(secret).toString("base64"))),
        `${what} (base64) found in Restate's journal or state`,
      ).toBe(false);
    }

    expect(logs).toContain('"path":"/auth/login"');
    for (const [what, secret] of secrets) expect(logs.includes(secret), `${what} found in the API's log`).toBe(false);
  });

  it("the password hash stays in the Customer object: in no ingress answer and no journal entry, after sign-ins good and bad", async () => {
    const url = server.url;
    const email = uniqueEmail("hash");
    const password = `Pw${randomBytes(18).toString("hex")}`;
    const registered = await api("POST", "/auth/register", {
      url,
      body: { email, password, name: "Ada Hash" },
      headers: { "idempotency-key": `reg-${email}` },
    });
    expect(registered.status).toBe(201);
    // A replayed registration proves the password again; then sign-ins, right and wrong.
    expect(
      (
        await api("POST", "/auth/register", {
          url,
          body: { email, password, name: "Ada Hash" },
          headers: { "idempotency-key": `reg-${email}` },
        })
      ).status,
    ).toBe(201);
    expect((await api("POST", "/auth/login", { url, body: { email, password } })).status).toBe(200);
    expect((await api("POST", "/auth/login", { url, body: { email, password: `${password}-wrong` } })).status).toBe(401);
    const id = registered.body.customer.id as string;

    const [row] = await sql<{ value_utf8: string }>(
      `SELECT value_utf8 FROM state WHERE service_name = 'Customer' AND service_key = '${id}' AND key = 'passwordHash'`,
    );
    const stored = JSON.parse(row!.value_utf8) as string;
    const key = stored.split("$").at(-1)!;
    expect(key.length).toBeGreaterThanOrEqual(43);

    // What anyone who reaches the ingress gets for the account.
    const answers = await Promise.all(["signInDetails", "get"].map((handler) => post(`/Customer/${id}/${handler}`)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(key);
    }
    // The journals of every sign-in step of this account: their inputs, calls and answers. (Setting a
    // password takes the hash as input, and a handler's own read of its state is recorded in its journal
    // beside the state itself: both stay inside Restate's storage, which the ingress does not serve.)
    const entries = await sql<Row & { entry_type: string }>(
      `SELECT j.raw, j.entry_json, j.entry_type FROM sys_journal j JOIN sys_invocation i ON j.id = i.id WHERE i.target_service_key = '${id}' AND i.target_handler_name IN ('signInDetails', 'startSession', 'checkPassword')`,
    );
    const stateReads = (row: { entry_type: string }) => /Get(Eager|Lazy)?State/i.test(row.entry_type);
    const journal = entries.filter((row) => !stateReads(row));
    expect(entries.some(stateReads)).toBe(true);
    expect(journal.length).toBeGreaterThan(0);
    for (const row of journal) {
      const bytes = Buffer.concat([Buffer.from(row.raw ?? "", "hex"), Buffer.from(row.entry_json ?? "")]);
      expect(bytes.includes(Buffer.from(key)), `the hash's key in a sign-in's journal (${row.entry_type})`).toBe(false);
      expect(bytes.includes(Buffer.from(key, "base64")), "the hash's key (raw bytes) in a sign-in's journal").toBe(false);
    }
  });

  it("at the ingress, startSession without the password's proof is a 401 that opens nothing", async () => {
    const customer = await api("POST", "/auth/register", {
      url: server.url,
      body: { email: uniqueEmail("proof"), password: `Pw${randomBytes(12).toString("hex")}`, name: "Ada Proof" },
    });
    const id = customer.body.customer.id as string;
    const grant = { id: "B".repeat(22), secretHash: "a".repeat(64), ttlSeconds: 3600 };
    const refused = await post(`/Customer/${id}/startSession`, { ...grant, proof: "p".repeat(43) });
    expect(refused.status).toBe(401);
    const [sessions] = await sql<{ value_utf8: string }>(
      `SELECT value_utf8 FROM state WHERE service_name = 'Customer' AND service_key = '${id}' AND key = 'sessions'`,
    );
    expect(Object.keys(JSON.parse(sessions!.value_utf8))).not.toContain(grant.id);
  });
});
