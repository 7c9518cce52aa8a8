import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { startApiServer } from "../../src/api/api-server.ts";
import { api, errorShape, newCustomer, PASSWORD, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl, post } from "../support/restate.ts";

const register = (body: unknown, headers: Record<string, string> = {}) => api("POST", "/auth/register", { body, headers });
const login = (email: string, password: string) => api("POST", "/auth/login", { body: { email, password } });
const refresh = (refreshToken: string) => api("POST", "/auth/refresh", { body: { refreshToken } });
const me = (token: string) => api("GET", "/me", { token });

describe("registration", () => {
  it("creates a customer, signs it in, and keeps only a normalised email", async () => {
    const email = uniqueEmail("Reg");
    const res = await register({ email: `  ${email.toUpperCase()} `, password: PASSWORD, name: "Ada Lovelace" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      customer: { id: expect.stringMatching(/^cus_[0-9a-f]{32}$/), email, name: "Ada Lovelace", role: "customer" },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: "Bearer",
      expiresIn: 900,
    });
    const profile = await me(res.body.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({
      id: res.body.customer.id,
      email,
      name: "Ada Lovelace",
      role: "customer",
      loyaltyTier: "bronze",
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(profile.body.createdAt))).toBe(false);
  });

  it("refuses a password shorter than 10 characters, naming the field and the rule, and creates nothing", async () => {
    const email = uniqueEmail();
    const res = await register({ email, password: "123456789", name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: "password: must be at least 10 characters", field: "password" } });
    expect((await post(`/EmailIndex/${encodeURIComponent(email)}/lookup`)).body).toBeNull();
  });

  it.each([
    ["whitespace only", " ".repeat(12), "password: must not be only whitespace"],
    [
      "a common password",
      "password123",
      "password: is one of the most commonly used passwords (attackers try those first); choose another",
    ],
    [
      "a common password in other letter case",
      "QwertyUIOP",
      "password: is one of the most commonly used passwords (attackers try those first); choose another",
    ],
  ])("refuses %s with a 400 naming the field and the rule, and creates nothing", async (_what, password, message) => {
    const email = uniqueEmail();
    const res = await register({ email, password, name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message, field: "password" } });
    expect((await post(`/EmailIndex/${encodeURIComponent(email)}/lookup`)).body).toBeNull();
  });

  it("answers 409 for an email already registered, in any letter case", async () => {
    const account = await newCustomer();
    const res = await register({ email: account.email.toUpperCase(), password: "another password", name: "Someone Else" });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "email_taken", message: expect.stringContaining("already registered"), field: "email" } });
    // The first account's password still works, the intruder's does not.
    expect((await login(account.email, PASSWORD)).status).toBe(200);
    expect((await login(account.email, "another password")).status).toBe(401);
  });

  it("lets exactly one of 10 concurrent registrations of one email win; the rest are 409", async () => {
    const email = uniqueEmail("race");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register({ email, password: `password-number-${i}`, name: `Racer ${i}` })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 201)!;
    const index = Number(winner.body.customer.name.split(" ")[1]);
    expect((await login(email, `password-number-${index}`)).body.customer.id).toBe(winner.body.customer.id);
    expect((await post(`/EmailIndex/${encodeURIComponent(email)}/lookup`)).body).toBe(winner.body.customer.id);
  });

  it("answers a retry with the same Idempotency-Key with the same account and working tokens, but only with the same password", async () => {
    const email = uniqueEmail("idem");
    const key = `register-${email}`;
    const first = await register({ email, password: PASSWORD, name: "Ada" }, { "idempotency-key": key });
    const again = await register({ email, password: PASSWORD, name: "Ada" }, { "idempotency-key": key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.customer).toEqual(first.body.customer);
    expect(again.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await me(again.body.accessToken)).status).toBe(200);
    expect((await refresh(again.body.refreshToken)).status).toBe(200);
    expect((await refresh(first.body.refreshToken)).status).toBe(200);

    // Someone who guessed the key but not the password gets nothing of the account: another body is another request.
    const intruder = await register({ email, password: "not the same password", name: "Mallory" }, { "idempotency-key": key });
    expect(intruder.status).toBe(422);
    expect(intruder.body.error.code).toBe("idempotency_key_reused");
    expect(intruder.text).not.toContain("Token");
  });
});

