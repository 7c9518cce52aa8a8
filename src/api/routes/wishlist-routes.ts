import { createRoute, z } from "@hono/zod-openapi";
import { WishlistApi } from "../../customers/customers-ingress.ts";
import { WishlistView } from "../../customers/domain/wishlist.ts";
import { BEARER, errorResponses, jsonAnswer } from "../api-schemas.ts";
import { principalOf, requireAuth } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate-client.ts";
import { SkuParam } from "../shop-schemas.ts";

const tags = ["Customers and sign-in"];
const Wishlist = z.object(WishlistView.shape).openapi("Wishlist");
const theList = (description: string) => jsonAnswer(description, Wishlist);

const get = createRoute({
  method: "get",
  path: "/me/wishlist",
  tags,
  summary: "Your wishlist",
  description: "The products you saved, newest first, as they are now (price, stock, status). At most 100.",
  security: BEARER,
  middleware: [requireAuth] as const,
  responses: { 200: theList("The wishlist"), ...errorResponses(401, 429, 503) },
});

const save = createRoute({
  method: "put",
  path: "/me/wishlist/{sku}",
  tags,
  summary: "Save a product to your wishlist",
  description:
    "Saving it again changes nothing. When a saved product comes back in stock you get one email for that restock. " +
    "An unknown SKU → 404; a full wishlist (100) → 409.",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: SkuParam },
  responses: { 200: theList("The wishlist"), ...errorResponses(400, 401, 404, 409, 429, 503) },
});

const remove = createRoute({
  method: "delete",
  path: "/me/wishlist/{sku}",
  tags,
  summary: "Remove a product from your wishlist",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { params: SkuParam },
  responses: { 200: theList("The wishlist"), ...errorResponses(400, 401, 429, 503) },
});

/** The caller's own wishlist only: the key is the token's customer, never a parameter. */
export function wishlistRoutes() {
  const app = routes();
  const mine = (c: Parameters<typeof principalOf>[0]) => c.var.deps.restate.object(WishlistApi, principalOf(c).customerId);
  app.openapi(get, async (c) => c.json(await call(() => mine(c).get()), 200));
  app.openapi(save, async (c) => c.json(await call(() => mine(c).add({ sku: c.req.valid("param").sku })), 200));
  app.openapi(remove, async (c) => c.json(await call(() => mine(c).remove({ sku: c.req.valid("param").sku })), 200));
  return app;
}
