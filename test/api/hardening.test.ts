import { randomBytes } from "node:crypto";
import net from "node:net";
import { SignJWT } from "jose";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, errorShape, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { testMockKeys } from "../support/mock-keys.ts";
import { ingressUrl, uniqueId } from "../support/restate.ts";

/** The smaller protections of the public API, each through HTTP against a real API. */

describe("documentation files", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "/docs/%s is a 404 in the contract's shape, not a 500",
    async (name) => {
      const res = await api("GET", `/docs/${name}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(errorShape("not_found"));
    },
  );

  it("/docs may not be framed", async () => {
    const res = await api("GET", "/docs");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("answers that carry personal data are not cached or sniffed", () => {
  it("profile, tokens, errors: no-store and nosniff; the public catalog may be cached", async () => {
    const customer = await newCustomer();
    const answers = [
      await api("GET", "/me", { token: customer.accessToken }),
      await api("GET", "/me/addresses", { token: customer.accessToken }),
      await api("GET", "/cart", { token: customer.accessToken }),
      await api("GET", "/orders", { token: customer.accessToken }),
      await api("POST", "/auth/refresh", { body: { refreshToken: customer.refreshToken } }),
      await api("GET", "/me"),
      await api("GET", "/no/such/route"),
    ];
    for (const res of answers) {
      expect(res.headers.get("content-type"), res.text).toContain("application/json");
      expect(res.headers.get("cache-control"), res.text).toBe("no-store");
      expect(res.headers.get("x-content-type-options"), res.text).toBe("nosniff");
    }
    const catalog = await api("GET", "/products");
    expect(catalog.status).toBe(200);
    expect(catalog.headers.get("cache-control")).toBeNull();
    expect(catalog.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("the UI pages load images from the shop itself only", async () => {
    const page = await api("GET", "/shop");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toMatch(/img-src 'self' data:(;|$)/);
    expect(csp).not.toContain("https:");
  });
});

describe("access tokens", () => {
  const secret = randomBytes(48).toString("base64");
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { JWT_SECRET: secret }) });
  });
  afterAll(() => server?.close());

  /** A token signed with the API's own key, so only the claims decide. */
  async function forged(customerId: string, change: (jwt: SignJWT) => SignJWT) {
    const jwt = new SignJWT({ role: "customer", sid: "A".repeat(22) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(customerId)
      .setIssuer("restate-commerce")
      .setAudience("restate-commerce-api");
    return change(jwt).sign(new TextEncoder().encode(secret));
  }

  it("a token the API would issue is accepted (the control)", async () => {
    const customer = await newCustomer({ url: server.url });
    const token = await forged(customer.id, (jwt) => jwt.setIssuedAt().setExpirationTime("5m"));
    expect((await api("GET", "/me", { url: server.url, token })).status).toBe(200);
  });

  it("without exp, without iat, or issued in the future: 401", async () => {
    const customer = await newCustomer({ url: server.url });
    const now = Math.floor(Date.now() / 1000);
    const tokens = {
      "no exp": await forged(customer.id, (jwt) => jwt.setIssuedAt()),
      "no iat": await forged(customer.id, (jwt) => jwt.setExpirationTime("5m")),
      "iat in the future": await forged(customer.id, (jwt) => jwt.setIssuedAt(now + 3600).setExpirationTime(now + 7200)),
      "older than a token's lifetime": await forged(customer.id, (jwt) => jwt.setIssuedAt(now - 7200).setExpirationTime(now + 3600)),
    };
    for (const [what, token] of Object.entries(tokens)) {
      const res = await api("GET", "/me", { url: server.url, token });
      expect(res.status, what).toBe(401);
      expect(res.body, what).toEqual(errorShape("unauthenticated"));
    }
  });
});

describe("server timeouts", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(ingressUrl(), { API_REQUEST_TIMEOUT_MS: "1500", API_HEADERS_TIMEOUT_MS: "1000" }),
    });
  });
  afterAll(() => server?.close());

  /** Opens a connection, writes `head`, and tells when (and with what) the server closed it. */
  function closedAfter(head: string): Promise<{ ms: number; answer: string }> {
    const { port } = server;
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let answer = "";
      const socket = net.connect(port, "127.0.0.1", () => socket.write(head));
      socket.on("data", (chunk) => (answer += chunk.toString()));
      socket.on("close", () => resolve({ ms: Date.now() - started, answer }));
      socket.on("error", reject);
      // Far beyond the settings, far below Node's defaults (300 s, 60 s): the test fails rather than hangs.
      socket.setTimeout(20_000, () => {
        socket.destroy();
        reject(new Error("the server kept the connection open"));
      });
    });
  }

  it("a request whose body never finishes is answered 408 and closed", async () => {
    const { answer } = await closedAfter(
      `POST /auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"email":"slow@example.com",`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("headers that never finish are closed too", async () => {
    const { answer } = await closedAfter("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ");
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("the settings are checked: headers cannot wait longer than the whole request", async () => {
    await expect(async () =>
      startApiServer({ port: 0, env: testApiEnv(ingressUrl(), { API_REQUEST_TIMEOUT_MS: "1000", API_HEADERS_TIMEOUT_MS: "2000" }) }),
    ).rejects.toThrow(/API_HEADERS_TIMEOUT_MS must be at most API_REQUEST_TIMEOUT_MS/);
  });
});

describe("GET /metrics", () => {
  const servers: ApiServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), env) });
    servers.push(server);
    return server.url;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it("without METRICS_TOKEN: this machine may scrape, a client from elsewhere may not", async () => {
    // One trusted proxy: X-Forwarded-For names the client, as behind a load balancer.
    const url = await start({ TRUST_PROXY: "1" });
    expect((await api("GET", "/metrics", { url })).status).toBe(200);
    const remote = await api("GET", "/metrics", { url, headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(remote.status).toBe(403);
    expect(remote.body).toEqual(errorShape("forbidden"));
    expect(remote.body.error.message).toMatch(/METRICS_TOKEN/);
    expect(remote.text).not.toMatch(/shop_|process_/);
  });

  it("with METRICS_TOKEN: anyone with the token, from anywhere", async () => {
    const token = "metrics-token-abcdef0123456789";
    const url = await start({ TRUST_PROXY: "1", METRICS_TOKEN: token });
    const remote = { "x-forwarded-for": "203.0.113.8" };
    expect((await api("GET", "/metrics", { url, headers: remote })).status).toBe(401);
    expect((await api("GET", "/metrics", { url, headers: { ...remote, authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("is rate limited per address, apart from the general limit", async () => {
    const url = await start({ METRICS_RATE_LIMIT_PER_MINUTE: "3" });
    for (let i = 0; i < 3; i++) expect((await api("GET", "/metrics", { url })).status).toBe(200);
    const limited = await api("GET", "/metrics", { url });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual(errorShape("rate_limited"));
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other routes of the same client are not held up by its scrapes.
    expect((await api("GET", "/openapi.json", { url })).status).toBe(200);
  });
});

describe("mock mode's webhook credentials are the installation's own", () => {
  const stripeCallback = (secret: string) => {
    const payload = JSON.stringify({ id: uniqueId("evt"), type: "customer.created", data: { object: {} } });
    return api("POST", "/webhooks/stripe", {
      rawBody: payload,
      headers: { "content-type": "application/json", "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
    });
  };

  it("a callback signed with the secret this repository once published is refused; the installation's own is accepted", async () => {
    const published = await stripeCallback("whsec_mock_restate_commerce");
    expect(published.status).toBe(401);
    expect(published.body).toEqual({ error: { code: "unauthenticated", message: "invalid stripe signature" } });
    expect((await stripeCallback(testMockKeys.stripeWebhookSecret)).status).toBe(200);
  });
});
