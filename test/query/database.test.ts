import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { ConfigError } from "../../src/platform/config-error.ts";
import { databaseConfig } from "../../src/platform/database/database-config.ts";
import { DatabaseError, redactUrl } from "../../src/platform/database/database-errors.ts";
import { migrate } from "../../src/platform/database/migrate.ts";
import { checkDatabase, createPool } from "../../src/platform/database/pool.ts";
import { loadAppConfig } from "../../src/server/endpoint-config.ts";

const databaseUrl = inject("databaseUrl");
const password = decodeURIComponent(new URL(databaseUrl).password);

const withUrl = (change: (url: URL) => void) => {
  const url = new URL(databaseUrl);
  change(url);
  return url.toString();
};

const poolFor = (url: string, statementTimeoutMs = 5_000) => createPool({ url, poolMax: 2, statementTimeoutMs, connectTimeoutMs: 2_000 });

async function failureOf(url: string): Promise<string> {
  const pool = poolFor(url);
  try {
    await checkDatabase(pool, url);
    throw new Error("expected the check to fail");
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    return (error as Error).message;
  } finally {
    await pool.end();
  }
}

describe("the query side's PostgreSQL", () => {
  it("is a real PostgreSQL 18 with every migration applied; migrating again applies nothing", async () => {
    const pool = poolFor(databaseUrl);
    try {
      const version = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      expect(version.rows[0]!.v).toMatch(/^18\./);
      const tables = await pool.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(["orders", "products", "customers", "coupons", "pgmigrations"]),
      );
    } finally {
      await pool.end();
    }
    expect(await migrate(databaseUrl)).toEqual([]);
  });

  it("reads bigint columns as numbers on its own pool", async () => {
    const pool = poolFor(databaseUrl);
    try {
      const { rows } = await pool.query<{ n: number }>("SELECT 9007199254740991::bigint AS n");
      expect(rows[0]!.n).toBe(Number.MAX_SAFE_INTEGER);
    } finally {
      await pool.end();
    }
  });

  it("cancels a statement that runs past the statement timeout, with a one-line reason", async () => {
    const pool = poolFor(databaseUrl, 200);
    try {
      const error = await pool.query("SELECT pg_sleep(5)").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as { code?: string }).code).toBe("57014");
    } finally {
      await pool.end();
    }
  });
});

describe("database failures say what is wrong in one line, never with the password", () => {
  it("nothing listens on the port", async () => {
    const port = await freePort();
    const message = await failureOf(withUrl((u) => (u.port = String(port))));
    expect(message).toBe(
      `database postgres://postgres@127.0.0.1:${port}/commerce: connection refused (is PostgreSQL running on that host and port?)`,
    );
    expect(message).not.toContain(password);
  });

  it("the password is wrong", async () => {
    const wrong = "not-the-password-1234";
    const message = await failureOf(withUrl((u) => (u.password = wrong)));
    expect(message).toContain("password authentication failed");
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(password);
  });

  it("the database does not exist", async () => {
    const message = await failureOf(withUrl((u) => (u.pathname = "/no_such_db")));
    expect(message).toBe(`database ${redactUrl(withUrl((u) => (u.pathname = "/no_such_db")))}: the database does not exist`);
    expect(message).not.toContain(password);
  });

  it("migrations against an unreachable server fail the same way", async () => {
    const url = withUrl((u) => (u.password = "wrong-password-5678"));
    const error = await migrate(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(
      /^migrations failed: database postgres:\/\/postgres@127\.0\.0\.1:\d+\/commerce: password authentication failed$/,
    );
    expect((error as Error).message).not.toContain("wrong-password-5678");
  });

  it("a malformed URL or a bad pool size is refused at startup, naming every bad variable and no value", () => {
    const secret = "s3cret-in-a-broken-url";
    const attempt = () =>
      loadAppConfig({
        DATABASE_URL: `postgres://user:${secret}@:bad:port/db`,
        DATABASE_POOL_MAX: "0",
        DATABASE_STATEMENT_TIMEOUT_MS: "soon",
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain("DATABASE_URL must be a URL such as postgres://");
    expect(message).toContain("DATABASE_POOL_MAX");
    expect(message).toContain("DATABASE_STATEMENT_TIMEOUT_MS");
    expect(message).not.toContain(secret);
    expect(() => loadAppConfig({ DATABASE_URL: "mysql://u:p@host/db" })).toThrow(/DATABASE_URL must be a URL such as postgres:/);
  });

  it("a process that needs the database refuses to start without DATABASE_URL", () => {
    expect(() => databaseConfig(loadAppConfig({}))).toThrow(/DATABASE_URL is required/);
    expect(databaseConfig(loadAppConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: "3" }))).toMatchObject({
      url: databaseUrl,
      poolMax: 3,
    });
  });

  it("redacts the password from a URL", () => {
    expect(redactUrl("postgres://app:hunter2hunter2@db.example:6432/shop?sslmode=require")).toBe("postgres://app@db.example:6432/shop");
    expect(redactUrl("not a url")).toBe("(a malformed DATABASE_URL)");
  });
});

describe("npm run migrate", () => {
  const migrateCli = (databaseUrl: string) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(projectRoot, "src/server/migrate-main.ts")], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.once("exit", (code) => resolve({ code, output }));
    });

  it("says the schema is up to date when it is, naming the database without its password", async () => {
    const run = await migrateCli(databaseUrl);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("the schema is up to date");
    expect(run.output).toContain(redactUrl(databaseUrl));
    expect(run.output).not.toContain(password);
  });

  it("exits 1 with one line when the database refuses it", async () => {
    const run = await migrateCli(withUrl((u) => (u.password = "not-the-password-9")));
    expect(run.code).toBe(1);
    expect(run.output.trim().split("\n")).toHaveLength(1);
    expect(run.output).toContain("migrations failed: database postgres://postgres@127.0.0.1:");
    expect(run.output).toContain("password authentication failed");
    expect(run.output).not.toContain("not-the-password-9");
  });
});
