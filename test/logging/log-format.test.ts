import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { logFormat } from "../../src/platform/log-format.ts";
import { api, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ingressUrl } from "../support/restate.ts";

/** A process of the project with its stdout collected (a pipe: not a terminal, unless LOG_FORMAT says). */
function run(entry: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (out += chunk));
  const exited = once(child, "exit");
  return {
    output: () => out,
    async until(text: string) {
      const deadline = Date.now() + 30_000;
      while (!out.includes(text)) {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${out}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" in time; output: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
      return out;
    },
  };
}

const isJson = (line: string) => {
  try {
    return typeof JSON.parse(line) === "object";
  } catch {
    return false;
  }
};

/** Starts `npm run api`, registers and signs in a customer through it (password, tokens), and stops it. */
async function apiSession(format: string) {
  const port = await freePort();
  const env = testApiEnv(ingressUrl(), { API_PORT: String(port), API_HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_FORMAT: format });
  const secrets = { jwt: env.JWT_SECRET!, password: `pw-${randomBytes(12).toString("hex")}`, tokens: [] as string[] };
  const child = run("src/api/api-main.ts", env);
  await child.until("API listening");
  const url = `http://127.0.0.1:${port}`;
  const email = uniqueEmail("logs");
  const registered = await api("POST", "/auth/register", { url, body: { email, password: secrets.password, name: "Ada Lovelace" } });
  expect(registered.status).toBe(201);
  secrets.tokens.push(registered.body.accessToken, registered.body.refreshToken);
  expect((await api("GET", "/me", { url, token: registered.body.accessToken })).status).toBe(200);
  expect((await api("POST", "/auth/login", { url, body: { email, password: `${secrets.password}-wrong` } })).status).toBe(401);
  await child.until("/auth/login");
  const lines = (await child.stop()).split("\n").filter((l) => l.trim() !== "");
  return { lines, secrets: [secrets.jwt, secrets.password, ...secrets.tokens] };
}

describe("log format", () => {
  it("is pretty in a terminal and JSON lines elsewhere unless LOG_FORMAT says", () => {
    expect(logFormat(undefined, true)).toBe("pretty");
    expect(logFormat(undefined, false)).toBe("json");
    expect(logFormat("json", true)).toBe("json");
    expect(logFormat("pretty", false)).toBe("pretty");
  });

  it("LOG_FORMAT=pretty: the API logs readable lines, not JSON, and no secret", async () => {
    const { lines, secrets } = await apiSession("pretty");
    const requests = lines.filter((l) => l.includes("request") && l.includes("/auth/"));
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const line of requests) {
      expect(isJson(line)).toBe(false);
      // pino-pretty's line: `[12:34:56.789] INFO: restate-commerce-api: request {"method":"POST",…}`.
      expect(line).toMatch(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: restate-commerce-api: request \{"method":"[A-Z]+","path":"\/auth\/[a-z]+","status":\d+,"ms":\d+\}$/,
      );
    }
    const all = lines.join("\n");
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it("LOG_FORMAT=json: the API logs one JSON object a line, and no secret", async () => {
    const { lines, secrets } = await apiSession("json");
    // The one line that is not a log entry is main.ts's banner.
    const entries = lines.filter((l) => !l.startsWith("API listening on"));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const line of entries) expect(isJson(line), line).toBe(true);
    const logins = entries.map((l) => JSON.parse(l)).filter((e) => e.msg === "request" && e.path === "/auth/login");
    expect(logins).toEqual([expect.objectContaining({ service: "restate-commerce-api", method: "POST", status: 401 })]);
    const all = lines.join("\n");
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it.each(["pretty", "json"])("LOG_FORMAT=%s: the service endpoint (npm run serve) logs that way too, and no secret", async (format) => {
    const signingKey = `events-key-${randomBytes(16).toString("hex")}`;
    const child = run("src/server/endpoint-main.ts", {
      MOCK_MODE: "true",
      PORT: String(await freePort()),
      HOST: "127.0.0.1",
      DATABASE_URL: inject("databaseUrl"),
      EVENTS_SIGNING_KEY: signingKey,
      LOG_LEVEL: "info",
      LOG_FORMAT: format,
    });
    await child.until("service endpoint listening");
    const lines = (await child.stop()).split("\n").filter((l) => l.trim() !== "");
    const listening = lines.find((l) => l.includes("service endpoint listening"))!;
    if (format === "json") {
      expect(JSON.parse(listening)).toMatchObject({
        level: 30,
        service: "restate-commerce",
        msg: expect.stringContaining("service endpoint listening"),
      });
    } else {
      expect(isJson(listening)).toBe(false);
      expect(listening).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: restate-commerce: service endpoint listening; .* \{"port":\d+\}$/);
    }
    expect(lines.join("\n")).not.toContain(signingKey);
    expect(lines.join("\n")).not.toContain(inject("databaseUrl"));
  });
});
