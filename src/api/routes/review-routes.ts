import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Slug } from "../../catalog/domain/catalog.ts";
import { type Review, ReviewBody } from "../../reviews/domain/reviews.ts";
import { ProductReviewsApi } from "../../reviews/reviews-ingress.ts";
import { CatalogApi } from "../../storefront/storefront-ingress.ts";
import { BEARER, errorResponses, jsonAnswer, jsonBody } from "../api-schemas.ts";
import { principalOf, requireAuth, requireRole } from "../auth/guards.ts";
import type { ApiEnv } from "../context.ts";
import { routes } from "../openapi.ts";
import { ownAccount } from "../own-account.ts";
import { call } from "../restate-client.ts";
import { AdminReviewPage, PublicReview, type Rating, ReviewPage, SkuParam } from "../shop-schemas.ts";

const SlugParam = z.object({ slug: Slug("slug").openapi({ param: { name: "slug", in: "path" }, example: "stoneware-mug" }) });
const WriteBody = z.strictObject(ReviewBody.shape).openapi("WriteReviewRequest", {
  example: { rating: 5, title: "Keeps tea hot", text: "Thick walls, a good handle, and it survived the dishwasher." },
});
const HideBody = z.strictObject({ hidden: z.boolean() }).openapi("ReviewVisibilityRequest", { example: { hidden: true } });

const shown = ({ id, authorName, rating, title, text, createdAt, updatedAt }: Review) => ({
  id,
  authorName,
  rating,
  title,
  text,
  createdAt,
  updatedAt,
});

const list = createRoute({
  method: "get",
  path: "/products/{slug}/reviews",
  tags: ["Catalog"],
  summary: "A product's reviews",
  description: "The visible reviews, newest first, with the average rating. Unknown, draft or archived product → 404.",
  request: { params: SlugParam },
  responses: { 200: jsonAnswer("The reviews", ReviewPage), ...errorResponses(400, 404, 429, 503) },
});

const write = createRoute({
  method: "put",
  path: "/products/{slug}/reviews/mine",
  tags: ["Catalog"],
  summary: "Write or edit your review of a product",
  description: [
    "One review per product per customer: the first PUT writes it, the next ones edit it. Only a customer who received the product",
    "(one of their orders holding it was delivered) may review it: 403 otherwise. Plain text only (no HTML tags), title up to 120",
    "characters, text up to 2000; rating 1 to 5. Your first name is shown with it.",
  ].join(" "),
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: SlugParam, body: jsonBody(WriteBody) },
  responses: { 200: jsonAnswer("Your review", PublicReview), ...errorResponses(400, 401, 403, 404, 415, 429, 503) },
});

const adminList = createRoute({
  method: "get",
  path: "/admin/reviews/{sku}",
  tags: ["Administration"],
  summary: "Every review of a product, hidden ones included",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: SkuParam },
  responses: { 200: jsonAnswer("The reviews", AdminReviewPage), ...errorResponses(400, 401, 403, 429, 503) },
});

const hide = createRoute({
  method: "put",
  path: "/admin/reviews/{sku}/{reviewId}",
  tags: ["Administration"],
  summary: "Hide a review, or show it again",
  description: "A hidden review is kept (its author still sees it as theirs) but shown nowhere and left out of the rating.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: {
    params: SkuParam.extend({
      reviewId: z
        .string()
        .regex(/^rev_[0-9a-f]{20}$/, "must be a review id such as rev_0123456789abcdef0123")
        .openapi({ param: { name: "reviewId", in: "path" } }),
    }),
    body: jsonBody(HideBody),
  },
  responses: { 200: jsonAnswer("The product's reviews", AdminReviewPage), ...errorResponses(400, 401, 403, 404, 415, 429, 503) },
});

/** The SKU of an active product's slug (404 otherwise, as its page). */
const skuOf = async (c: Context<ApiEnv>, slug: string) => (await call(() => c.var.deps.restate.service(CatalogApi).product({ slug }))).sku;

const adminView = (page: { reviews: Review[]; summary: z.infer<typeof Rating> }) => ({
  items: page.reviews.map((r) => ({ ...shown(r), customerId: r.customerId, hidden: r.hidden !== undefined })),
  rating: page.summary,
});

export function reviewRoutes() {
  const app = routes();
  app.openapi(list, async (c) => {
    const sku = await skuOf(c, c.req.valid("param").slug);
    const { reviews, summary } = await call(() => c.var.deps.restate.object(ProductReviewsApi, sku).list());
    return c.json({ items: reviews.filter((r) => !r.hidden).map(shown), rating: summary }, 200);
  });
  app.openapi(write, async (c) => {
    const sku = await skuOf(c, c.req.valid("param").slug);
    const profile = await ownAccount(c, (customer) => customer.get());
    const body = c.req.valid("json");
    const review = await call(() =>
      c.var.deps.restate.object(ProductReviewsApi, sku).write({ ...body, customerId: principalOf(c).customerId, authorName: profile.name }),
    );
    return c.json(shown(review), 200);
  });
  app.openapi(adminList, async (c) =>
    c.json(adminView(await call(() => c.var.deps.restate.object(ProductReviewsApi, c.req.valid("param").sku).list())), 200),
  );
  app.openapi(hide, async (c) => {
    const { sku, reviewId } = c.req.valid("param");
    const by = principalOf(c).customerId;
    const page = await call(() =>
      c.var.deps.restate.object(ProductReviewsApi, sku).setHidden({ reviewId, hidden: c.req.valid("json").hidden, by }),
    );
    return c.json(adminView(page), 200);
  });
  return app;
}
