import { spawn } from "node:child_process";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import path from "node:path";
import * as restate from "@restatedev/restate-sdk";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/** The container healthcheck of the app image (docker-compose.yml, Dockerfile). */
function healthcheck(port: number): Promise<number | null> {
  const child = spawn(process.execPath, [path.join(projectRoot, "src/server/healthcheck.ts")], {
    env: { ...process.env, PORT: String(port) },
    stdio: "ignore",
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("node src/server/healthcheck.ts", () => {
  it("succeeds against a serving endpoint and fails where nothing listens", async () => {
    const probe = restate.service({ name: "HealthProbe", handlers: { noop: async () => undefined } });
    const server = http2.createServer(restate.endpoint().bind(probe).http2Handler());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      expect(await healthcheck((server.address() as AddressInfo).port)).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await healthcheck(await freePort())).toBe(1);
  });
});
