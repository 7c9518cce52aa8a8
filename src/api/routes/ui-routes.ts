import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { notFound } from "../api-errors.ts";
import type { ApiEnv } from "../context.ts";

/**
 * The admin dashboard (/admin) and the demo storefront (/shop): a page each, whose script calls
 * this same API with a bearer token. The bundles are built by `npm install` (prepare) into
 * ui/dist, their names carry a content hash, so they are cached for a year; the pages themselves
 * are asked for again each time (a new build shows at once).
 */
export const UI_DIST_DIR = fileURLToPath(new URL("../../../ui/dist/", import.meta.url));

interface UiManifest {
  styles: string;
  pages: Record<UiPage, { script: string; imports: string[] }>;
}

type UiPage = "admin" | "shop";

const TITLES: Record<UiPage, string> = { admin: "Admin · restate-commerce", shop: "Demo shop · restate-commerce" };

/**
 * No inline script or style anywhere; data and images come from this origin only (an image from
 * anywhere else would tell a third party who looks at which product). Nothing may frame the pages,
 * and no form posts elsewhere.
 */
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-security-policy": UI_CSP,
  "cache-control": "no-cache",
  "x-content-type-options": "nosniff",
  // Order numbers appear in the pages' addresses; links out (the Restate UI) need not see them.
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const IMMUTABLE = "public, max-age=31536000, immutable";

let cached: { mtimeMs: number; manifest: UiManifest } | undefined;

/** The current build's manifest, read again only when a new build replaced it. */
function manifest(): UiManifest | undefined {
  const file = `${UI_DIST_DIR}manifest.json`;
  try {
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, manifest: JSON.parse(readFileSync(file, "utf8")) as UiManifest };
    return cached.manifest;
  } catch {
    return undefined;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(name: UiPage, built: UiManifest): string {
  const asset = (file: string) => `/ui/assets/${escapeHtml(file)}`;
  const { script, imports } = built.pages[name];
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${TITLES[name]}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${asset(built.styles)}">
${imports.map((i) => `  <link rel="modulepreload" href="${asset(i)}">\n`).join("")}  <script type="module" src="${asset(script)}"></script>
</head>
<body>
  <noscript>This page needs JavaScript.</noscript>
  <div id="app"></div>
</body>
</html>
`;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>UI not built</title></head>
<body><h1>The UI is not built</h1><p>Run <code>npm run build:ui</code> (npm install does it), then reload.</p></body></html>
`;

export function uiRoutes() {
  const app = new Hono<ApiEnv>();
  for (const name of ["admin", "shop"] as const) {
    app.get(`/${name}`, (c) => {
      const built = manifest();
      return built ? c.html(page(name, built), 200, PAGE_HEADERS) : c.html(NOT_BUILT, 503, PAGE_HEADERS);
    });
  }
  app.get(
    "/ui/assets/:file",
    serveStatic({
      root: `${UI_DIST_DIR}assets`,
      rewriteRequestPath: (p) => p.slice("/ui/assets".length),
      precompressed: true,
      onFound: (_path, c) => {
        c.header("cache-control", IMMUTABLE);
        c.header("x-content-type-options", "nosniff");
      },
    }),
    (c) => {
      throw notFound(`no UI asset ${c.req.param("file")}; the pages link the current build's files`);
    },
  );
  return app;
}
