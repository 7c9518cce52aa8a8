import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, newCustomer, PASSWORD, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl } from "../support/restate.ts";

const SHOP_COOKIE = "__Secure-rc-shop-refresh";
const ADMIN_COOKIE = "__Secure-rc-admin-refresh";

/** The Set-Cookie line of one cookie in an answer. */
function setCookie(headers: Headers, name: string): string | undefined {
  return headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}
const cookieValue = (line: string | undefined) => (line === undefined ? undefined : line.split(";")[0]!.slice(line.indexOf("=") + 1));

/** What a browser page sends: `{}`, the audience header, and its cookie. */
const cookieCall = (path: string, audience: "shop" | "admin", cookie: string | undefined, url?: string) =>
  api("POST", path, {
    url,
    body: {},
    headers: {
      "x-refresh-cookie": audience,
      ...(cookie ? { cookie: `${audience === "shop" ? SHOP_COOKIE : ADMIN_COOKIE}=${cookie}` } : {}),
    },
  });

async function browserSignIn(audience: "shop" | "admin" = "shop") {
  const email = uniqueEmail("cookie");
  const res = await api("POST", "/auth/register", {
    body: { email, password: PASSWORD, name: "Cookie Jar" },
    headers: { "x-refresh-cookie": audience },
  });
  expect(res.status).toBe(201);
  return { res, email, cookie: cookieValue(setCookie(res.headers, audience === "shop" ? SHOP_COOKIE : ADMIN_COOKIE))! };
}

