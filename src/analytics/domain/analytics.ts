import { z } from "zod";
import { CustomerId } from "../../customers/domain/customer.ts";
import { currencyCode } from "../../platform/domain/money.ts";
import { identifier } from "../../platform/domain/quantity.ts";
import { freeText } from "../../platform/domain/text.ts";

/** Events a storefront reports about what a visitor does on its pages (POST /analytics/track). */
export const STOREFRONT_EVENTS = ["product_view", "product_list_view", "search", "cart_view"] as const;

/**
 * The conversion funnel, in order. `product_view` comes from storefronts; the shop records the rest
 * itself (the cart, and the order's own log), so no client can inflate the steps that matter.
 */
export const FUNNEL_STEPS = ["product_view", "add_to_cart", "checkout_start", "payment_start", "order_complete"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const TRACKED_EVENTS = [...STOREFRONT_EVENTS, ...FUNNEL_STEPS.filter((s) => s !== "product_view")] as const;
export type TrackedEvent = (typeof STOREFRONT_EVENTS)[number] | FunnelStep;

const MAX_PROPERTIES = 20;

/** A few flat facts about the event (`sku`, `query`, `page`): short strings and numbers only. */
export const EventProperties = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "property names must start with a letter and hold at most 40 letters, digits or '_'"),
    z.union([freeText("a property's text value", 200), z.number().finite("a property's number must be finite")]),
    { message: "must be an object of named strings and numbers" },
  )
  .refine((p) => Object.keys(p).length <= MAX_PROPERTIES, `must have at most ${MAX_PROPERTIES} properties`);
export type EventProperties = z.infer<typeof EventProperties>;

/** A storefront event, with the id that makes it count once however often it is sent. */
export const TrackInput = z.strictObject({
  eventId: identifier("eventId"),
  event: z.enum(STOREFRONT_EVENTS, { message: `must be one of ${STOREFRONT_EVENTS.join(", ")}` }),
  sessionId: identifier("sessionId").optional().describe("the visitor's session, chosen by the storefront"),
  customerId: CustomerId.optional().describe("the signed-in customer, when there is one"),
  properties: EventProperties.optional(),
});
export type TrackInput = z.infer<typeof TrackInput>;

/** An event the shop records itself (internal: from its own handlers). */
export const RecordInput = z.strictObject({
  eventId: identifier("eventId"),
  event: z.enum(TRACKED_EVENTS),
  customerId: z.string().optional(),
  sku: z.string().optional(),
  properties: EventProperties.optional(),
});
export type RecordInput = z.infer<typeof RecordInput>;

/** One row of the tracked-events log. Times are epoch milliseconds. */
export interface AnalyticsEvent {
  eventId: string;
  event: TrackedEvent;
  occurredAt: number;
  sessionId?: string;
  customerId?: string;
  orderId?: string;
  sku?: string;
  properties?: EventProperties;
}

/** The funnel steps an order has reached, each once under an id derived from the order. */
export function orderFunnelEvents(order: {
  orderId: string;
  customerId: string | null;
  createdAt: number;
  paymentStartedAt: number | null;
  completedAt: number | null;
}): AnalyticsEvent[] {
  const base = { orderId: order.orderId, ...(order.customerId ? { customerId: order.customerId } : {}) };
  const reached: Array<[FunnelStep, number | null]> = [
    ["checkout_start", order.createdAt],
    ["payment_start", order.paymentStartedAt],
    ["order_complete", order.completedAt],
  ];
  return reached.flatMap(([event, at]) => (at === null ? [] : [{ ...base, eventId: `${event}:${order.orderId}`, event, occurredAt: at }]));
}

export const TIME_RANGES = ["7d", "30d", "90d"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const DAY_MS = 86_400_000;

/**
 * The period a time range covers: whole UTC days, today included, so the daily series has one point
 * per day; and the period of the same length just before it, for growth.
 */
export function periodOf(range: TimeRange, now: number): { from: number; to: number; previousFrom: number; days: number } {
  const days = Number(range.slice(0, -1));
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const from = to - days * DAY_MS;
  return { from, to, previousFrom: from - days * DAY_MS, days };
}

/** Change against the period before, in percent with one decimal; null when there was nothing before. */
export function growth(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

/** Share of `count` in `of`, in percent with two decimals; null when `of` is zero. */
export function conversion(count: number, of: number): number | null {
  if (of === 0) return null;
  return Math.round((count / of) * 10_000) / 100;
}

// The dashboard's and the funnel's questions and answers (read from the query side).

const int = z.number().int();

export const DashboardInput = z.strictObject({
  timeRange: z
    .enum(TIME_RANGES, { message: `must be one of ${TIME_RANGES.join(", ")}` })
    .optional()
    .meta({ default: "30d" }),
  currency: currencyCode
    .optional()
    .describe("the currency of the sales figures; by default the one most orders of the period were paid in"),
});
export type DashboardInput = z.infer<typeof DashboardInput>;

const Period = z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).describe("whole UTC days, today included; `to` excluded");

export const Dashboard = z.object({
  timeRange: z.enum(TIME_RANGES),
  currency: z.string(),
  period: Period,
  previousPeriod: Period,
  sales: z.object({
    revenue: int.describe("captured minus refunded, of orders placed in the period, in minor units"),
    orders: int.describe("orders placed in the period whose payment was captured"),
    averageOrderValue: int.describe("captured per paid order, rounded"),
    refunded: int,
    revenueGrowth: z.number().nullable().describe("percent against the period before; null when that had none"),
    ordersGrowth: z.number().nullable(),
    daily: z
      .array(z.object({ date: z.string().describe("YYYY-MM-DD, UTC"), revenue: int, orders: int }))
      .describe("one point per day of the period"),
  }),
  customers: z.object({
    new: int.describe("accounts created in the period"),
    newGrowth: z.number().nullable(),
    active: int.describe("buyers with a paid order placed in the period, any currency (accounts, or emails for guests)"),
    returning: int.describe("active buyers who had paid for an order before the period"),
  }),
  products: z.object({
    top: z
      .array(
        z.object({
          sku: z.string(),
          name: z.string(),
          units: int,
          revenue: int.describe("line totals at the price charged, before order-wide discounts"),
        }),
      )
      .describe("best sellers by units, at most 5"),
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const FunnelInput = DashboardInput.pick({ timeRange: true });
export type FunnelInput = z.infer<typeof FunnelInput>;

export const Funnel = z.object({
  timeRange: z.enum(TIME_RANGES),
  period: Period,
  steps: z.array(
    z.object({
      step: z.enum(FUNNEL_STEPS),
      count: int.describe(
        "visitors (accounts, else storefront sessions) who reached this step in the period after reaching the step before; never more than the step before",
      ),
      conversion: z
        .number()
        .nullable()
        .describe("percent of the step before (at most 100); null for the first step or when the step before had none"),
    }),
  ),
  overallConversion: z.number().nullable().describe("order_complete as a percent of product_view"),
});
export type Funnel = z.infer<typeof Funnel>;
