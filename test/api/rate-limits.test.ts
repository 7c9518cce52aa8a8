import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, errorShape, newCustomer, PASSWORD, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl, post } from "../support/restate.ts";

/** Each test speaks from its own address through one trusted proxy, so their counters never meet. */
let lastOctet = 0;
const newIp = () => `198.51.100.${++lastOctet}`;
const from = (ip: string) => ({ "x-forwarded-for": ip });
// Scrapes from another machine need the token.
const METRICS_TOKEN = "rate-limit-test-metrics-token";

function expectLimited(res: { status: number; body: unknown; headers: Headers }, message: RegExp) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual(errorShape("rate_limited"));
  expect((res.body as { error: { message: string } }).error.message).toMatch(message);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
}

describe("rate limits", () => {
  const servers: ApiServer[] = [];
  let auth: string;
  let general: string;
  let hashing: string;
  let untrusted: string;
  const start = async (env: Record<string, string>) => {
    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), env) });
    servers.push(server);
    return server.url;
  };

  beforeAll(async () => {
    auth = await start({
      TRUST_PROXY: "1",
      SIGNIN_MAX_FAILURES_PER_IP_EMAIL: "3",
      SIGNIN_MAX_FAILURES_PER_IP: "5",
      SIGNIN_MAX_FAILURES_PER_EMAIL: "6",
      REGISTER_MAX_PER_IP: "3",
      REGISTER_MAX_PER_EMAIL: "2",
    });
    // Full-cost hashes (2^17), one at a time with one waiting: a burst of six always overlaps.
    hashing = await start({
      TRUST_PROXY: "1",
      PASSWORD_SCRYPT_LOG_N: "17",
      PASSWORD_HASH_CONCURRENCY: "1",
      PASSWORD_HASH_QUEUE: "1",
      SIGNIN_MAX_IN_FLIGHT_PER_IP: "1",
    });
    general = await start({ TRUST_PROXY: "1", RATE_LIMIT_PER_MINUTE: "8", METRICS_TOKEN });
    untrusted = await start({ RATE_LIMIT_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const login = (ip: string, email: string, password: string) =>
    api("POST", "/auth/login", { url: auth, headers: from(ip), body: { email, password } });
  const register = (ip: string, email: string) =>
    api("POST", "/auth/register", { url: auth, headers: from(ip), body: { email, password: PASSWORD, name: "Ada" } });

  it("sign-in failures per address and email: after 3, that address gets 429 even with the right password; the owner elsewhere signs in", async () => {
    const account = await newCustomer();
    const attacker = newIp();
    for (let i = 0; i < 3; i++) expect((await login(attacker, account.email, "wrong password")).status).toBe(401);
    expectLimited(await login(attacker, account.email, PASSWORD), /failed sign-ins for this email from this address/);
    // Five wrong passwords from one address do not lock the account: its owner, from another address, gets in.
    expect((await login(newIp(), account.email, PASSWORD)).status).toBe(200);
    // The same address may still sign in to another account.
    const other = await newCustomer();
    expect((await login(attacker, other.email, PASSWORD)).status).toBe(200);
  });

  it("sign-in failures per email from many addresses meet the account's ceiling: then 429 from anywhere", async () => {
    const account = await newCustomer();
    // Three addresses, two guesses each: under the per-address limit every time, 6 failures in all.
    for (const ip of [newIp(), newIp(), newIp()]) {
      for (let i = 0; i < 2; i++) expect((await login(ip, account.email, "wrong password")).status).toBe(401);
    }
    expectLimited(await login(newIp(), account.email, PASSWORD), /failed sign-ins for this email$|failed sign-ins for this email;/);
  });

  it("a correct password clears that address's failures for the email", async () => {
    const account = await newCustomer();
    const ip = newIp();
    for (let i = 0; i < 2; i++) expect((await login(ip, account.email, "wrong password")).status).toBe(401);
    expect((await login(ip, account.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login(ip, account.email, "wrong password")).status).toBe(401);
    expect((await login(ip, account.email, PASSWORD)).status).toBe(200);
  });

  it("sign-in failures per address: 5 failures across many emails, then 429 for that address only", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await login(ip, uniqueEmail("spray"), "wrong password")).status).toBe(401);
    const account = await newCustomer();
    expectLimited(await login(ip, account.email, PASSWORD), /failed sign-ins from this address/);
    expect((await login(newIp(), account.email, PASSWORD)).status).toBe(200);
  });

  it("sign-ins in flight per address: a burst from one address gets 429 beyond the limit, never a 5xx", async () => {
    const ip = newIp();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        api("POST", "/auth/login", { url: hashing, headers: from(ip), body: { email: uniqueEmail("burst"), password: "wrong password" } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s !== 401 && s !== 429),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses).toContain(401);
    const limited = answers.find((a) => a.status === 429);
    expect(limited, JSON.stringify(statuses)).toBeDefined();
    expectLimited(limited!, /sign-ins in flight from this address/);
  });

  it("password hashing is bounded: beyond one hash and a queue of one, a sign-in is 503 with Retry-After, never waits in a long line", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        api("POST", "/auth/login", {
          url: hashing,
          headers: from(newIp()),
          body: { email: uniqueEmail("flood"), password: "wrong password" },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s !== 401 && s !== 503),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses).toContain(401);
    const busy = answers.find((a) => a.status === 503);
    expect(busy, JSON.stringify(statuses)).toBeDefined();
    expect(busy!.body).toEqual(errorShape("busy"));
    expect(busy!.headers.get("retry-after")).toBe("1");
    // Once the flood is over, sign-ins are checked again.
    const account = await newCustomer();
    expect(
      (await api("POST", "/auth/login", { url: hashing, headers: from(newIp()), body: { email: account.email, password: PASSWORD } }))
        .status,
    ).toBe(200);
  });

  it("registrations per address: the 4th from one address is 429 and creates nothing", async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) expect((await register(ip, uniqueEmail("burst"))).status).toBe(201);
    const email = uniqueEmail("burst");
    expectLimited(await register(ip, email), /registrations from this address/);
    expect((await post(`/EmailIndex/${encodeURIComponent(email)}/lookup`)).body).toBeNull();
    expect((await register(newIp(), email)).status).toBe(201);
  });

  it("registrations per email: the 3rd attempt at one email is 429, whatever the address", async () => {
    const email = uniqueEmail("again");
    expect((await register(newIp(), email)).status).toBe(201);
    expect((await register(newIp(), email)).status).toBe(409);
    expectLimited(await register(newIp(), email), /registrations for this email/);
  });

  it("requests per client: per address when anonymous, per customer when signed in; health and metrics are not counted", async () => {
    const ip = newIp();
    for (let i = 0; i < 8; i++) expect((await api("GET", "/openapi.json", { url: general, headers: from(ip) })).status).toBe(200);
    expectLimited(await api("GET", "/openapi.json", { url: general, headers: from(ip) }), /too many requests from this client/);
    expect((await api("GET", "/health", { url: general, headers: from(ip) })).status).toBe(200);
    expect((await api("GET", "/health/ready", { url: general, headers: from(ip) })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect(
        (await api("GET", "/metrics", { url: general, headers: { ...from(ip), authorization: `Bearer ${METRICS_TOKEN}` } })).status,
      ).toBe(200);

    const shared = newIp();
    const customer = await newCustomer({ url: general });
    for (let i = 0; i < 8; i++)
      expect((await api("GET", "/me", { url: general, headers: from(shared), token: customer.accessToken })).status).toBe(200);
    expectLimited(await api("GET", "/me", { url: general, headers: from(shared), token: customer.accessToken }), /too many requests/);
    // Another client behind the same address is not held up by that customer.
    expect((await api("GET", "/openapi.json", { url: general, headers: from(shared) })).status).toBe(200);
  });

  it("ignore X-Forwarded-For unless TRUST_PROXY says a proxy writes it", async () => {
    for (let i = 0; i < 3; i++) expect((await api("GET", "/openapi.json", { url: untrusted, headers: from(newIp()) })).status).toBe(200);
    expectLimited(await api("GET", "/openapi.json", { url: untrusted, headers: from(newIp()) }), /too many requests from this client/);
  });
});
