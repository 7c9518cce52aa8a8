import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, errorShape, newCustomer, PASSWORD } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl } from "../support/restate.ts";

const address = {
  label: "Home",
  name: "Ada Lovelace",
  street: "1 Analytical Way",
  city: "London",
  state: "LDN",
  zip: "10001",
  country: "GB",
};

describe("GET and PUT /me", () => {
  it("reads and renames the caller's own profile", async () => {
    const account = await newCustomer({ name: "Ada" });
    const put = await api("PUT", "/me", { token: account.accessToken, body: { name: "  Ada King  " } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      id: account.id,
      email: account.email,
      name: "Ada King",
      role: "customer",
      loyaltyTier: "bronze",
      createdAt: expect.any(String),
    });
    expect((await api("GET", "/me", { token: account.accessToken })).body).toEqual(put.body);
  });

  it("refuses a blank name and unknown fields, and changes nothing", async () => {
    const account = await newCustomer({ name: "Ada" });
    const blank = await api("PUT", "/me", { token: account.accessToken, body: { name: "   " } });
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ error: { code: "invalid_input", message: "name: name must not be empty", field: "name" } });
    const sneaky = await api("PUT", "/me", { token: account.accessToken, body: { name: "Ada", role: "admin" } });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.message).toContain('"role"');
    expect((await api("GET", "/me", { token: account.accessToken })).body).toMatchObject({ name: "Ada", role: "customer" });
  });

  it("is 401 without a token", async () => {
    for (const [method, path] of [
      ["GET", "/me"],
      ["PUT", "/me"],
      ["GET", "/me/addresses"],
      ["POST", "/me/addresses"],
      ["DELETE", "/me/addresses/adr_00000000000000000000"],
    ] as const) {
      const res = await api(method, path, method === "PUT" || method === "POST" ? { body: {} } : {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body, `${method} ${path}`).toEqual(errorShape("unauthenticated"));
    }
  });
});

describe("addresses", () => {
  it("are saved with an id, listed as a page, and deleted", async () => {
    const account = await newCustomer();
    const created = await api("POST", "/me/addresses", { token: account.accessToken, body: address });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^adr_[0-9a-f]{20}$/), ...address });
    const second = await api("POST", "/me/addresses", {
      token: account.accessToken,
      body: { ...address, label: undefined, street: "2 Difference Engine Rd" },
    });
    expect(second.status).toBe(201);
    expect(second.body.label).toBeUndefined();

    const list = await api("GET", "/me/addresses", { token: account.accessToken });
    expect(list.body).toEqual({ items: [created.body, second.body], page: 1, limit: 20, total: 2 });
    const paged = await api("GET", "/me/addresses?page=2&limit=1", { token: account.accessToken });
    expect(paged.body).toEqual({ items: [second.body], page: 2, limit: 1, total: 2 });

    const deleted = await api("DELETE", `/me/addresses/${created.body.id}`, { token: account.accessToken });
    expect(deleted.status).toBe(204);
    expect((await api("GET", "/me/addresses", { token: account.accessToken })).body.items).toEqual([second.body]);
    const again = await api("DELETE", `/me/addresses/${created.body.id}`, { token: account.accessToken });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(errorShape("not_found"));
  });

  it("are deleted once: a retry with the same Idempotency-Key gets the same 204", async () => {
    const account = await newCustomer();
    const saved = await api("POST", "/me/addresses", { token: account.accessToken, body: address });
    const headers = { "idempotency-key": `delete-${saved.body.id}` };
    expect((await api("DELETE", `/me/addresses/${saved.body.id}`, { token: account.accessToken, headers })).status).toBe(204);
    expect((await api("DELETE", `/me/addresses/${saved.body.id}`, { token: account.accessToken, headers })).status).toBe(204);
    expect((await api("DELETE", `/me/addresses/${saved.body.id}`, { token: account.accessToken })).status).toBe(404);
  });

  it("are saved once when a retry carries the same Idempotency-Key", async () => {
    const account = await newCustomer();
    const headers = { "idempotency-key": `addr-${account.id}` };
    const first = await api("POST", "/me/addresses", { token: account.accessToken, body: address, headers });
    const retry = await api("POST", "/me/addresses", { token: account.accessToken, body: address, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await api("GET", "/me/addresses", { token: account.accessToken })).body.total).toBe(1);
  });

  it("of another customer are a 404 to delete, and stay where they are", async () => {
    const owner = await newCustomer();
    const other = await newCustomer();
    const saved = await api("POST", "/me/addresses", { token: owner.accessToken, body: address });
    const res = await api("DELETE", `/me/addresses/${saved.body.id}`, { token: other.accessToken });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(errorShape("not_found"));
    expect((await api("GET", "/me/addresses", { token: other.accessToken })).body.items).toEqual([]);
    expect((await api("GET", "/me/addresses", { token: owner.accessToken })).body.items).toEqual([saved.body]);
  });

  it("refuse bad fields by name, bad ids and bad paging with 400", async () => {
    const account = await newCustomer();
    const badCountry = await api("POST", "/me/addresses", { token: account.accessToken, body: { ...address, country: "gb" } });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body.error).toMatchObject({ code: "invalid_input", field: "country" });
    const missing = await api("POST", "/me/addresses", { token: account.accessToken, body: { ...address, street: undefined } });
    expect(missing.body.error).toMatchObject({ code: "invalid_input", field: "street" });
    const badId = await api("DELETE", "/me/addresses/not-an-id", { token: account.accessToken });
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ code: "invalid_input", field: "id" });
    const badLimit = await api("GET", "/me/addresses?limit=101", { token: account.accessToken });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatchObject({ field: "limit", message: "limit: must be at most 100" });
    expect((await api("GET", "/me/addresses", { token: account.accessToken })).body.total).toBe(0);
  });

  it("stop at 20 per customer with a 409", async () => {
    const account = await newCustomer();
    for (let i = 0; i < 20; i++) {
      expect(
        (await api("POST", "/me/addresses", { token: account.accessToken, body: { ...address, street: `${i} Main St` } })).status,
      ).toBe(201);
    }
    const over = await api("POST", "/me/addresses", { token: account.accessToken, body: address });
    expect(over.status).toBe(409);
    expect(over.body).toEqual(errorShape("conflict"));
    expect((await api("GET", "/me/addresses?limit=100", { token: account.accessToken })).body.total).toBe(20);
  });
});

