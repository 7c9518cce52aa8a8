import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler, Next } from "hono";
import { ApiError, fromZodError } from "./api-errors.ts";
import { errorResponses } from "./api-schemas.ts";
import type { ApiEnv } from "./context.ts";
import { bindIdempotencyKey } from "./idempotency.ts";

/**
 * A router whose zod validation failures become the contract's 400. Every route module makes its
 * routes with this: the hook belongs to each OpenAPIHono instance, it is not inherited on mount.
 */
export function routes() {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error, result.target);
    },
  });
  // Every route that takes an Idempotency-Key binds it to its request once the request is valid, so
  // no route can forget to: the same key with another request is a 422 before the handler runs.
  const register = app.openapi;
  app.openapi = ((route: RouteConfig, handler: Handler, hook?: unknown) => {
    // Generators name their methods after operationId; a public route says so with `security: []`
    // rather than inheriting the document's bearer default.
    route.operationId ??= operationIdOf(route.method, route.path);
    route.security ??= [];
    if (!acceptsIdempotencyKey(route)) return register(route, handler, hook as never);
    route.responses[422] ??= errorResponses(422)[422]!;
    const bound: Handler = async (c, next) => {
      await bindIdempotencyKey(c, route.method, route.path);
      return handler(c, next);
    };
    return register(route, bound, hook as never);
  }) as typeof app.openapi;
  return app;
}

/**
 * `GET /admin/orders/{orderNumber}` → `getAdminOrdersByOrderNumber`: unique because method and path
 * are, and stable as long as the route is.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ["by", param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    });
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join("");
}

type Handler = (c: Context<ApiEnv>, next: Next) => Promise<Response> | Response;

const acceptsIdempotencyKey = (route: RouteConfig) => {
  const headers = route.request?.headers;
  return headers !== undefined && "shape" in headers && "idempotency-key" in (headers.shape as object);
};

/**
 * Route middleware for a route whose JSON body may be left out: a body that does come must be
 * JSON (415 otherwise), never silently read as empty.
 */
export const jsonIfAny: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const length = c.req.header("content-length");
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
  const type = c.req.header("content-type");
  if (hasBody && !(type && /^application\/([a-z0-9.+-]*\+)?json(\s*;|$)/i.test(type))) {
    throw new ApiError(415, "unsupported_media_type", "body: must be JSON, sent with Content-Type: application/json");
  }
  await next();
};
