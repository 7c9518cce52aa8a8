import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { loadApiConfig } from "../../src/api/api-config.ts";
import { startApiServer } from "../../src/api/api-server.ts";
import { api, apiUrl, errorShape, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { ingressUrl } from "../support/restate.ts";

describe("health", () => {
  it("GET /health answers ok", async () => {
    const res = await api("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("GET /health/ready is 200 while Restate and the database answer", async () => {
    const res = await api("GET", "/health/ready");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { restate: "ok", database: "ok" } });
  });

  it("GET /health/ready is 503 naming each dependency that is down", async () => {
    const deadIngress = `http://127.0.0.1:${await freePort()}`;
    const server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(deadIngress),
      readiness: {
        database: async () => {
          throw new Error("connection refused");
        },
      },
    });
    try {
      const res = await api("GET", "/health/ready", { url: server.url });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: { code: "not_ready", message: "not ready: restate is down: unreachable; database is down: connection refused" },
        checks: { restate: "down: unreachable", database: "down: connection refused" },
      });
      expect((await api("GET", "/health", { url: server.url })).status).toBe(200);
      // A route that needs Restate says so without internals, never a 500.
      const login = await api("POST", "/auth/login", { url: server.url, body: { email: "ada@example.com", password: "whatever it is" } });
      expect(login.status).toBe(503);
      expect(login.body).toEqual(errorShape("unavailable"));
    } finally {
      await server.close();
    }
  });
});

describe("a Restate that does not know the shop's services", () => {
  it("is 503 for the API's callers, never a 404 that reads as 'no such order' nor Restate's own words", async () => {
    // Nothing registered: as after a deployment was removed, or just after a restart (Restate's RT0018).
    const bare = await ownRestateServer();
    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(bare.ingressUrl) });
    try {
      const login = await api("POST", "/auth/login", { url: server.url, body: { email: "ada@example.com", password: "whatever it is" } });
      expect(login.status).toBe(503);
      expect(login.body).toEqual({
        error: { code: "unavailable", message: "the shop's backend is not ready for this request; try again" },
      });
      const categories = await api("GET", "/categories", { url: server.url });
      expect(categories.status).toBe(503);
      // The catalog's search is the API's own read of PostgreSQL: it does not need Restate.
      expect((await api("GET", "/products/no-such-slug", { url: server.url })).status).toBe(404);
      const ready = await api("GET", "/health/ready", { url: server.url });
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({
        restate: "ok",
        database: "down: Restate does not know the shop's services (is the endpoint registered?)",
      });
    } finally {
      await server.close();
      await bare.dispose();
    }
  });
});

