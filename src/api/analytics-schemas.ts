import { z } from "@hono/zod-openapi";
import { Dashboard, EventProperties, Funnel, STOREFRONT_EVENTS, TIME_RANGES } from "../analytics/domain/analytics.ts";
import { Retention } from "../analytics/domain/cohorts.ts";
import { currencyCode } from "../platform/domain/money.ts";
import { identifier } from "../platform/domain/quantity.ts";

// The analytics routes' shapes, rewrapped from the domain's and the query side's so they carry OpenAPI names.

export const TrackBody = z
  .strictObject({
    event: z.enum(STOREFRONT_EVENTS, { message: `must be one of ${STOREFRONT_EVENTS.join(", ")}` }),
    sessionId: identifier("sessionId")
      .optional()
      .openapi({ description: "the visitor's session, chosen by the storefront (signed in or not)" }),
    properties: EventProperties.optional().openapi({
      description: "flat facts such as sku, query or page: at most 20, strings up to 200 characters or numbers",
    }),
  })
  .openapi("TrackEventRequest", {
    example: { event: "product_view", sessionId: "3f1c9a2e-8d4b-4e6f-a1b2-c3d4e5f60718", properties: { sku: "MUG-1" } },
  });

export const TrackAnswer = z.object({ status: z.literal("accepted") }).openapi("TrackEventAnswer");

const timeRange = z
  .enum(TIME_RANGES, { message: `must be one of ${TIME_RANGES.join(", ")}` })
  .default("30d")
  .openapi({ description: "whole UTC days up to and including today" });

export const DashboardQuery = z.object({
  timeRange,
  currency: currencyCode
    .optional()
    .openapi({ description: "the sales figures' currency; by default the one most orders of the period were paid in", example: "USD" }),
});
export const FunnelQuery = z.object({ timeRange });

export const RetentionQuery = z.object({
  months: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(24, "must be at most 24")
    .default(12)
    .openapi({ description: "how many monthly cohorts, the current month's included" }),
});
export const RetentionAnswer = z.object(Retention.shape).openapi("CustomerRetention");

export const DashboardAnswer = z.object(Dashboard.shape).openapi("AnalyticsDashboard");
export const FunnelAnswer = z.object(Funnel.shape).openapi("ConversionFunnel");
