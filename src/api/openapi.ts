import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./context.ts";
import { ApiError, fromZodError } from "./errors.ts";

/**
 * A router whose zod validation failures become the contract's 400. Every route module makes its
 * routes with this: the hook belongs to each OpenAPIHono instance, it is not inherited on mount.
 */
export const routes = () =>
  new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error, result.target);
    },
  });

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