describe("sign-in", () => {
  it("signs in with the right password and opens a new session", async () => {
    const account = await newCustomer();
    const res = await login(account.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.customer).toEqual({ id: account.id, email: account.email, name: "Ada Lovelace", role: "customer" });
    expect(res.body.refreshToken).not.toBe(account.refreshToken);
    expect((await me(res.body.accessToken)).body.id).toBe(account.id);
  });

  it("answers an unknown email and a wrong password alike: 401 with the same message", async () => {
    const account = await newCustomer();
    const wrong = await login(account.email, "not the password");
    const unknown = await login(uniqueEmail("nobody"), "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(errorShape("unauthenticated"));
    expect(wrong.body).toEqual(unknown.body);
  });
});

describe("refresh tokens", () => {
  it("rotate: the new token works, the old one stops working", async () => {
    const account = await newCustomer();
    const first = await refresh(account.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.customer.id).toBe(account.id);
    expect(first.body.refreshToken).not.toBe(account.refreshToken);
    expect((await me(first.body.accessToken)).status).toBe(200);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
  });

  it("reuse of a rotated token ends the whole session: the newest token stops working too", async () => {
    const account = await newCustomer();
    const rotated = await refresh(account.refreshToken);
    expect(rotated.status).toBe(200);
    // Not the token rotated away last (the grace covers only that one): plain reuse.
    const newest = await refresh(rotated.body.refreshToken);
    expect(newest.status).toBe(200);
    const replay = await refresh(account.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(errorShape("unauthenticated"));
    expect((await refresh(newest.body.refreshToken)).status).toBe(401);
    // Other sessions of the same customer are not touched.
    const other = await login(account.email, PASSWORD);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
  });

  it("refuses tokens that were never issued: wrong secret of an unknown session, unknown customer, malformed", async () => {
    const account = await newCustomer();
    const [customerId, sessionId] = account.refreshToken.split(".");
    const otherSession = `${customerId}.${"A".repeat(22)}.${"B".repeat(43)}`;
    expect((await refresh(otherSession)).status).toBe(401);
    expect((await refresh(`cus_${"0".repeat(32)}.${sessionId}.${"B".repeat(43)}`)).status).toBe(401);
    const malformed = await refresh("not-a-token");
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: { code: "invalid_input", message: "refreshToken: must be a refresh token issued by this API", field: "refreshToken" },
    });
    // The real session was never touched by those.
    expect((await refresh(account.refreshToken)).status).toBe(200);
  });

  it("a wrong secret for a real session, as anyone who saw an access token could send, is 401 and ends nothing", async () => {
    const account = await newCustomer();
    // The customer id and session id are in every access token, readable by whoever holds one.
    const claims = JSON.parse(Buffer.from(account.accessToken.split(".")[1]!, "base64url").toString());
    const forged = `${claims.sub}.${claims.sid}.${"B".repeat(43)}`;
    expect(forged.split(".").slice(0, 2)).toEqual(account.refreshToken.split(".").slice(0, 2));
    expect((await refresh(forged)).status).toBe(401);
    expect((await refresh(account.refreshToken)).status).toBe(200);
  });

  it("carry a role change into the next access token", async () => {
    const account = await newCustomer();
    const admin = await signedInAdmin();
    expect((await api("PUT", `/admin/customers/${account.id}/role`, { token: admin.accessToken, body: { role: "admin" } })).status).toBe(
      200,
    );
    const refreshed = await refresh(account.refreshToken);
    expect(refreshed.body.customer.role).toBe("admin");
    const claims = JSON.parse(Buffer.from(refreshed.body.accessToken.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: account.id, role: "admin" });
  });
});

describe("logout", () => {
  it("ends that session only, and answers 204 again for a session already ended", async () => {
    const account = await newCustomer();
    const other = await login(account.email, PASSWORD);
    const res = await api("POST", "/auth/logout", { body: { refreshToken: account.refreshToken } });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await refresh(account.refreshToken)).status).toBe(401);
    expect((await api("POST", "/auth/logout", { body: { refreshToken: account.refreshToken } })).status).toBe(204);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
  });

  it("ends nothing without the session's secret: the ids in an access token are not enough", async () => {
    const account = await newCustomer();
    const claims = JSON.parse(Buffer.from(account.accessToken.split(".")[1]!, "base64url").toString());
    const forged = `${claims.sub}.${claims.sid}.${"C".repeat(43)}`;
    expect((await api("POST", "/auth/logout", { body: { refreshToken: forged } })).status).toBe(204);
    expect((await refresh(account.refreshToken)).status).toBe(200);
  });

  it("refuses a malformed token with 400", async () => {
    const res = await api("POST", "/auth/logout", { body: { refreshToken: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("refreshToken");
  });
});

describe("access tokens", () => {
  it("are required on protected routes: missing, malformed, forged and expired tokens are 401 unauthenticated", async () => {
    const account = await newCustomer();
    const [header, payload] = account.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
    const expired = await new SignJWT({ role: "customer", sid: claims.sid })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(account.id)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(new TextEncoder().encode("x".repeat(48)));
    const cases: Array<[string, Record<string, string>]> = [
      ["missing", {}],
      ["not Bearer", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
      ["empty Bearer", { authorization: "Bearer " }],
      ["garbage", { authorization: "Bearer abc.def.ghi" }],
      ["tampered claims", { authorization: `Bearer ${header}.${forgedPayload}.${account.accessToken.split(".")[2]}` }],
      ["alg none", { authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.` }],
      ["signed with another key, expired", { authorization: `Bearer ${expired}` }],
    ];
    for (const [what, headers] of cases) {
      const res = await api("GET", "/me", { headers });
      expect(res.status, what).toBe(401);
      expect(res.body, what).toEqual(errorShape("unauthenticated"));
      expect(res.headers.get("www-authenticate"), what).toContain("Bearer");
    }
  });

  it("expire: the API refuses its own token once past its expiry, as expired", async () => {
    const secret = "a test secret of at least thirty-two bytes";
    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { JWT_SECRET: secret }) });
    try {
      const account = await newCustomer({ url: server.url });
      const claims = JSON.parse(Buffer.from(account.accessToken.split(".")[1]!, "base64url").toString());
      const sign = (exp: number) =>
        new SignJWT({ role: claims.role, sid: claims.sid })
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .setSubject(claims.sub)
          .setIssuer(claims.iss)
          .setAudience(claims.aud)
          .setIssuedAt(exp - 900)
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode(secret));
      const now = Math.floor(Date.now() / 1000);
      // The same claims and key: valid before its expiry, refused after it.
      expect((await api("GET", "/me", { url: server.url, token: await sign(now + 600) })).status).toBe(200);
      const expired = await api("GET", "/me", { url: server.url, token: await sign(now - 60) });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: { code: "unauthenticated", message: "the access token has expired; refresh it" } });
    } finally {
      await server.close();
    }
  });
});