describe("OpenAPI document and docs", () => {
  it("GET /openapi.json is OpenAPI 3.1 with every route, its security and the error shape", async () => {
    const res = await api("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const routes = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "GET /health",
        "GET /health/ready",
        "GET /health/detailed",
        "GET /metrics",
        "POST /auth/register",
        "POST /auth/login",
        "POST /auth/refresh",
        "POST /auth/logout",
        "GET /me",
        "PUT /me",
        "POST /me/password",
        "GET /me/addresses",
        "POST /me/addresses",
        "DELETE /me/addresses/{id}",
        "GET /me/wishlist",
        "GET /me/sms",
        "PUT /me/sms",
        "POST /webhooks/twilio",
        "GET /products/{slug}/reviews",
        "PUT /products/{slug}/reviews/mine",
        "GET /admin/reviews/{sku}",
        "PUT /admin/reviews/{sku}/{reviewId}",
        "PUT /me/wishlist/{sku}",
        "DELETE /me/wishlist/{sku}",
        "PUT /admin/customers/{id}/role",
        "GET /cart",
        "POST /cart/items",
        "PUT /cart/items/{sku}",
        "DELETE /cart/items/{sku}",
        "POST /cart/coupon",
        "DELETE /cart/coupon",
        "PUT /cart/shipping",
        "POST /orders",
        "GET /orders",
        "GET /orders/{orderNumber}",
        "POST /orders/{orderNumber}/cancel",
        "POST /orders/{orderNumber}/refund",
        "GET /guest/cart",
        "POST /guest/cart/items",
        "PUT /guest/cart/items/{sku}",
        "POST /guest/orders",
        "GET /guest/orders/{orderNumber}",
        "GET /admin/orders/{orderNumber}",
        "PUT /admin/orders/{orderNumber}/status",
        "POST /admin/orders/{orderNumber}/refund",
        "POST /admin/orders/{orderNumber}/refund-quote",
        "POST /admin/orders/{orderNumber}/refund-requests/{id}/approve",
        "POST /admin/orders/{orderNumber}/refund-requests/{id}/receive",
        "POST /admin/orders/{orderNumber}/refund-requests/{id}/reject",
        "POST /admin/orders/{orderNumber}/risk-review/approve",
        "POST /admin/orders/{orderNumber}/risk-review/reject",
        "GET /admin/alerts",
        "GET /admin/analytics/dashboard",
        "GET /admin/analytics/funnel",
        "GET /admin/analytics/retention",
        "POST /admin/alerts/{id}/ack",
        "POST /admin/coupons",
        "GET /admin/coupons",
        "GET /admin/coupons/{code}",
        "GET /admin/customers",
        "GET /admin/customers/{id}",
        "POST /admin/coupons/{code}/disable",
        "GET /admin/inventory",
        "POST /admin/inventory/{sku}/restock",
        "PUT /admin/inventory/{sku}/replenishment",
        "GET /products",
        "GET /products/{slug}",
        "GET /categories",
        "POST /admin/products",
        "GET /admin/products",
        "GET /admin/products/{id}",
        "PUT /admin/products/{id}",
        "POST /admin/categories",
        "GET /admin/orders",
        "GET /admin/purchase-orders",
        "GET /admin/purchase-orders/{id}",
        "POST /admin/purchase-orders/{id}/approve",
        "POST /admin/purchase-orders/{id}/cancel",
        "POST /admin/purchase-orders/{id}/receive",
        "GET /admin/replenishment",
        "POST /admin/replenishment/run",
        "POST /admin/webhooks",
        "POST /analytics/track",
        "GET /admin/webhooks",
        "DELETE /admin/webhooks/{id}",
        "POST /webhooks/stripe",
        "POST /webhooks/shippo",
        "POST /webhooks/sendgrid",
      ].sort(),
    );
    expect(res.body.components.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(res.body.paths["/me"].get.security).toEqual([{ bearerAuth: [] }]);
    const register = res.body.components.schemas.RegisterRequest;
    expect(register.required).toEqual(["email", "password", "name"]);
    expect(register.properties.password.minLength).toBe(10);
    expect(res.body.paths["/auth/register"].post.responses["409"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
    // The refund rules are part of the contract's text.
    expect(res.body.paths["/orders/{orderNumber}/refund"].post.description).toMatch(
      /delivered.*return window.*automatic approval budget.*for\n?.*the order.s whole life/s,
    );
    expect(Object.keys(res.body.paths["/orders"].post.responses).sort()).toEqual([
      "201",
      "202",
      "400",
      "401",
      "402",
      "404",
      "408",
      "409",
      "413",
      "415",
      "422",
      "429",
      "503",
    ]);
  });

  it("GET /docs serves a browsable reference from local files only", async () => {
    const page = await api("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source, "no CDN: every asset comes from this API").toMatch(/^\/docs\//);
      const asset = await fetch(`${apiUrl()}${source}`);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(50);
    }
    expect(await (await fetch(`${apiUrl()}/docs/init.js`)).text()).toContain('"/openapi.json"');
    expect((await api("GET", "/docs/package.json")).status).toBe(404);
    expect((await api("GET", "/docs/..%2Fpackage.json")).status).toBe(404);
  });
});

describe("errors are always in the contract's shape, never a 500 for bad input", () => {
  it("unknown route: 404", async () => {
    const res = await api("GET", "/no/such/route");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: "no route GET /no/such/route; see /docs" } });
    expect((await api("GET", "/me/")).status).toBe(404);
  });

  it("wrong method: 405 with Allow", async () => {
    const res = await api("DELETE", "/auth/login");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.body).toEqual(errorShape("method_not_allowed"));
    const account = await newCustomer();
    const patch = await api("PATCH", "/me/addresses/adr_00000000000000000000", { token: account.accessToken });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("DELETE");
  });

  it("malformed JSON: 400 invalid_json", async () => {
    const res = await api("POST", "/auth/login", {
      rawBody: '{"email": "ada@example.com",',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_json", message: "body: is not valid JSON" } });
  });

  it("a body that is not JSON, or no body: 415 or 400", async () => {
    const form = await api("POST", "/auth/login", {
      rawBody: "email=a&password=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.body).toEqual(errorShape("unsupported_media_type"));
    const none = await api("POST", "/auth/login");
    expect(none.status).toBe(400);
    expect(none.body).toEqual(errorShape("invalid_input"));
  });

  it("a body that is JSON but not an object: 400 naming the body", async () => {
    const res = await api("POST", "/auth/register", { body: [1, 2] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body: /);
  });

  it("oversized bodies, announced or streamed: 413", async () => {
    // Announced: the API answers from the Content-Length alone, before any of the body is read. Only a
    // little of it is sent, so the client is never mid-write when the API closes the connection.
    const announced = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const request = http.request(
        `${apiUrl()}/auth/register`,
        { method: "POST", headers: { "content-type": "application/json", "content-length": 2 * 1024 * 1024 } },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      request.on("error", reject);
      request.write('{"email": "ada@example.com", "password": "');
    });
    expect(announced.status).toBe(413);
    expect(announced.body).toEqual({ error: { code: "payload_too_large", message: `body: must be at most ${1024 * 1024} bytes` } });
    // Streamed: one chunk over the limit, so the client has written everything by the time the API
    // answers and closes (more after it would meet a closed socket: EPIPE, not an answer).
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 17; i++) controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${apiUrl()}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(errorShape("payload_too_large"));
  });
});

describe("configuration", () => {
  it("names every bad variable in one message and never shows a value", () => {
    const secret = "short-secret-value";
    const attempt = () =>
      loadApiConfig({
        JWT_SECRET: secret,
        API_CALLER_KEY: `${"k".repeat(40)},${secret}`,
        API_PORT: "99999",
        TRUST_PROXY: "everyone",
        ADMIN_EMAIL: "boss@example.com",
        RESTATE_INGRESS_URL: "not a url",
        OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318",
      });
    expect(attempt).toThrow(/JWT_SECRET must be at least 32 bytes long/);
    const message = (() => {
      try {
        attempt();
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of [
      "JWT_SECRET",
      "API_CALLER_KEY",
      "API_PORT",
      "TRUST_PROXY",
      "ADMIN_PASSWORD",
      "RESTATE_INGRESS_URL",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
    ])
      expect(message).toContain(name);
    expect(message).toContain("API_CALLER_KEY must be at least 32 bytes long");
    for (const value of [secret, "99999", "everyone", "not a url", "collector:4318"]) expect(message).not.toContain(value);
    expect(() => loadApiConfig({})).toThrow(/JWT_SECRET is required/);
    expect(() => loadApiConfig({})).toThrow(/API_CALLER_KEY is required/);
  });

  it("has defaults for everything but the JWT secret and the API's credential", () => {
    const config = loadApiConfig({ JWT_SECRET: "s".repeat(32), API_CALLER_KEY: "k".repeat(32) });
    expect(config.API_CALLER_KEY).toEqual(["k".repeat(32)]);
    expect(config).toMatchObject({
      API_PORT: 3000,
      API_HOST: "0.0.0.0",
      RESTATE_INGRESS_URL: "http://127.0.0.1:8080",
      TRUST_PROXY: 0,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      PASSWORD_SCRYPT_LOG_N: 17,
      OTEL_SERVICE_NAME: "restate-commerce-api",
    });
    // No endpoint, no tracing.
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });
});

describe("npm run api", () => {
  it("loads no handler code and not the Restate SDK: handlers are reached through the ingress only", async () => {
    const script = `
      import { writeSync } from "node:fs";
      import { registerHooks } from "node:module";
      const seen = new Set();
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
      process.on("exit", () => writeSync(1, JSON.stringify([...seen]) + "\\n"));
      await import(${JSON.stringify(`${projectRoot}/src/api/api-main.ts`)});`;
    // Without configuration api-main.ts exits right after its imports have loaded.
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    await once(child, "exit");
    const modules: string[] = out.trim() ? JSON.parse(out.trim().split("\n").at(-1)!) : [];
    const ours = modules
      .filter((url) => url.startsWith(`file://${projectRoot}/src/`))
      .map((url) => url.slice(`file://${projectRoot}/`.length));
    expect(ours).toContain("src/api/api-server.ts");
    // Each feature's *-ingress.ts holds the callers' type-only service definitions (names, no handler code), built
    // with src/platform/restate/ingress-contract.ts; each feature's domain/ is its pure rules (schemas, no Restate);
    // src/server/endpoint-config.ts, src/platform/config-error.ts and src/platform/database/database-config.ts are the validated variables (schemas only).
    // src/events/signing.ts derives a webhook subscription's secret (node:crypto only), shown once on creation.
    // src/platform/log-format.ts chooses JSON or pino-pretty lines, for the API's logger as for the endpoint's;
    // src/platform/metrics/metrics-bearer.ts checks METRICS_TOKEN (node:crypto only) the same way on both;
    // src/providers/webhooks/shippo-token.ts digests Shippo's token (node:crypto only) so the journal never holds it;
    // src/platform/restate/caller-signature.ts signs each ingress call with the API's credential (node:crypto only);
    // src/platform/database/pool.ts and src/platform/database/database-errors.ts make the API's PostgreSQL pools (its read-only query side, and the rate
    // limits' when replicas share counters); the query side's reads are SQL on that pool (each feature's *-search.ts,
    // *-queries.ts and the *-row.ts they read: no Restate).
    const allowed = new Set([
      "src/server/endpoint-config.ts",
      "src/platform/config-error.ts",
      "src/platform/database/database-config.ts",
      "src/events/signing.ts",
      "src/platform/log-format.ts",
      "src/platform/metrics/metrics-bearer.ts",
      "src/providers/webhooks/shippo-token.ts",
      "src/platform/restate/caller-signature.ts",
      "src/platform/database/pool.ts",
      "src/platform/database/database-errors.ts",
      "src/catalog/catalog-search.ts",
      "src/orders/order-search.ts",
      "src/customers/customer-search.ts",
      "src/analytics/analytics-queries.ts",
      "src/analytics/analytics-events.ts",
      "src/analytics/retention-queries.ts",
      "src/orders/shop-figures-queries.ts",
      "src/platform/database/paging.ts",
      "src/platform/database/projection-table.ts",
      "src/orders/order-row.ts",
      "src/customers/customer-row.ts",
      "src/platform/restate/ingress-contract.ts",
      "src/platform/restate/platform-ingress.ts",
    ]);
    const apiOwn = (file: string) => file.startsWith("src/api/") || file.split("/").includes("domain") || file.endsWith("-ingress.ts");
    expect(ours.filter((file) => !apiOwn(file) && !allowed.has(file))).toEqual([]);
    expect(modules.filter((url) => url.includes("/@restatedev/restate-sdk/"))).toEqual([]);
  });

  const run = (env: Record<string, string>) =>
    spawn(process.execPath, ["src/api/api-main.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });

  it("starts only the API on API_PORT and stops on SIGTERM", async () => {
    const port = await freePort();
    const child = run({ ...testApiEnv(ingressUrl()), API_PORT: String(port), API_HOST: "127.0.0.1" });
    const exited = once(child, "exit");
    try {
      let out = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner; output: ${out}`)), 20_000);
        child.stdout.on("data", () => {
          if (!out.includes("API listening")) return;
          clearTimeout(timer);
          resolve();
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      expect(out).toContain(`http://127.0.0.1:${port} (docs: http://127.0.0.1:${port}/docs)`);
      expect((await api("GET", "/health/ready", { url: `http://127.0.0.1:${port}` })).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect((await exited)[0]).toBe(0);
  });

  it("refuses to start with a bad configuration, naming the variable", async () => {
    const child = run({ JWT_SECRET: "too short" });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(err).toContain("JWT_SECRET must be at least 32 bytes long");
    expect(err).toContain("API_CALLER_KEY is required");
    expect(err).not.toContain("too short");
  });
});
