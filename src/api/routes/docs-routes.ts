import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";
import { notFound } from "../api-errors.ts";
import type { ApiEnv } from "../context.ts";

/** Swagger UI from the installed swagger-ui-dist package: no CDN, the docs work without a network. */
const distDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

// A Map, not an object literal: a file name such as `__proto__` or `toString` must not find Object.prototype.
const ASSETS = new Map<string, string>([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"],
  ["favicon-32x32.png", "image/png"],
]);

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>restate-commerce API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A file, not an inline script, so a strict Content-Security-Policy can forbid inline code.
const INIT = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

// Nothing may frame the reference (clickjacking its "Try it out" buttons with a signed-in token).
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

export function docsRoutes() {
  const app = new Hono<ApiEnv>();
  const cache = new Map<string, Buffer>();
  const asset = (name: string) => cache.get(name) ?? cache.set(name, readFileSync(path.join(distDir, name))).get(name)!;

  app.get("/docs", (c) => c.html(PAGE, 200, { "content-security-policy": CSP }));
  app.get("/docs/init.js", (c) => c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/docs/:file", (c) => {
    const file = c.req.param("file");
    const type = ASSETS.get(file);
    if (!type) throw notFound(`no such documentation file: ${file}`);
    return c.body(new Uint8Array(asset(file)), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
  return app;
}
