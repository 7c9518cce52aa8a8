import { createRoute } from "@hono/zod-openapi";
import { dashboard as dashboardOf, funnel as funnelOf } from "../../analytics/analytics-queries.ts";
import { DashboardInput, FunnelInput } from "../../analytics/domain/analytics.ts";
import { RetentionInput } from "../../analytics/domain/cohorts.ts";
import { retention as retentionOf } from "../../analytics/retention-queries.ts";
import { DashboardAnswer, DashboardQuery, FunnelAnswer, FunnelQuery, RetentionAnswer, RetentionQuery } from "../analytics-schemas.ts";
import { BEARER, errorResponses, jsonAnswer } from "../api-schemas.ts";
import { requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { queryInput } from "../query-input.ts";

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
    "product_view → add_to_cart → checkout_start → payment_start → order_complete, in visitors (accounts, else sessions): each step counts the visitors who " +
    "reached it after the step before (never more than that step), and the percent of the step before. Storefronts report product views; the shop records the other steps itself.",
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
  // Each report covers the period that ends now, by this API's clock.
  app.openapi(dashboard, async (c) => {
    const input = queryInput(DashboardInput, c.req.valid("query"));
    return c.json(await c.var.deps.query.read((pool) => dashboardOf(pool, input, Date.now())), 200);
  });
  app.openapi(retention, async (c) => {
    const input = queryInput(RetentionInput, c.req.valid("query"));
    return c.json(await c.var.deps.query.read((pool) => retentionOf(pool, input, Date.now())), 200);
  });
  app.openapi(funnel, async (c) => {
    const input = queryInput(FunnelInput, c.req.valid("query"));
    return c.json(await c.var.deps.query.read((pool) => funnelOf(pool, input, Date.now())), 200);
  });
  return app;
}
