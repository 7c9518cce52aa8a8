import * as restate from "@restatedev/restate-sdk";
import type { Context } from "@restatedev/restate-sdk";
import { OrderSearchInput, OrderSearchResult, searchOrders } from "../query/order-search.ts";
import { queryStep } from "./query-step.ts";

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
  },
});
