import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import type pg from "pg";
import { Dashboard, DashboardInput, Funnel, FunnelInput } from "../domain/analytics.ts";
import { Retention, RetentionInput } from "../domain/retention.ts";
import { dashboard, funnel } from "../query/analytics.ts";
import { OrderSearchInput, OrderSearchResult, searchOrders } from "../query/order-search.ts";
import { retention } from "../query/retention.ts";
import { queryStep } from "./query-step.ts";

/** A report over the period that ends now (the handler's clock, journaled), or at the caller's `now`. */
const report =
  <I extends { now?: number | undefined }, O>(name: string, query: (pool: pg.Pool, input: I, now: number) => Promise<O>) =>
  async (ctx: Context, input: I): Promise<O> => {
    const now = input.now ?? (await ctx.date.now());
    return queryStep(ctx, name, (pool) => query(pool, input, now));
  };

/**
 * Questions across many objects, answered from the PostgreSQL projections (which may lag Restate by
 * moments). For operators and the admin side of the HTTP API: the ingress is for trusted clients.
 */
export const AdminQueries = restate.service({
  name: "AdminQueries",
  description: "Admin searches over the projections in PostgreSQL.",
  handlers: {
    searchOrders: restate.handlers.handler(
      {
        input: restate.serde.schema(OrderSearchInput),
        output: restate.serde.schema(OrderSearchResult),
        description: "Orders by status, creation date range, customer email, order id or number; newest first, paged, with the total.",
      },
      async (ctx: Context, input: OrderSearchInput) => queryStep(ctx, "search orders", (pool) => searchOrders(pool, input)),
    ),
    dashboard: restate.handlers.handler(
      {
        input: restate.serde.schema(DashboardInput),
        output: restate.serde.schema(Dashboard),
        description:
          "Sales (revenue, orders, average order value, growth, a daily series), new and active customers, and best sellers over 7, 30 or 90 days.",
      },
      report("analytics dashboard", dashboard),
    ),
    funnel: restate.handlers.handler(
      {
        input: restate.serde.schema(FunnelInput),
        output: restate.serde.schema(Funnel),
        description:
          "The conversion funnel product_view → add_to_cart → checkout_start → payment_start → order_complete: counts and conversion per step.",
      },
      report("analytics funnel", funnel),
    ),
    retention: restate.handlers.handler(
      {
        input: restate.serde.schema(RetentionInput),
        output: restate.serde.schema(Retention),
        description: "Monthly cohorts of first-time buyers and the share of each who paid for another order in each later month.",
      },
      report("analytics retention", retention),
    ),
  },
});
