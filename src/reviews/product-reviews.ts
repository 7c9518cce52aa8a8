import * as restate from "@restatedev/restate-sdk";
import { type ObjectContext, type ObjectSharedContext, RestatePromise } from "@restatedev/restate-sdk";
import { z } from "zod";
import { RatingSummary } from "../catalog/domain/rating.ts";
import { CustomerOrders } from "../orders/customer-orders-object.ts";
import { OrderOrchestrator } from "../orders/order-orchestrator.ts";
import { apiOnly } from "../platform/restate/api-caller.ts";
import { decide } from "../platform/restate/decide.ts";
import { project } from "../platform/restate/project.ts";
import type { Runtime } from "../providers/runtime.ts";
import {
  assertMayReview,
  Review,
  type SetHiddenInput,
  SetHiddenInput as SetHiddenSchema,
  setHidden,
  summarize,
  WriteReviewInput,
  writeReview,
} from "./domain/reviews.ts";
import { ratingRow, ratingsTable } from "./rating-row.ts";

const REVIEWS = "reviews";
/** How far back a customer's orders are read to find the delivery that entitles them to review. */
const ORDERS_READ = 100;

const ReviewList = z.object({ reviews: z.array(Review), summary: RatingSummary });

/** The SKUs of the customer's delivered orders, read from Restate (exact), side by side. */
async function deliveredSkus(ctx: ObjectContext, customerId: string): Promise<Set<string>> {
  const { items } = await ctx.objectClient(CustomerOrders, customerId).list({ page: 1, limit: ORDERS_READ });
  const orders = await RestatePromise.all(items.map((o) => ctx.objectClient(OrderOrchestrator, o.orderId).getOrder()));
  return new Set(orders.filter((o) => o.deliveredAt !== undefined).flatMap((o) => o.items.map((i) => i.sku)));
}

async function save(ctx: ObjectContext, reviews: Review[]) {
  ctx.set(REVIEWS, reviews);
  await project(ctx, ratingsTable, ratingRow(ctx.key, reviews));
}

/**
 * The reviews of one product (keyed by SKU): who may write one is decided here, from the customer's
 * own orders in Restate; the rating's count and sum go to the query side for search and sorting.
 */
export const productReviewsObject = (rt: Runtime) =>
  restate.object({
    name: "ProductReviews",
    metadata: { key: "{sku}" },
    description: "A product's reviews and rating: by customers who received it, one each, hidden by admins.",
    handlers: {
      write: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(WriteReviewInput),
          output: restate.serde.schema(Review),
          description: "Write or edit the customer's review; 403 unless one of their orders with this SKU was delivered.",
        },
        async (ctx: ObjectContext, input: WriteReviewInput) => {
          const reviews = (await ctx.get<Review[]>(REVIEWS)) ?? [];
          // An edit needs no new proof: the delivery that allowed the review stays true.
          if (!reviews.some((r) => r.customerId === input.customerId)) {
            const received = await deliveredSkus(ctx, input.customerId);
            decide(() => assertMayReview(received, ctx.key));
          }
          const now = await ctx.date.now();
          const next = writeReview(reviews, input, `rev_${ctx.rand.uuidv4().replaceAll("-", "").slice(0, 20)}`, now);
          await save(ctx, next);
          return next.find((r) => r.customerId === input.customerId)!;
        },
      ),
      setHidden: restate.handlers.object.exclusive(
        {
          ...apiOnly(rt),
          input: restate.serde.schema(SetHiddenSchema),
          output: restate.serde.schema(ReviewList),
          description: "An admin hides a review, or shows it again.",
        },
        async (ctx: ObjectContext, input: SetHiddenInput) => {
          const reviews = (await ctx.get<Review[]>(REVIEWS)) ?? [];
          const now = await ctx.date.now();
          const next = decide(() => setHidden(reviews, input, now));
          await save(ctx, next);
          return { reviews: next, summary: summarize(next) };
        },
      ),
      list: restate.handlers.object.shared(
        {
          input: restate.serde.empty,
          output: restate.serde.schema(ReviewList),
          description: "Every review, newest first (hidden ones marked), and the rating of the visible ones.",
        },
        async (ctx: ObjectSharedContext) => {
          const reviews = (await ctx.get<Review[]>(REVIEWS)) ?? [];
          return { reviews, summary: summarize(reviews) };
        },
      ),
    },
  });

/** The typed handle other handlers call ProductReviews by (its name); the endpoint binds {@link productReviewsObject} with its runtime. */
export type ProductReviews = ReturnType<typeof productReviewsObject>;
export const ProductReviews: ProductReviews = { name: "ProductReviews" };
