import { spawn } from "node:child_process";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, waitUntilIdle } from "../../scripts/lib/admin.ts";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { categoriesTable } from "../../src/catalog/category-row.ts";
import { productRow } from "../../src/catalog/product-row.ts";
import { customerRow } from "../../src/customers/customer-row.ts";
import { stockRow } from "../../src/inventory/stock-row.ts";
import { orderRow } from "../../src/orders/order-row.ts";
import { createPool } from "../../src/platform/database/pool.ts";
import { readVersioned, type Table } from "../../src/platform/database/projection-table.ts";
import { PROJECTION_TABLES } from "../../src/projections/projection-tables.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, customer } from "../support/shop.ts";

const SESSION = { id: "A".repeat(22), secretHash: "0".repeat(64), ttlSeconds: 3600 };
const PASSWORD_HASH = "scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==";

describe("projections without the shared stack: rebuilt from Restate, and patient while PostgreSQL is down", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let pool: pg.Pool;
  const call = (p: string, body?: unknown) => post(p, body, { url: stack.restate.ingressUrl });

  beforeAll(async () => {
    stack = await ownStack();
    pool = createPool({ url: stack.postgres.url, poolMax: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 2_000 });
  }, 120_000);

  afterAll(async () => {
    await pool?.end();
    await stack?.dispose();
  });

  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries({ ...PROJECTION_TABLES, categories: categoriesTable }).map(
          async ([kind, table]) => [kind, Object.fromEntries(await readVersioned(pool, table as Table<object>))] as const,
        ),
      ),
    );

  async function shopActivity() {
    const skus = [uniqueId("RB"), uniqueId("RB"), uniqueId("RB")];
    for (const [i, sku] of skus.entries()) {
      expect((await call(`/InventoryItem/${sku}/upsert`, { name: `Rebuild ${i}`, price: 1000 + i, lowStockThreshold: i })).status).toBe(
        200,
      );
      expect((await call(`/InventoryItem/${sku}/restock`, { quantity: 5 })).status).toBe(200);
    }
    const shelf = (await call("/CatalogAdmin/createCategory", { name: "Rebuild shelf" })).body;
    expect((await call("/CatalogAdmin/createCategory", { name: "Rebuild corner", parent: shelf.slug })).status).toBe(200);
    const listed = await call("/CatalogAdmin/createProduct", {
      sku: uniqueId("RB"),
      name: "Rebuild lamp",
      price: 4200,
      category: shelf.slug,
      images: ["https://img.example/lamp.png"],
      status: "active",
    });
    expect(listed.status).toBe(200);
    skus.push(listed.body.sku);
    const code = `RB${Date.now().toString(36).toUpperCase()}`;
    expect((await call(`/Coupon/${code}/create`, { code, type: "fixed", value: 300, maxRedemptions: 5 })).status).toBe(200);
    const email = `${uniqueId("rebuild").toLowerCase()}@example.com`;
    expect(
      (await call(`/EmailIndex/${email}/register`, { name: "Ada Rebuild", passwordHash: PASSWORD_HASH, session: SESSION })).status,
    ).toBe(200);
    const order = (id: string, extra: Record<string, unknown>) =>
      call(`/OrderOrchestrator/${id}/processOrder`, {
        items: [
          { sku: skus[0], quantity: 1 },
          { sku: skus[1], quantity: 2 },
        ],
        customer,
        shipping: address,
        ...extra,
      });
    expect((await order(uniqueId("rb-ok"), { couponCode: code })).status).toBe(200);
    expect((await order(uniqueId("rb-declined"), { paymentMethod: "pm_card_chargeDeclined" })).status).toBe(402);
    const cancelled = uniqueId("rb-cancel");
    expect((await order(cancelled, { shipping: { ...address, zip: "00001" } })).status).toBe(200);
    expect((await call(`/OrderOrchestrator/${cancelled}/cancel`, { reason: "changed my mind" })).status).toBe(200);
    return { skus, code, email };
  }

  it("rebuilds every projection from Restate's state, row for row what live projection wrote", async () => {
    const made = await shopActivity();
    // At rest: the mock carrier moves the good order to delivered, scheduled flushes run.
    expect(await waitUntilIdle(stack.restate.adminUrl, 60_000)).toEqual([]);
    const live = await snapshot();
    expect(Object.keys(live.product!)).toEqual(expect.arrayContaining(made.skus));
    expect(Object.keys(live.stock!)).toEqual(expect.arrayContaining(made.skus));
    expect(Object.keys(live.order!)).toHaveLength(3);
    expect(Object.keys(live.coupon!)).toEqual([made.code]);
    expect(Object.values(live.customer!).map((c: any) => c.row.email)).toEqual([made.email]);
    expect(Object.keys(live.categories!).sort()).toEqual(["rebuild-corner", "rebuild-shelf"]);
    expect(Object.values(live.product!).find((p: any) => p.row.name === "Rebuild lamp")!.row).toMatchObject({
      category: "rebuild-shelf",
      images: ["https://img.example/lamp.png"],
      status: "active",
    });

    // Each live row is what the pure mapping makes of the object's current state.
    const stored = async (service: string, key: string) => {
      const [value] = await sql<{ value_utf8: string }>(
        stack.restate.adminUrl,
        `SELECT value_utf8 FROM state WHERE service_name = '${service}' AND service_key = '${made.skus[1]}' AND key = '${key}'`,
      );
      return JSON.parse(value!.value_utf8);
    };
    expect(live.product![made.skus[1]!]!.row).toEqual(productRow(await stored("Product", "product")));
    expect(live.stock![made.skus[1]!]!.row).toEqual(stockRow(await stored("InventoryItem", "item")));
    const orders = await sql<{ service_key: string; value_utf8: string }>(
      stack.restate.adminUrl,
      "SELECT service_key, value_utf8 FROM state WHERE service_name = 'OrderOrchestrator' AND key = 'order'",
    );
    for (const o of orders) expect(live.order![o.service_key]!.row, o.service_key).toEqual(orderRow(JSON.parse(o.value_utf8)));
    const [profile] = await sql<{ value_utf8: string }>(
      stack.restate.adminUrl,
      "SELECT value_utf8 FROM state WHERE service_name = 'Customer' AND key = 'profile'",
    );
    expect(Object.values(live.customer!)[0]!.row).toEqual(customerRow(JSON.parse(profile!.value_utf8)));

    await pool.query("TRUNCATE orders, products, stock_levels, customers, coupons, product_ratings");
    await pool.query("TRUNCATE categories");
    expect(await snapshot()).toEqual({ order: {}, product: {}, stock: {}, customer: {}, coupon: {}, rating: {}, categories: {} });

    const rebuild = await runRebuild(stack.postgres.url, stack.restate.adminUrl);
    expect(rebuild.code, rebuild.output).toBe(0);
    expect(rebuild.output).not.toContain(decodeURIComponent(new URL(stack.postgres.url).password));
    expect(await snapshot()).toEqual(live);

    // Again, on full tables: nothing moves (every row is already at its version).
    expect((await runRebuild(stack.postgres.url, stack.restate.adminUrl)).code).toBe(0);
    expect(await snapshot()).toEqual(live);
  });

  it("a rebuild that cannot reach the database says so in one line, without the password", async () => {
    const url = new URL(stack.postgres.url);
    url.port = "1";
    const rebuild = await runRebuild(url.toString(), stack.restate.adminUrl);
    expect(rebuild.code).toBe(1);
    expect(rebuild.output).toContain("projections rebuild failed: database postgres://postgres@127.0.0.1:1/commerce: connection refused");
    expect(rebuild.output).not.toContain(url.password);
  });

  it("keeps selling while PostgreSQL is down; the projections catch up when it is back", async () => {
    await stack.postgres.stop("SIGKILL");
    const sku = uniqueId("OUTAGE");
    expect((await call(`/InventoryItem/${sku}/upsert`, { name: "Outage mug", price: 1500 })).status).toBe(200);
    expect((await call(`/InventoryItem/${sku}/restock`, { quantity: 4 })).status).toBe(200);
    const orderId = uniqueId("outage");
    const placed = await call(`/OrderOrchestrator/${orderId}/processOrder`, {
      items: [{ sku, quantity: 1 }],
      customer,
      shipping: address,
    });
    expect(placed.status).toBe(200);
    expect(placed.body.status).toBe("processing");

    // The projections wait in Restate, retrying, instead of failing or being dropped.
    const waiting = await eventually(
      () =>
        sql<{ target: string; status: string }>(
          stack.restate.adminUrl,
          "SELECT target, status FROM sys_invocation WHERE target LIKE 'Projector/%' AND status <> 'completed'",
        ),
      (open) => ["order", "product", "stock"].every((kind) => open.some((i) => i.target === `Projector/${kind}`)),
    );
    expect(waiting.every((i) => ["backing-off", "running", "ready"].includes(i.status))).toBe(true);

    await stack.postgres.start();
    const order = (await call(`/OrderOrchestrator/${orderId}/getOrder`)).body;
    const row = await eventually(
      async () => (await readVersioned(pool, PROJECTION_TABLES.order, orderId)).get(orderId),
      (r) => r !== undefined && r.row.updatedAt >= order.updatedAt,
      40_000,
    );
    expect(row!.row.status).not.toBe("pending");
    const stock = await eventually(
      async () => (await readVersioned(pool, PROJECTION_TABLES.stock, sku)).get(sku),
      (r) => r?.row.onHand === 3,
      40_000,
    );
    expect(stock!.row).toMatchObject({ sku, onHand: 3, reserved: 0, available: 3 });
    const catalog = await eventually(
      async () => (await readVersioned(pool, PROJECTION_TABLES.product, sku)).get(sku),
      (r) => r !== undefined,
      40_000,
    );
    expect(catalog!.row).toMatchObject({ sku, name: "Outage mug" });
  }, 120_000);
});

function runRebuild(databaseUrl: string, adminUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "src/server/rebuild-main.ts")], {
      env: { ...process.env, DATABASE_URL: databaseUrl, RESTATE_ADMIN_URL: adminUrl, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("exit", (code) => resolve({ code, output }));
  });
}
