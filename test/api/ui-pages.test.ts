import { describe, expect, it } from "vitest";
import { api, apiUrl } from "../support/api.ts";

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/ui\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe("the UI pages and their assets, served by the API", () => {
  it.each(["/admin", "/shop"])(
    "%s is a page with a strict Content-Security-Policy, no inline script, asked for again each time",
    async (path) => {
      const page = await api("GET", path);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=UTF-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      const csp = page.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      // Every script is a file from this API; nothing comes from a CDN.
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/ src="\/ui\/assets\/[a-z]+-[A-Z0-9]+\.js"/);
        expect(body).toBe("");
      }
      expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
      expect(page.text).not.toContain("style=");
    },
  );

  it("serves each asset with its content type, cached for a year under its hashed name, compressed when the browser accepts it", async () => {
    const page = await api("GET", "/shop");
    const assets = assetsOf(page.text);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    for (const asset of assets) {
      const plain = await fetch(`${apiUrl()}${asset}`, { headers: { "accept-encoding": "identity" } });
      expect(plain.status, asset).toBe(200);
      expect(plain.headers.get("content-type")).toBe(asset.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
      expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(plain.headers.get("content-encoding")).toBeNull();
      const body = await plain.text();
      expect(body.length).toBeGreaterThan(100);

      const brotli = await fetch(`${apiUrl()}${asset}`, { headers: { "accept-encoding": "br, gzip" } });
      expect(brotli.headers.get("content-encoding")).toBe("br");
      expect(brotli.headers.get("content-type")).toBe(plain.headers.get("content-type"));
      expect(brotli.headers.get("vary")).toMatch(/accept-encoding/i);
      // fetch decodes it: the same file.
      expect(await brotli.text()).toBe(body);
    }
  });

  it("answers 404 for an asset that is not there, and never serves files from outside the build", async () => {
    for (const path of [
      "/ui/assets/nope-ABCDEFGH.js",
      "/ui/assets/..%2Fmanifest.json",
      "/ui/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/ui/manifest.json",
      "/ui/assets/",
    ]) {
      const res = await api("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain('"pages"');
    }
    // The admin API keeps its paths: /admin is the page, /admin/alerts the API.
    expect((await api("GET", "/admin/alerts")).status).toBe(401);
    expect((await api("POST", "/admin")).status).toBe(405);
  });
});
