import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/**
 * The route pattern the request matched (`/orders/:orderNumber`), or undefined when none did (a 404,
 * a wrong method): what metrics and traces name a request by, never the path itself, which would
 * grow a series or a span name per order number. Middleware is registered for every method ("ALL");
 * the first route with a method of its own is the one Hono dispatches to, known even when a
 * middleware answered first (401, 429).
 */
export const routePattern = (c: Context): string | undefined => matchedRoutes(c).find((route) => route.method !== "ALL")?.path;
