import { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./context.ts";
import { fromZodError } from "./errors.ts";

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
