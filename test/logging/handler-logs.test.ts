import { readFileSync } from "node:fs";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, registerDeployment } from "../../scripts/lib/restate-server.ts";
import { restateLogTransport, runFailureLog } from "../../src/platform/logging.ts";
import { adminUrl, post, uniqueId } from "../support/restate.ts";
import { filesUnder } from "../support/source-files.ts";

/** What the endpoint logged, parsed; at debug so the test also sees what is demoted. */
const lines: Array<Record<string, any>> = [];
const log = pino(
  { level: "debug" },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  }),
);
const WARN = 40;
const DEBUG = 20;

let server: http2.Http2Server;
const service = uniqueId("TestLogProbe").replace(/-/g, "_");
const failuresBeforeSuccess = new Map<string, number>();

beforeAll(async () => {
  const probe = restate.service({
    name: service,
    handlers: {
      // A handler that logs, then calls a provider that fails twice: Restate retries the step.
      flaky: async (ctx: Context, id: string) => {
        ctx.console.info("order step started", { orderId: id });
        return ctx.run(
          "charge card",
          () => {
            const left = failuresBeforeSuccess.get(id) ?? 2;
            failuresBeforeSuccess.set(id, left - 1);
            if (left > 0) throw new Error(`stripe answered 503 (${left} left)\n    at a fake frame`);
            return "charged";
          },
          { maxRetryAttempts: 5, initialRetryInterval: 10 },
        );
      },
    },
  });
  const endpoint = restate
    .endpoint()
    .setLogger(restateLogTransport(log))
    .defaultServiceOptions({ hooks: [runFailureLog(log)] })
    .bind(probe);
  server = http2.createServer(endpoint.http2Handler());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await registerDeployment(adminUrl(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("handler logs", () => {
  it("say each failed ctx.run attempt in one line without a stack, keeping the stack for debug", async () => {
    const id = uniqueId("log");
    expect(await post(`/${service}/flaky`, id)).toMatchObject({ status: 200, body: "charged" });
    const invocationId = lines.find((l) => l.orderId === id)?.invocationId;
    expect(invocationId).toMatch(/^inv_/);
    const ours = lines.filter((l) => l.invocationId === invocationId);
    const warnings = ours.filter((l) => l.level >= WARN);
    expect(warnings.map((l) => l.msg)).toEqual([
      "ctx.run 'charge card' attempt failed: stripe answered 503 (2 left)",
      "ctx.run 'charge card' attempt failed: stripe answered 503 (1 left)",
    ]);
    for (const warning of warnings) expect(JSON.stringify(warning)).not.toContain("fake frame");
    expect(ours.some((l) => l.level === DEBUG && JSON.stringify(l.err ?? {}).includes("fake frame"))).toBe(true);
  });

  it("come out once although the handler is replayed on every retry, with their fields", async () => {
    const id = uniqueId("log");
    expect((await post(`/${service}/flaky`, id)).status).toBe(200);
    const invocationId = lines.find((l) => l.orderId === id)?.invocationId;
    expect(lines.filter((l) => l.invocationId === invocationId && l.msg === "Replaying invocation.")).toHaveLength(2);
    expect(lines.filter((l) => l.orderId === id).map((l) => l.msg)).toEqual(["order step started"]);
  });

  it("go through ctx.console in every handler, never the process logger (which would repeat them on replay)", () => {
    // Every file that defines handlers or steps taking a Restate context, wherever its feature keeps it.
    const handlerFiles = filesUnder(path.join(projectRoot, "src")).filter((file) =>
      /restate\.handlers\.|\bctx: /.test(readFileSync(file, "utf8")),
    );
    expect(handlerFiles.length).toBeGreaterThan(40);
    const offenders = handlerFiles.filter((file) =>
      /\bimport\s*\{[^}]*\blogger\b[^}]*\}\s*from\s*"[./]*\/logging\.ts"/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => path.relative(projectRoot, f))).toEqual([]);
  });
});
