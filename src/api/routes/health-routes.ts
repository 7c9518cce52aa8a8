import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CustomerApi } from "../../customers/customers-ingress.ts";
import { scrapeAllowed } from "../../platform/metrics/metrics-bearer.ts";
import type { ProviderHealthSnapshot } from "../../providers/provider-health.ts";
import { ProviderHealthApi } from "../../providers/providers-ingress.ts";
import { forbidden, unauthenticated } from "../api-errors.ts";
import { BEARER, ErrorSchema, errorResponses, jsonAnswer } from "../api-schemas.ts";
import type { ApiEnv, ReadinessCheck } from "../context.ts";
import { routes } from "../openapi.ts";
import { call, readOptions } from "../restate-client.ts";

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

const Dependency = z
  .object({
    name: z.string().openapi({ example: "database" }),
    state: z.enum(["up", "degraded", "down", "mock"]),
    latencyMs: z
      .number()
      .optional()
      .openapi({ description: "how long this check took (the providers are not called: their figures are the breakers')" }),
    breaker: z.enum(["closed", "open", "half-open", "disabled"]).optional(),
    detail: z.string().optional(),
    calls: z.number().int().optional(),
    failures: z.number().int().optional(),
    rejected: z.number().int().optional(),
    lastFailureAt: z.string().optional(),
  })
  .openapi("DependencyHealth");

const Detailed = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    checkedAt: z.string(),
    dependencies: z.array(Dependency),
  })
  .openapi("DetailedHealth");

const detailed = createRoute({
  method: "get",
  path: "/health/detailed",
  tags,
  summary: "Each dependency's state, latency and circuit breaker, for operators",
  description: [
    "For an admin's access token, or `METRICS_TOKEN` as a Bearer token when the API runs with one.",
    "",
    "- `restate`: the ingress answers its health check; `database`: PostgreSQL as an endpoint reaches it; `endpoint`: a call",
    "  through Restate to a service endpoint (the one that answers), with the time it took.",
    "- `stripe`, `shippo`, `sendgrid`, `twilio` (when SMS is configured): that endpoint's circuit breaker for each provider (closed = up, half-open = degraded,",
    "  open = down; `mock` under MOCK_MODE) with its calls, failures and refused calls. The providers are not called for this.",
    "- `status` is `down` when Restate or the database is, `degraded` when anything else is not up.",
  ].join("\n"),
  security: [...BEARER, { metricsToken: [] }],
  responses: { 200: jsonAnswer("The dependencies", Detailed), ...errorResponses(401, 403, 429) },
});

/** An admin (current role, as requireRole reads it), or the metrics token when one is configured. */
async function operator(c: Context<ApiEnv>): Promise<void> {
  const { config, limits } = c.var.deps;
  // Health paths skip the request limit (load balancers poll them); this one is limited like /metrics,
  // before any token is compared, so guessing METRICS_TOKEN costs as much as asking.
  await limits.scrape(c.var.clientIp);
  if (config.METRICS_TOKEN !== undefined && scrapeAllowed(config.METRICS_TOKEN, c.req.header("authorization"))) return;
  const principal = c.var.principal;
  if (!principal)
    throw unauthenticated(
      c.var.tokenRefused ??
        "this route needs an admin's access token, or METRICS_TOKEN when the API has one: Authorization: Bearer <token>",
    );
  const current =
    principal.role === "admin" ? await call(() => c.var.deps.restate.object(CustomerApi, principal.customerId).get()) : undefined;
  if (current?.role !== "admin") throw forbidden("this route is for admins only");
}

async function timed(name: string, check: () => PromiseLike<unknown>): Promise<z.infer<typeof Dependency> & { value?: unknown }> {
  const started = performance.now();
  try {
    const value = await check();
    return { name, state: "up", latencyMs: Math.round(performance.now() - started), value };
  } catch (error) {
    return { name, state: "down", latencyMs: Math.round(performance.now() - started), detail: why(error) };
  }
}

const BREAKER_STATE = { closed: "up", "half-open": "degraded", open: "down", disabled: "mock" } as const;

function providerEntry(p: ProviderHealthSnapshot): z.infer<typeof Dependency> {
  return {
    name: p.provider,
    state: BREAKER_STATE[p.breaker],
    breaker: p.breaker,
    calls: p.calls,
    failures: p.failures,
    rejected: p.rejected,
    ...(p.lastFailureAt ? { lastFailureAt: p.lastFailureAt } : {}),
    ...(p.recentFailures.at(-1) ? { detail: `last failure: ${p.recentFailures.at(-1)!.message}` } : {}),
  };
}

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
  app.openapi(detailed, async (c) => {
    await operator(c);
    const { readiness, restate } = c.var.deps;
    const [checks, endpoint] = await Promise.all([
      Promise.all(Object.entries(readiness).map(([name, check]) => timed(name, check))),
      timed("endpoint", () => restate.service(ProviderHealthApi).status(readOptions(2_000))),
    ]);
    const snapshot = endpoint.value as { providers: ProviderHealthSnapshot[] } | undefined;
    const { value: _snapshot, ...endpointEntry } = endpoint;
    const providers = snapshot
      ? snapshot.providers.length > 0
        ? snapshot.providers.map(providerEntry)
        : (["stripe", "shippo", "sendgrid", "twilio"] as const).map((name) => ({
            name,
            state: "mock" as const,
            detail: "MOCK_MODE: the mocks serve it",
          }))
      : [];
    const dependencies = [...checks.map(({ value: _v, ...entry }) => entry), endpointEntry, ...providers];
    const core = dependencies.filter((d) => d.name === "restate" || d.name === "database");
    const status = core.some((d) => d.state === "down")
      ? "down"
      : dependencies.some((d) => d.state === "down" || d.state === "degraded")
        ? "degraded"
        : "ok";
    return c.json({ status, checkedAt: new Date().toISOString(), dependencies }, 200);
  });
  return app;
}
