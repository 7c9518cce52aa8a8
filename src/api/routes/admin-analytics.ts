import { createRoute } from "@hono/zod-openapi";
import { DashboardAnswer, DashboardQuery, FunnelAnswer, FunnelQuery, RetentionAnswer, RetentionQuery } from "../analytics-schemas.ts";
import { requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate.ts";
import { BEARER, errorResponses, jsonAnswer } from "../schemas.ts";

const tags = ["Administration"];

const dashboard = createRoute({
  method: "get",
  path: "/admin/analytics/dashboard",
  tags,
  summary: "Sales, customers and best sellers over 7, 30 or 90 days",
  description: [
    "From the query side (it follows the orders within moments). Sales count orders placed in the period whose payment was captured:",
    "revenue is what was captured minus what was refunded, in one currency (`currency`, or the one most orders were paid in);",
    "growth compares with the period of the same length just before (null when that had nothing). `sales.daily` has one point per",
    "UTC day. See docs/analytics.md for every definition.",
  ].join(" "),
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: DashboardQuery },
  responses: { 200: jsonAnswer("The dashboard", DashboardAnswer), ...errorResponses(400, 401, 403, 429, 503) },
});

const funnel = createRoute({
  method: "get",
  path: "/admin/analytics/funnel",
  tags,
  summary: "The conversion funnel",
  description:
    "product_view → add_to_cart → checkout_start → payment_start → order_complete: each step's events in the period (each counted once) " +
    "and the percent of the step before. Storefronts report product views; the shop records the other steps itself.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: FunnelQuery },
  responses: { 200: jsonAnswer("The funnel", FunnelAnswer), ...errorResponses(400, 401, 403, 429, 503) },
});

const retention = createRoute({
  method: "get",
  path: "/admin/analytics/retention",
  tags,
  summary: "Customer retention by monthly cohort",
  description:
    "Buyers grouped by the month (UTC) of their first paid order, and for each later month the share of them who paid for another " +
    "order in it. Buyers are counted by email, so a guest and an account with one address are one buyer. See docs/analytics.md.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: RetentionQuery },
  responses: { 200: jsonAnswer("The cohorts, oldest first", RetentionAnswer), ...errorResponses(400, 401, 403, 429, 503) },
});

export function adminAnalyticsRoutes() {
  const app = routes();
  app.openapi(dashboard, async (c) => c.json(await call(() => c.var.deps.restate.adminQueries().dashboard(c.req.valid("query"))), 200));
  app.openapi(retention, async (c) => c.json(await call(() => c.var.deps.restate.adminQueries().retention(c.req.valid("query"))), 200));
  app.openapi(funnel, async (c) => c.json(await call(() => c.var.deps.restate.adminQueries().funnel(c.req.valid("query"))), 200));
  return app;
}
