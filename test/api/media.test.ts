import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { api, apiUrl } from "../support/api.ts";
import { uniqueId } from "../support/restate.ts";

describe("GET /media/{file}: product images from MEDIA_DIR", () => {
  it("serves an image by its plain name, cached, with a CSP that keeps an SVG opened on its own inert", async () => {
    const file = `${uniqueId("pic").toLowerCase()}.svg`;
    writeFileSync(path.join(inject("mediaDir"), file), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const res = await fetch(`${apiUrl()}/media/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 404 for anything but an image name in the folder: other types, dot files, paths out of it, unknown files", async () => {
    writeFileSync(path.join(inject("mediaDir"), "page.html"), "<script>alert(1)</script>");
    for (const name of ["page.html", ".hidden.svg", "..%2Fmock-ledger.sqlite", "%2E%2E%2Fpg.svg", "missing.png"]) {
      const res = await api("GET", `/media/${name}`);
      expect(res.status, name).toBe(404);
      expect(res.body.error.code, name).toBe("not_found");
    }
  });
});