describe("the refresh cookie (browsers)", () => {
  it("sign-in with X-Refresh-Cookie puts the refresh token in an HttpOnly, Secure, SameSite=Strict cookie on /auth, and not in the body", async () => {
    const { res, email, cookie } = await browserSignIn();
    const line = setCookie(res.headers, SHOP_COOKIE)!;
    expect(line.split("; ").slice(1).sort()).toEqual(["HttpOnly", "Max-Age=2592000", "Path=/auth", "SameSite=Strict", "Secure"]);
    expect(cookie).toMatch(/^cus_[0-9a-f]{32}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(res.body.refreshToken).toBeUndefined();
    expect(res.text).not.toContain(cookie.split(".")[2]);
    expect(res.body.accessToken).toEqual(expect.any(String));

    const login = await api("POST", "/auth/login", { body: { email, password: PASSWORD }, headers: { "x-refresh-cookie": "admin" } });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toBeUndefined();
    // The admin dashboard's sign-in is its own cookie: the shop's is untouched.
    expect(setCookie(login.headers, ADMIN_COOKIE)).toBeDefined();
    expect(setCookie(login.headers, SHOP_COOKIE)).toBeUndefined();
  });

  it("refresh by cookie rotates it; the cookie rotated away last answers the same successor within the grace", async () => {
    const { cookie } = await browserSignIn();
    const first = await cookieCall("/auth/refresh", "shop", cookie);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).toBeUndefined();
    expect(first.body.customer.name).toBe("Cookie Jar");
    const next = cookieValue(setCookie(first.headers, SHOP_COOKIE))!;
    expect(next).not.toBe(cookie);
    // A second tab that sent the same cookie at the same moment: the same new cookie, no reuse.
    const [a, b] = await Promise.all([cookieCall("/auth/refresh", "shop", next), cookieCall("/auth/refresh", "shop", next)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const successor = cookieValue(setCookie(a.headers, SHOP_COOKIE));
    expect(cookieValue(setCookie(b.headers, SHOP_COOKIE))).toBe(successor);
    expect((await cookieCall("/auth/refresh", "shop", successor)).status).toBe(200);
  });

  it("a token older than the one rotated away last is reuse: the session ends and the cookie is cleared", async () => {
    const { cookie } = await browserSignIn();
    const second = cookieValue(setCookie((await cookieCall("/auth/refresh", "shop", cookie)).headers, SHOP_COOKIE));
    const third = cookieValue(setCookie((await cookieCall("/auth/refresh", "shop", second)).headers, SHOP_COOKIE));
    const replay = await cookieCall("/auth/refresh", "shop", cookie);
    expect(replay.status).toBe(401);
    expect(setCookie(replay.headers, SHOP_COOKIE)).toMatch(/Max-Age=0/);
    expect((await cookieCall("/auth/refresh", "shop", third)).status).toBe(401);
  });

  it("without the header the cookie is ignored (a cross-site form cannot use it), and without a cookie the answer is 401", async () => {
    const { cookie } = await browserSignIn();
    const bare = await api("POST", "/auth/refresh", { body: {}, headers: { cookie: `${SHOP_COOKIE}=${cookie}` } });
    expect(bare.status).toBe(400);
    expect(bare.body.error).toMatchObject({ code: "invalid_input", field: "refreshToken" });
    const form = await api("POST", "/auth/refresh", {
      rawBody: "refreshToken=x",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-refresh-cookie": "shop", cookie: `${SHOP_COOKIE}=${cookie}` },
    });
    expect(form.status).toBe(415);
    const wrongAudience = await cookieCall("/auth/refresh", "admin", undefined);
    expect(wrongAudience.status).toBe(401);
    const badAudience = await api("POST", "/auth/refresh", { body: {}, headers: { "x-refresh-cookie": "root" } });
    expect(badAudience.status).toBe(400);
    // None of that touched the session.
    expect((await cookieCall("/auth/refresh", "shop", cookie)).status).toBe(200);
  });

  it("logout by cookie ends that session and clears the cookie; a wrong secret ends nothing", async () => {
    const { cookie } = await browserSignIn();
    const [customerId, sessionId] = cookie.split(".");
    const forged = await cookieCall("/auth/logout", "shop", `${customerId}.${sessionId}.${"C".repeat(43)}`);
    expect(forged.status).toBe(204);
    expect((await cookieCall("/auth/refresh", "shop", cookie)).status).toBe(200);
    const { cookie: other } = await browserSignIn();
    const out = await cookieCall("/auth/logout", "shop", other);
    expect(out.status).toBe(204);
    expect(setCookie(out.headers, SHOP_COOKIE)).toMatch(/Max-Age=0/);
    expect((await cookieCall("/auth/refresh", "shop", other)).status).toBe(401);
    expect((await cookieCall("/auth/logout", "shop", undefined)).status).toBe(204);
  });
});

describe("the grace for the refresh token rotated away last (JSON body flow)", () => {
  it("a retry whose answer was lost gets the same new token", async () => {
    const account = await newCustomer();
    const first = await api("POST", "/auth/refresh", { body: { refreshToken: account.refreshToken } });
    const retry = await api("POST", "/auth/refresh", { body: { refreshToken: account.refreshToken } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.refreshToken).toBe(first.body.refreshToken);
    expect(first.headers.getSetCookie()).toEqual([]);
  });

  describe("with REFRESH_TOKEN_REUSE_GRACE_SECONDS=0", () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({
        port: 0,
        host: "127.0.0.1",
        env: testApiEnv(ingressUrl(), { REFRESH_TOKEN_REUSE_GRACE_SECONDS: "0" }),
      });
    });
    afterAll(() => server?.close());

    it("presenting the rotated token again is reuse at once and ends the session", async () => {
      const account = await newCustomer({ url: server.url });
      const rotated = await api("POST", "/auth/refresh", { url: server.url, body: { refreshToken: account.refreshToken } });
      expect(rotated.status).toBe(200);
      expect((await api("POST", "/auth/refresh", { url: server.url, body: { refreshToken: account.refreshToken } })).status).toBe(401);
      expect((await api("POST", "/auth/refresh", { url: server.url, body: { refreshToken: rotated.body.refreshToken } })).status).toBe(401);
    });
  });
});
