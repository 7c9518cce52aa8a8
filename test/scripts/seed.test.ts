import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { api, signedInAdmin } from "../support/api.ts";
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

const reportOf = (output: string) => JSON.parse(output.slice(output.indexOf("{"), output.lastIndexOf("}") + 1));

describe("npm run seed", () => {
  it("fills a running instance through its handlers: categories, pictured products, customers who can sign in, orders a shopper placed", async () => {
    const args = ["--products", "40", "--customers", "4", "--orders", "6", "--seed", "77"];
    args.push("--ingress-url", inject("ingressUrl"), "--media-dir", inject("mediaDir"));
    const run = await seed(args);
    expect(run.code, run.output).toBe(0);
    const report = reportOf(run.output);
    expect(report.categories).toBe(15);
    expect(report.products).toEqual({ created: 40, existing: 0, failed: 0 });
    expect(report.customers).toEqual({ created: 4, existing: 0, failed: 0 });
    expect(Object.values(report.orders as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);

    // In a pipe: plain lines with each phase's own total, no bar redrawn.
    expect(run.output).toContain("products: 40/40");
    expect(run.output).toContain("orders: 6/6");
    expect(run.output).not.toContain("\u001b[");

    // One account's sign-in is printed, and it works.
    const [, email, password] = /seeded customer: (\S+) \/ (\S+)/.exec(run.output)!;
    expect((await api("POST", "/auth/login", { body: { email, password } })).status).toBe(200);

    // What was seeded is there for shoppers: active products are found, drafts are not.
    const { accessToken: token } = await signedInAdmin();
    const found = await eventually(
      async () => (await api("GET", "/admin/products?q=seed&limit=100", { token })).body,
      (page) => page.total >= 40,
    );
    expect(found.total).toBe(40);
    const active = found.items.filter((p: any) => p.status === "active").length;
    expect((await api("GET", "/products?q=seed&limit=100")).body.total).toBe(active);
    const bySku = (await api("GET", "/admin/products?q=SEED-000002", { token })).body;
    expect(bySku.items.map((p: any) => p.sku)).toEqual(["SEED-000002"]);

    // Pictures served by the shop itself; thresholds set, and some products low on stock.
    const image: string = bySku.items[0].images[0];
    expect(image).toMatch(/^\/media\/seed-[a-z-]+\.svg$/);
    expect(readdirSync(inject("mediaDir"))).toContain(image.slice("/media/".length));
    const served = await fetch(`${inject("apiUrl")}${image}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toContain("image/svg+xml");
    expect(await served.text()).toBe(readFileSync(path.join(inject("mediaDir"), image.slice("/media/".length)), "utf8"));
    const items = await Promise.all(found.items.map(async (p: any) => (await post(`/InventoryItem/${p.sku}/get`)).body));
    expect(items.every((item) => typeof item.lowStockThreshold === "number" && item.lowStockThreshold > 0)).toBe(true);
    expect(items.filter((item) => item.lowStock).length).toBeGreaterThan(0);

    // The orders went through carts: numbered, filed under their customers, each after a view of its products.
    const seededOrders = async () => (await api("GET", "/admin/orders?q=.s77%40example.com&limit=100", { token })).body;
    const orders = await eventually(seededOrders, (page) => page.total === 6);
    expect(orders.items.every((o: any) => /^ORD-\d{4}-\d{6}$/.test(o.orderNumber))).toBe(true);
    const db = new pg.Client({ connectionString: inject("databaseUrl") });
    await db.connect();
    try {
      const events = await eventually(
        async () =>
          (
            await db.query(
              "SELECT event, count(*)::int AS n FROM analytics_events WHERE event IN ('product_view', 'add_to_cart') AND (event_id LIKE 'seed-77-%' OR properties->>'cartId' LIKE 'cus\\_%-10000%') GROUP BY event",
            )
          ).rows,
        (rows) => rows.length === 2,
      );
      const counted = Object.fromEntries(events.map((r: any) => [r.event, r.n]));
      expect(counted.product_view).toBeGreaterThanOrEqual(6);
      expect(counted.add_to_cart).toBeGreaterThanOrEqual(6);
    } finally {
      await db.end();
    }

    // Again with the same seed: everything exists, nothing is doubled.
    const again = await seed(args);
    expect(again.code, again.output).toBe(0);
    const second = reportOf(again.output);
    expect(second.products).toEqual({ created: 0, existing: 40, failed: 0 });
    expect(second.customers).toEqual({ created: 0, existing: 4, failed: 0 });
    expect(again.output).toContain("existed already");
    const after = await seededOrders();
    expect(after.total).toBe(6);
  }, 180_000);
});
