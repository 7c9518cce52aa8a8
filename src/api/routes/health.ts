import { createRoute, z } from "@hono/zod-openapi";
import type { ApiEnv, ReadinessCheck } from "../context.ts";
import { routes } from "../openapi.ts";
import { ErrorSchema, jsonAnswer } from "../schemas.ts";

const tags = ["Operations"];

const Checks = z.record(z.string(), z.string()).openapi({ example: { restate: "ok" } });

const live = createRoute({
  method: "get",
  path: "/health",
  tags,
  summary: "Liveness: the process answers",
  responses: { 200: jsonAnswer("Alive", z.object({ status: z.literal("ok") })) },
});

const ready = createRoute({
  method: "get",
  path: "/health/ready",
  tags,
  summary: "Readiness: every dependency answers",
  description: "503 names each dependency that is down. Load balancers send traffic only while this is 200.",
  responses: {
    200: jsonAnswer("Ready", z.object({ status: z.literal("ok"), checks: Checks })),
    503: jsonAnswer("Not ready", ErrorSchema.extend({ checks: Checks })),
  },
});

const why = (error: unknown) =>
  error instanceof Error
    ? error.name === "TimeoutError"
      ? "no answer within 2 s"
      : /fetch failed/i.test(error.message)
        ? "unreachable"
        : error.message
    : String(error);

async function probe(checks: Record<string, ReadinessCheck>) {
  const names = Object.keys(checks);
  const outcomes = await Promise.allSettled(names.map((name) => checks[name]!()));
  return Object.fromEntries(
    names.map((name, i) => [
      name,
      outcomes[i]!.status === "fulfilled" ? "ok" : `down: ${why((outcomes[i] as PromiseRejectedResult).reason)}`,
    ]),
  );
}

export function healthRoutes() {
  const app = routes();
  app.openapi(live, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(ready, async (c) => {
    const checks = await probe(c.var.deps.readiness);
    const down = Object.entries(checks).filter(([, verdict]) => verdict !== "ok");
    if (down.length === 0) return c.json({ status: "ok" as const, checks }, 200);
    const message = `not ready: ${down.map(([name, verdict]) => `${name} is ${verdict}`).join("; ")}`;
    return c.json({ error: { code: "not_ready", message }, checks }, 503);
  });
  return app;
}
