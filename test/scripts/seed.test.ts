import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { TEST_API_CALLER_KEY } from "../support/caller-key.ts";
import { eventually, post } from "../support/restate.ts";

function seed(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The shop's own tool: it signs its writes with the API's credential, as the API does.
    const env = { ...process.env, API_CALLER_KEY: TEST_API_CALLER_KEY };
    const child = spawn(process.execPath, [path.join(projectRoot, "scripts/seed.ts"), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run seed", () => {
  it("fills a running instance through its handlers: categories, products, customers through the API, orders", async () => {
    const args = [
      "--products",
      "40",
      "--customers",
      "4",
      "--orders",
      "6",
      "--seed",
      "77",
      "--ingress-url",
      inject("ingressUrl"),
      "--api-url",
      inject("apiUrl"),
    ];
    const run = await seed(args);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("products");
    const report = JSON.parse(run.output.slice(run.output.indexOf("{")));
    expect(report.categories).toBe(15);
    expect(report.products).toEqual({ created: 40, existing: 0, failed: 0 });
    expect(report.customers).toMatchObject({ created: 4, failed: 0, via: expect.stringContaining("HTTP API") });
    expect(Object.values(report.orders as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);

    // What was seeded is there for shoppers: active products are found, drafts are not.
    const found = await eventually(
      async () => (await post("/CatalogAdmin/searchProducts", { q: "seed", pageSize: 100 })).body,
      (page) => page.total >= 40,
    );
    expect(found.total).toBe(40);
    const active = found.products.filter((p: any) => p.status === "active").length;
    expect((await post("/Catalog/search", { q: "seed", pageSize: 100 })).body.total).toBe(active);
    const bySku = (await post("/CatalogAdmin/searchProducts", { q: "SEED-000002" })).body;
    expect(bySku.products.map((p: any) => p.sku)).toEqual(["SEED-000002"]);
    const orders = await eventually(
      async () => (await post("/AdminQueries/searchOrders", { orderId: "seed-77-order-0" })).body,
      (page) => page.total === 1,
    );
    expect(orders.orders[0].customerEmail).toMatch(/@example\.com$/);

    // Again with the same seed: everything exists, nothing is doubled.
    const again = await seed(args);
    expect(again.code, again.output).toBe(0);
    expect(JSON.parse(again.output.slice(again.output.indexOf("{"))).products).toEqual({ created: 0, existing: 40, failed: 0 });
  }, 120_000);
});
