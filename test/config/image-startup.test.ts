import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { endpointProcess } from "../../scripts/lib/endpoint-process.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/**
 * The image holds only what the Dockerfile copies. No Docker engine runs here, so the image's
 * folder is laid out by hand from the Dockerfile's own COPY lines (and the installed packages beside
 * it), and the service is started there: a file the runtime reads at startup that the image lacks
 * (the tax table, the loyalty tiers) stops it before it listens.
 */
function layOutImage(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "commerce-image-"));
  const copies = readFileSync(path.join(projectRoot, "Dockerfile"), "utf8")
    .split("\n")
    .filter((line) => /^COPY /.test(line))
    .map((line) =>
      line
        .replace(/^COPY /, "")
        .trim()
        .split(/\s+/),
    );
  for (const parts of copies) {
    const target = parts.at(-1)!;
    for (const source of parts.slice(0, -1)) {
      const into = target.endsWith("/") ? path.join(dir, target, path.basename(source)) : path.join(dir, target);
      cpSync(path.join(projectRoot, source), into, { recursive: true });
    }
  }
  // `npm ci` in the image; the project's own packages stand in for it.
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

describe("the Docker image", () => {
  const dir = layOutImage();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies every file the service reads at startup: it starts and listens from a folder holding only those", async () => {
    const endpoint = endpointProcess({
      port: await freePort(),
      logFile: path.join(dir, "endpoint.log"),
      env: { MOCK_MODE: "true", LOG_LEVEL: "warn", MOCK_LEDGER_FILE: path.join(dir, "ledger.sqlite") },
      root: dir,
      readyTimeoutMs: 20_000,
    });
    try {
      await endpoint.start();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${readFileSync(path.join(dir, "endpoint.log"), "utf8").slice(-2000)}`);
    } finally {
      await endpoint.kill("SIGKILL");
    }
    expect(readFileSync(path.join(dir, "endpoint.log"), "utf8")).not.toMatch(/cannot be read|ENOENT/);
  });

  it("runs the HTTP API from the same image (its compose command), serving the UI the image builds", async () => {
    // The image's own build step: `RUN node scripts/build-ui.ts && rm -rf ui/src`.
    execFileSync(process.execPath, [path.join(dir, "scripts/build-ui.ts")], { cwd: dir, stdio: "ignore" });
    rmSync(path.join(dir, "ui/src"), { recursive: true, force: true });
    const port = await freePort();
    const api = endpointProcess({
      port,
      logFile: path.join(dir, "api.log"),
      entry: "src/api/api-main.ts",
      root: dir,
      env: {
        API_PORT: String(port),
        API_HOST: "127.0.0.1",
        JWT_SECRET: randomBytes(48).toString("base64"),
        API_CALLER_KEY: randomBytes(48).toString("base64"),
        RESTATE_INGRESS_URL: "http://127.0.0.1:1",
        LOG_LEVEL: "warn",
      },
      readyTimeoutMs: 20_000,
    });
    try {
      await api.start();
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const shop = await fetch(`http://127.0.0.1:${port}/shop`);
      expect(shop.status).toBe(200);
      expect(await shop.text()).toContain("<script");
    } finally {
      await api.kill("SIGKILL");
    }
  });
});