describe("POST /me/password", () => {
  const login = (email: string, password: string, url?: string) => api("POST", "/auth/login", { url, body: { email, password } });
  const refresh = (refreshToken: string, url?: string) => api("POST", "/auth/refresh", { url, body: { refreshToken } });

  it("changes the password for whoever knows the current one, ending every other session and keeping this one", async () => {
    const account = await newCustomer();
    const other = await login(account.email, PASSWORD);
    expect(other.status).toBe(200);
    const res = await api("POST", "/me/password", {
      token: account.accessToken,
      body: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" },
    });
    expect(res.status).toBe(204);
    expect((await refresh(other.body.refreshToken)).status).toBe(401);
    expect((await refresh(account.refreshToken)).status).toBe(200);
    expect((await login(account.email, PASSWORD)).status).toBe(401);
    expect((await login(account.email, "a brand new passphrase")).status).toBe(200);
  });

  it("refuses a wrong current password with 403 naming the field, and a new one that breaks the rules with 400; nothing changes", async () => {
    const account = await newCustomer();
    const other = await login(account.email, PASSWORD);
    const wrong = await api("POST", "/me/password", {
      token: account.accessToken,
      body: { currentPassword: "not the password at all", newPassword: "a brand new passphrase" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({
      error: { code: "wrong_password", message: "currentPassword: is not this account's password", field: "currentPassword" },
    });
    const short = await api("POST", "/me/password", {
      token: account.accessToken,
      body: { currentPassword: PASSWORD, newPassword: "short" },
    });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ field: "newPassword", message: "newPassword: must be at least 10 characters" });
    const common = await api("POST", "/me/password", {
      token: account.accessToken,
      body: { currentPassword: PASSWORD, newPassword: "password123" },
    });
    expect(common.status).toBe(400);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
    expect((await login(account.email, PASSWORD)).status).toBe(200);
    expect((await api("POST", "/me/password", { body: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" } })).status).toBe(
      401,
    );
  });

  describe("with the sign-in limits of a small shop", () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({
        port: 0,
        host: "127.0.0.1",
        env: testApiEnv(ingressUrl(), { SIGNIN_MAX_FAILURES_PER_IP_EMAIL: "2" }),
      });
    });
    afterAll(() => server?.close());

    it("counts wrong current passwords as failed sign-ins: 429 with Retry-After after the limit, the right one included", async () => {
      const account = await newCustomer({ url: server.url });
      const attempt = (currentPassword: string) =>
        api("POST", "/me/password", {
          url: server.url,
          token: account.accessToken,
          body: { currentPassword, newPassword: "a brand new passphrase" },
        });
      expect((await attempt("wrong password one")).status).toBe(403);
      expect((await attempt("wrong password two")).status).toBe(403);
      const limited = await attempt(PASSWORD);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await login(account.email, PASSWORD, server.url)).status).toBe(429);
    });
  });
});
