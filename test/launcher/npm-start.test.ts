import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { freePort, portInUse } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

const launched: Array<{ child: ChildProcess; exited: Promise<number | null> }> = [];

// A test that fails half-way must not leave a launcher (and its Restate server) running.
afterEach(async () => {
  for (const run of launched.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    run.child.kill("SIGINT");
    const stopped = await Promise.race([run.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!stopped) run.child.kill("SIGKILL");
  }
});

/** Runs the `npm start` launcher (scripts/dev.ts), or another entry point, the way a user does, on free ports. */
async function launch(extraEnv: Record<string, string> = {}, script = "scripts/dev.ts", throughShell = false) {
  const ports = {
    PORT: await freePort(),
    INGRESS_PORT: await freePort(),
    ADMIN_PORT: await freePort(),
    RESTATE_NODE_PORT: await freePort(),
    API_PORT: await freePort(),
    POSTGRES_PORT: await freePort(),
    METRICS_PORT: await freePort(),
  };
  const inherited = { ...process.env };
  for (const name of [
    "MOCK_MODE",
    "MOCK_LEDGER_FILE",
    "RESTATE_INGRESS_URL",
    "JWT_SECRET",
    "API_CALLER_KEY",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "DATABASE_URL",
    "EVENTS_SIGNING_KEY",
  ])
    delete inherited[name];
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    RESTATE_BASE_DIR: mkdtempSync(path.join(tmpdir(), "commerce-start-")),
    POSTGRES_BASE_DIR: mkdtempSync(path.join(tmpdir(), "commerce-start-pg-")),
    LOG_LEVEL: "warn",
    // The development default's cost (2^17) is right for a shop, slow for a test that signs in twice.
    PASSWORD_SCRYPT_LOG_N: "14",
    ...extraEnv,
  };
  // Through a shell, as npm runs it (npm → sh → node): the shell waits for the launcher, it does not become it.
  const child = throughShell
    ? spawn("sh", ["-c", `"${process.execPath}" "${path.join(projectRoot, script)}"; true`], { env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, [path.join(projectRoot, script)], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  launched.push({ child, exited });
  return { child, ports, env, exited, output: () => output, dataDir: env.RESTATE_BASE_DIR! };
}

const started = (run: Awaited<ReturnType<typeof launch>>) =>
  eventually(
    async () => run.output(),
    (out) => out.includes("Ctrl-C stops everything.") || out.includes("npm start failed"),
    60_000,
  );

async function signIn(apiUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${apiUrl}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe("npm start", () => {
  it("starts Restate, the endpoint and the API with mocks on and a development admin, and stops all on SIGINT", async () => {
    const run = await launch();
    const ingress = `http://127.0.0.1:${run.ports.INGRESS_PORT}`;
    const apiUrl = `http://127.0.0.1:${run.ports.API_PORT}`;
    await started(run);
    expect(run.output()).toContain(`HTTP API (the shop's public face):      ${apiUrl}`);
    expect(run.output()).toContain(`Admin dashboard:                        ${apiUrl}/admin`);
    expect(run.output()).toContain(`Demo storefront:                        ${apiUrl}/shop`);
    expect(run.output()).toContain(`API reference:                          ${apiUrl}/docs`);
    expect(run.output()).toContain("Development admin:                      admin@example.com / admin-password-dev");
    expect(run.output()).toContain(`Ingress (trusted clients only):         ${ingress}`);
    expect(run.output()).toContain(`Admin API and Restate UI:               http://127.0.0.1:${run.ports.ADMIN_PORT}`);
    expect(run.output()).toContain("MOCK_MODE=true");
    // What must stay private, and that this endpoint does not check who calls it.
    expect(run.output()).toContain(
      "The ingress, the admin API, the node port, the endpoint and\nPostgreSQL listen on 127.0.0.1 and must stay private",
    );
    expect(run.output()).toContain("The endpoint does not verify Restate's request identity (RESTATE_IDENTITY_KEYS is unset)");
    const endpointMetrics = `http://127.0.0.1:${run.ports.METRICS_PORT}/metrics`;
    expect(run.output()).toContain(`Prometheus metrics:                     ${apiUrl}/metrics (API), ${endpointMetrics} (endpoint)`);
    // No METRICS_TOKEN under npm start: both answer without one.
    expect(await (await fetch(`${apiUrl}/metrics`)).text()).toContain("shop_figures_up 1");
    expect(await (await fetch(endpointMetrics)).text()).toContain("# TYPE shop_provider_call_duration_seconds histogram");

    expect((await fetch(`${ingress}/InventoryItem/SKU-1/get`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${apiUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${apiUrl}/docs`)).status).toBe(200);
    for (const page of ["/admin", "/shop"]) expect((await fetch(`${apiUrl}${page}`)).status).toBe(200);
    const token = await signIn(apiUrl, "admin@example.com", "admin-password-dev");
    const me = (await (await fetch(`${apiUrl}/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { role: string };
    expect(me.role).toBe("admin");

    // The development JWT secret and the API's credential: made once, owner-only, never printed.
    for (const name of ["api-jwt-secret", "api-caller-key"]) {
      const secretFile = path.join(run.dataDir, name);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const secret = readFileSync(secretFile, "utf8").trim();
      expect(Buffer.from(secret, "base64").length).toBe(48);
      expect(run.output()).not.toContain(secret);
    }
    // The admin signed in above through handlers that demand the API's credential; the ingress alone is refused.
    const role = await fetch(`${ingress}/Customer/someone/setRole`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"role":"admin"}',
    });
    expect(role.status).toBe(401);
    // The Restate UI's playground may call handlers from its page; another site's page may not.
    for (const host of ["127.0.0.1", "localhost"]) {
      const fromUi = await fetch(`${ingress}/InventoryItem/SKU-1/get`, {
        method: "POST",
        headers: { origin: `http://${host}:${run.ports.ADMIN_PORT}` },
      });
      expect(fromUi.status).toBe(404);
    }
    const fromElsewhere = await fetch(`${ingress}/InventoryItem/SKU-1/get`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(fromElsewhere.status).toBe(403);

    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    for (const port of Object.values(run.ports)) expect(await portInUse(port)).toBe(false);
  });

  it("runs an embedded PostgreSQL whose data survives a restart, and never prints its password", async () => {
    const postgresDir = mkdtempSync(path.join(tmpdir(), "commerce-start-pg-"));
    const first = await launch({ POSTGRES_BASE_DIR: postgresDir });
    await eventually(
      async () => first.output(),
      (out) => out.includes("Ctrl-C stops everything."),
      30_000,
    );
    const port = first.ports.POSTGRES_PORT;
    expect(first.output()).toContain(`PostgreSQL (projections, catalog):      postgres://postgres@127.0.0.1:${port}/commerce`);
    const password = readFileSync(path.join(postgresDir, "password"), "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(first.output()).not.toContain(password);
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/commerce`;
    await query(url, "CREATE TABLE launcher_probe (note text); INSERT INTO launcher_probe VALUES ('kept')");
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(await portInUse(port)).toBe(false);

    const second = await launch({ POSTGRES_BASE_DIR: postgresDir, POSTGRES_PORT: String(port) });
    await eventually(
      async () => second.output(),
      (out) => out.includes("Ctrl-C stops everything."),
      30_000,
    );
    expect((await query(url, "SELECT note FROM launcher_probe")).rows).toEqual([{ note: "kept" }]);
    // The migrations ran on the first start and are recorded, not repeated.
    expect((await query(url, "SELECT count(*)::int AS n FROM pgmigrations")).rows[0].n).toBeGreaterThan(0);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });

  it("with DATABASE_URL set, starts no PostgreSQL of its own and uses (and migrates) that one", async () => {
    const postgresDir = mkdtempSync(path.join(tmpdir(), "commerce-start-pg-"));
    const external = inject("databaseUrl");
    const run = await launch({ DATABASE_URL: external, POSTGRES_BASE_DIR: postgresDir });
    await eventually(
      async () => run.output(),
      (out) => out.includes("Ctrl-C stops everything."),
      30_000,
    );
    const shown = new URL(external);
    expect(run.output()).toContain(`PostgreSQL (projections, catalog):      postgres://postgres@127.0.0.1:${shown.port}/commerce\n`);
    expect(run.output()).not.toContain(decodeURIComponent(shown.password));
    expect(await portInUse(run.ports.POSTGRES_PORT)).toBe(false);
    expect(readdirSync(postgresDir)).toEqual([]);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  });

  it("keeps the JWT secret and the accounts across a restart, and takes ADMIN_EMAIL/ADMIN_PASSWORD without printing the password", async () => {
    const admin = { ADMIN_EMAIL: "owner@shop.test", ADMIN_PASSWORD: "owner's own password" };
    const first = await launch(admin);
    await started(first);
    expect(first.output()).toContain("Development admin:                      owner@shop.test / (ADMIN_PASSWORD)");
    expect(first.output()).not.toContain(admin.ADMIN_PASSWORD);
    const apiUrl = `http://127.0.0.1:${first.ports.API_PORT}`;
    const token = await signIn(apiUrl, admin.ADMIN_EMAIL, admin.ADMIN_PASSWORD);
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);

    const again = await launch({
      ...admin,
      RESTATE_BASE_DIR: first.dataDir,
      ...Object.fromEntries(Object.entries(first.ports).map(([k, v]) => [k, String(v)])),
    });
    await started(again);
    const me = await fetch(`${apiUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    again.child.kill("SIGINT");
    expect(await again.exited).toBe(0);
  });

  it("keeps the mocks' ledger on disk under the data folder: what they charged is still there after the launcher stops", async () => {
    const run = await launch({ API_CALLER_KEY: TEST_API_CALLER_KEY });
    await started(run);
    const ingress = `http://127.0.0.1:${run.ports.INGRESS_PORT}`;
    const orderId = uniqueId("order-ledger");
    const answer = await processOrder(orderId, orderRequest([[await product(3, 1500, {}, ingress), 1]]), ingress);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);

    const ledger = fileLedger(path.join(run.dataDir, "mock-ledger.sqlite"));
    expect(ledger.find({ orderId, op: "authorize" })).toHaveLength(1);
    expect(ledger.find({ orderId, op: "capture" })).toHaveLength(1);
  });

  it("leaves nothing running when the launcher itself is SIGKILLed: its Restate server and PostgreSQL die with it, and the next npm start comes up", async () => {
    const first = await launch();
    expect(await started(first)).toContain("Ctrl-C stops everything.");
    first.child.kill("SIGKILL");
    await first.exited;
    const held = [first.ports.INGRESS_PORT, first.ports.ADMIN_PORT, first.ports.POSTGRES_PORT];
    await eventually(
      async () => Promise.all(held.map((p) => portInUse(p))),
      (inUse) => inUse.every((u) => !u),
      15_000,
    );
    // The same ports and data folders again, as a user's next `npm start` would use them.
    const again = await launch({
      ...Object.fromEntries(Object.entries(first.ports).map(([k, v]) => [k, String(v)])),
      RESTATE_BASE_DIR: first.env.RESTATE_BASE_DIR!,
      POSTGRES_BASE_DIR: first.env.POSTGRES_BASE_DIR!,
    });
    expect(await started(again)).toContain("Ctrl-C stops everything.");
    expect((await fetch(`http://127.0.0.1:${first.ports.API_PORT}/health/ready`)).status).toBe(200);
  });

  it("stops, and stops its servers, when the shell npm runs it in is SIGKILLed", async () => {
    const run = await launch({}, "scripts/dev.ts", true);
    expect(await started(run)).toContain("Ctrl-C stops everything.");
    run.child.kill("SIGKILL");
    const held = [run.ports.API_PORT, run.ports.INGRESS_PORT, run.ports.ADMIN_PORT, run.ports.POSTGRES_PORT];
    await eventually(
      async () => Promise.all(held.map((p) => portInUse(p))),
      (inUse) => inUse.every((u) => !u),
      20_000,
    );
  });

  it("refuses ports that are already taken with one line naming every one and its variable, and leaves nothing running", async () => {
    const block = async () => {
      const blocker = createServer();
      const port = await new Promise<number>((resolve) =>
        blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
      );
      return { blocker, port };
    };
    const admin = await block();
    const api = await block();
    try {
      const run = await launch({ ADMIN_PORT: String(admin.port), API_PORT: String(api.port) });
      expect(await run.exited).toBe(1);
      const failed = run
        .output()
        .split("\n")
        .filter((line) => line.startsWith("npm start failed"));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toContain(`ports already in use on 127.0.0.1: ${api.port} (API_PORT), ${admin.port} (ADMIN_PORT)`);
      expect(failed[0]).toContain("set each variable to a free port");
      expect(await portInUse(run.ports.INGRESS_PORT)).toBe(false);
    } finally {
      admin.blocker.close();
      api.blocker.close();
    }
  });

  it("fails with a clear line and exit code 1 when registration at an external Restate fails", async () => {
    const nothing = await freePort();
    const run = await launch({ RESTATE_ADMIN_URL: `http://127.0.0.1:${nothing}` });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/npm start failed: .*fetch failed|npm start failed: registering/);
    expect(await portInUse(run.ports.PORT)).toBe(false);
  });

  it("refuses a bad configuration with one line naming every bad variable, never its value, before starting anything", async () => {
    const notADirectory = path.join(mkdtempSync(path.join(tmpdir(), "commerce-start-")), "a-file");
    writeFileSync(notADirectory, "");
    const bad = {
      PORT: "port-nine",
      HOST: "not a host!",
      INGRESS_PORT: "abc",
      ADMIN_PORT: "70000",
      RESTATE_NODE_PORT: "5122.5",
      LOG_LEVEL: "loud",
      RESTATE_BASE_DIR: notADirectory,
      ENDPOINT_URL: "ftp://endpoint.example",
    };
    const run = await launch(bad);
    expect(await run.exited).toBe(1);
    const output = run.output().trim();
    expect(output.split("\n")).toHaveLength(1);
    expect(output).toMatch(/^npm start failed: invalid configuration: /);
    for (const name of Object.keys(bad)) expect(output).toMatch(new RegExp(`\\b${name} (must|is)`));
    for (const value of Object.values(bad)) expect(output).not.toContain(value);
    expect(output).not.toMatch(/\n\s+at /);
    for (const port of Object.values(run.ports)) expect(await portInUse(port)).toBe(false);
  });
});

describe("npm run serve", () => {
  it("refuses a bad PORT, HOST or LOG_LEVEL with one line naming each, and never listens", async () => {
    const run = await launch(
      { MOCK_MODE: "true", PORT: "abc", HOST: "bad host!", LOG_LEVEL: "loud", CORS_ALLOWED_ORIGINS: "https://shop.example.com/path" },
      "src/server/endpoint-main.ts",
    );
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    const { level, msg } = JSON.parse(lines[0]!);
    expect(level).toBe(60);
    expect(msg).toBe(
      "invalid configuration: PORT must be a port number (0–65535); HOST must be an IP address or a host name, such as 0.0.0.0 or 127.0.0.1; " +
        "LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; " +
        "CORS_ALLOWED_ORIGINS must list origins such as https://shop.example.com (scheme, host, optional port; no path or trailing slash)",
    );
  });

  it("names the real providers' missing variables in the same line when MOCK_MODE is off", async () => {
    const run = await launch({ MOCK_MODE: "false", LOG_LEVEL: "loud" }, "src/server/endpoint-main.ts");
    expect(await run.exited).toBe(1);
    const { msg } = JSON.parse(run.output().trim());
    expect(msg).toMatch(
      /^invalid configuration: LOG_LEVEL must be one of .*; API_CALLER_KEY is required with MOCK_MODE=false .*; STRIPE_SECRET_KEY is required; .*SENDGRID_API_KEY is required/,
    );
  });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
