import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { loadApiConfig } from "../../src/api/api-config.ts";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { querySide } from "../../src/api/query-side.ts";
import { api } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ownDatabase } from "../support/projections.ts";
import { eventually, ingressUrl, post, uniqueId } from "../support/restate.ts";

const databaseUrl = inject("databaseUrl");

/** The API's query side: its own read-only pool on PostgreSQL, with a statement timeout, and a 503 when it cannot answer. */
describe("the API's query side", () => {
  const servers: ApiServer[] = [];
  const start = async (ingress: string, env: Record<string, string>) => {
    const server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingress, env) });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  /** The test admin signed in on that server (each test API has a JWT secret of its own). */
  const adminOn = async (server: ApiServer) =>
    (await api("POST", "/auth/login", { url: server.url, body: { email: inject("adminEmail"), password: inject("adminPassword") } })).body
      .accessToken as string;

  it("takes QUERY_DATABASE_URL, or DATABASE_URL when unset (a shop points it at a replica)", () => {
    const { QUERY_DATABASE_URL: _shared, ...base } = testApiEnv(ingressUrl());
    expect(loadApiConfig(base).QUERY_DATABASE_URL).toBeUndefined();
    expect(loadApiConfig({ ...base, DATABASE_URL: databaseUrl }).QUERY_DATABASE_URL).toBe(databaseUrl);
    const replica = "postgres://reader:pw@replica.internal:5432/commerce";
    expect(loadApiConfig({ ...base, QUERY_DATABASE_URL: replica })).toMatchObject({
      QUERY_DATABASE_URL: replica,
      QUERY_POOL_MAX: 10,
      QUERY_STATEMENT_TIMEOUT_MS: 5_000,
    });
    expect(() => loadApiConfig({ ...base, QUERY_DATABASE_URL: "mysql://u:secret-pw@h/db", QUERY_POOL_MAX: "0" })).toThrow(
      /QUERY_DATABASE_URL must be a URL such as postgres:.*QUERY_POOL_MAX|QUERY_POOL_MAX.*QUERY_DATABASE_URL must be a URL/s,
    );
  });

  it("is read-only by PostgreSQL's own rule: a write through its pool is refused, even with the URL asking otherwise", async () => {
    const url = new URL(databaseUrl);
    url.searchParams.set("options", "-c default_transaction_read_only=off");
    for (const QUERY_DATABASE_URL of [databaseUrl, url.toString()]) {
      const side = querySide({
        QUERY_DATABASE_URL,
        QUERY_POOL_MAX: 1,
        QUERY_STATEMENT_TIMEOUT_MS: 5_000,
        DATABASE_CONNECT_TIMEOUT_MS: 2_000,
      });
      try {
        const slug = uniqueId("ro").toLowerCase();
        const write = await side
          .read((pool) => pool.query("INSERT INTO categories (slug, name, created_at, version) VALUES ($1, 'x', now(), 1)", [slug]))
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        // 25006: read_only_sql_transaction. Not a 503: the database answered, the query was wrong.
        expect((write as { code?: string }).code).toBe("25006");
        expect(
          await side.read(async (pool) => (await pool.query("SELECT count(*)::int AS n FROM categories WHERE slug = $1", [slug])).rows),
        ).toEqual([{ n: 0 }]);
        expect(await side.read(async (pool) => (await pool.query("SHOW default_transaction_read_only")).rows)).toEqual([
          { default_transaction_read_only: "on" },
        ]);
      } finally {
        await side.close();
      }
    }
  });

  it("answers the shop's catalog with Restate unreachable: a search or a product page makes no call into Restate", async () => {
    const created = await post("/CatalogAdmin/createProduct", {
      sku: uniqueId("QS"),
      name: `Lonely ${uniqueId("kettle")}`,
      price: 4_200,
      status: "active",
    });
    expect(created.status).toBe(200);
    const { slug, productId } = created.body;
    await eventually(
      async () => (await api("GET", `/products/${slug}`)).status,
      (status) => status === 200,
    );
    // No ingress listens at this address.
    const server = await start(`http://127.0.0.1:${await freePort()}`, { QUERY_DATABASE_URL: databaseUrl });
    const found = await api("GET", `/products?q=${encodeURIComponent(created.body.name)}`, { url: server.url });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, items: [{ id: productId, slug, price: 4_200 }] });
    const page = await api("GET", `/products/${slug}`, { url: server.url });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ id: productId, sku: created.body.sku, status: "active", inStock: false });
    // What still needs Restate says so.
    expect((await api("GET", "/categories", { url: server.url })).status).toBe(503);
  });

  describe("a read that runs past QUERY_STATEMENT_TIMEOUT_MS", () => {
    let url: string;
    let holder: pg.Client;
    beforeAll(async () => {
      // A database of its own: the lock below must not stop the shared shop's projections.
      url = await ownDatabase();
      holder = new pg.Client({ connectionString: url });
      await holder.connect();
    });
    afterAll(async () => {
      await holder?.end();
    });

    it("is cancelled by PostgreSQL and answered 503 saying so, never a hang; the next one is served", async () => {
      const server = await start(ingressUrl(), { QUERY_DATABASE_URL: url, QUERY_STATEMENT_TIMEOUT_MS: "300" });
      expect((await api("GET", "/products?q=teapot", { url: server.url })).status).toBe(200);
      // A migration or a long report holding the table: the search waits for the lock until the server cancels it.
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
      try {
        const slow = await api("GET", "/products?q=teapot", { url: server.url });
        expect(slow.status).toBe(503);
        expect(slow.body).toEqual({
          error: { code: "unavailable", message: "the query side is unavailable: statement timeout: the query was cancelled; try again" },
        });
        expect((await api("GET", "/admin/products", { url: server.url, token: await adminOn(server) })).status).toBe(503);
      } finally {
        await holder.query("ROLLBACK");
      }
      expect((await api("GET", "/products?q=teapot", { url: server.url })).status).toBe(200);
    });
  });

  it("starts with the query database unreachable; its reads are 503s naming no server and no password", async () => {
    const secret = "s3cret-query-password";
    const port = await freePort();
    const server = await start(ingressUrl(), { QUERY_DATABASE_URL: `postgres://reader:${secret}@127.0.0.1:${port}/commerce` });
    const token = await adminOn(server);
    const answers = [
      await api("GET", "/products?q=mug", { url: server.url }),
      await api("GET", "/products/stoneware-mug", { url: server.url }),
      await api("GET", "/admin/orders", { url: server.url, token }),
      await api("GET", "/admin/analytics/dashboard", { url: server.url, token }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        error: {
          code: "unavailable",
          message: "the query side is unavailable: connection refused (is PostgreSQL running on that host and port?); try again",
        },
      });
    }
    const ready = await api("GET", "/health/ready", { url: server.url });
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({
      restate: "ok",
      database: "down: the API's query pool: connection refused (is PostgreSQL running on that host and port?)",
    });
    for (const text of [...answers.map((a) => a.text), ready.text]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(String(port));
      expect(text).not.toContain("postgres://");
    }
    // What Restate answers still works: the admin's profile.
    expect((await api("GET", "/me", { url: server.url, token })).status).toBe(200);
  });
});
