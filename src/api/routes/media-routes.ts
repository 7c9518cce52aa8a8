import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { notFound } from "../api-errors.ts";
import type { ApiEnv } from "../context.ts";

/** Image files only, by a plain name: no folders, no dot files, nothing a browser would run. */
const IMAGE = /^[a-z0-9][a-z0-9._-]{0,120}\.(svg|png|jpe?g|webp|avif)$/;

/**
 * Product images from a folder on this machine (`MEDIA_DIR`), for a shop without a CDN and for the
 * seed's pictures. An SVG opened on its own runs no script and loads nothing (its own CSP).
 */
export function mediaRoutes(dir: string) {
  const app = new Hono<ApiEnv>();
  app.get(
    "/media/:file",
    async (c, next) => {
      if (!IMAGE.test(c.req.param("file"))) throw notFound(`no image ${c.req.param("file")}`);
      await next();
    },
    serveStatic({
      root: path.resolve(dir),
      rewriteRequestPath: (p) => p.slice("/media".length),
      onFound: (_path, c) => {
        c.header("cache-control", "public, max-age=86400");
        c.header("x-content-type-options", "nosniff");
        c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      },
    }),
    (c) => {
      throw notFound(`no image ${c.req.param("file")}`);
    },
  );
  return app;
}
