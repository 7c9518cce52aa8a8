import { describe, expect, it } from "vitest";
import { productsTable } from "../../src/catalog/product-row.ts";
import { customersTable } from "../../src/customers/customer-row.ts";
import { stockTable } from "../../src/inventory/stock-row.ts";
import { orderRow, ordersTable } from "../../src/orders/order-row.ts";
import { upsertVersioned } from "../../src/platform/database/projection-table.ts";
import { couponsTable } from "../../src/pricing/coupon-row.ts";
import { api, newCustomer, signedInAdmin } from "../support/api.ts";
import { projectedRow, testPool } from "../support/projections.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const pool = () => testPool();

describe("projections follow Restate's state into PostgreSQL", () => {
  it("a product's catalog row mirrors Product, its stock row InventoryItem, and the stock row follows reservations and sales", async () => {
    const sku = await product(10, 2599, { lowStockThreshold: 2 });
    const catalog = (await post(`/Product/${sku}/get`)).body;
    const rowsMatch = async () => {
      const item = await stockOf(sku);
      const projected = await projectedRow(pool(), stockTable, sku);
      return { item, projected };
    };
    const expected = (item: any) => ({
      sku,
      onHand: item.onHand,
      reserved: item.reserved,
      available: item.available,
      backordered: item.backordered,
      lowStockThreshold: 2,
      allowBackorder: false,
    });
    expect(
      (await eventually(
        () => projectedRow(pool(), productsTable, sku),
        (r) => r !== undefined,
      ))!.row,
    ).toEqual({
      sku,
      name: catalog.name,
      price: 2599,
      currency: "USD",
      productId: catalog.productId,
      slug: catalog.slug,
      description: null,
      category: null,
      images: [],
      compareAtPrice: null,
      status: "active",
      createdAt: catalog.createdAt,
    });
    const first = await eventually(rowsMatch, ({ item, projected }) => projected?.row.onHand === item.onHand);
    expect(first.projected!.row).toEqual(expected(first.item));

    const orderId = uniqueId("proj-order");
    expect((await processOrder(orderId, orderRequest([[sku, 3]]))).status).toBe(200);
    const after = await eventually(rowsMatch, ({ projected }) => projected?.row.onHand === 7);
    expect(after.projected!.row).toEqual(expected(after.item));
    expect(after.projected!.row).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  it("an order row mirrors the order at rest: customer, statuses, money, coupon", async () => {
    const sku = await product(5, 4000);
    const code = `PROJ${Date.now().toString(36).toUpperCase()}`;
    expect((await post(`/Coupon/${code}/create`, { code, type: "percent", value: 10 })).status).toBe(200);
    const orderId = uniqueId("proj-order");
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { couponCode: code }));
    expect(answer.status).toBe(200);

    const settled = await eventually(
      async () => ({ order: await orderOf(orderId), projected: await projectedRow(pool(), ordersTable, orderId) }),
      // At rest: delivered, its confirmation email (sent after the checkout's answer) recorded, and projected since.
      ({ order, projected }) =>
        order.status === "delivered" && order.notifications.length > 0 && projected?.row.updatedAt === order.updatedAt,
      30_000,
    );
    expect(settled.projected!.row).toEqual(orderRow(settled.order));
    expect(settled.projected!.row).toMatchObject({
      orderId,
      orderNumber: null,
      customerEmail: "ada@example.com",
      customerName: "Ada Lovelace",
      paymentStatus: "captured",
      currency: "USD",
      subtotal: 8000,
      discount: 800,
      total: answer.body.total,
      couponCode: code,
    });

    const coupon = await eventually(
      () => projectedRow(pool(), couponsTable, code),
      (row) => row?.row.redeemed === 1,
    );
    expect(coupon!.row).toMatchObject({ code, type: "percent", value: 10, redeemed: 1, reserved: 0, maxRedemptions: null });
  });

  it("a failed checkout is projected as failed", async () => {
    const sku = await product(5, 1000);
    const orderId = uniqueId("proj-declined");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]], { paymentMethod: "pm_card_chargeDeclined" }));
    expect(answer.status).toBe(402);
    const projected = await eventually(
      () => projectedRow(pool(), ordersTable, orderId),
      (row) => row?.row.status === "failed",
    );
    expect(projected!.row).toEqual(orderRow(await orderOf(orderId)));
  });

  it("a customer row follows registration, profile and role changes — and nothing else", async () => {
    const account = await newCustomer({ name: "Grace Hopper" });
    const created = await eventually(
      () => projectedRow(pool(), customersTable, account.id),
      (row) => row !== undefined,
    );
    expect(created!.row).toMatchObject({
      customerId: account.id,
      email: account.email,
      name: "Grace Hopper",
      role: "customer",
      loyaltyTier: "bronze",
    });
    expect(created!.version).toBe(1);

    // A sign-in changes sessions, not the row: no new version.
    expect((await api("POST", "/auth/login", { body: { email: account.email, password: account.password } })).status).toBe(200);
    expect((await api("PUT", "/me", { token: account.accessToken, body: { name: "Rear Admiral Hopper" } })).status).toBe(200);
    const admin = await signedInAdmin();
    expect((await api("PUT", `/admin/customers/${account.id}/role`, { token: admin.accessToken, body: { role: "admin" } })).status).toBe(
      200,
    );
    const changed = await eventually(
      () => projectedRow(pool(), customersTable, account.id),
      (row) => row?.row.role === "admin" && row.row.name === "Rear Admiral Hopper",
    );
    expect(changed!.version).toBe(3);
  });
});

describe("the version guard", () => {
  it("writes a newer version, and never an older or the same one again", async () => {
    const sku = uniqueId("GUARD");
    const row = (name: string) => ({
      sku,
      name,
      price: 100,
      currency: "USD",
      productId: null,
      slug: null,
      description: null,
      category: null,
      images: [],
      compareAtPrice: null,
      status: "active",
      createdAt: null,
    });
    expect(await upsertVersioned(pool(), productsTable, 2, row("v2"))).toBe(true);
    expect(await upsertVersioned(pool(), productsTable, 1, row("late v1"))).toBe(false);
    expect(await upsertVersioned(pool(), productsTable, 2, row("replayed v2"))).toBe(false);
    expect((await projectedRow(pool(), productsTable, sku))!).toEqual({ version: 2, row: row("v2") });
    expect(await upsertVersioned(pool(), productsTable, 3, row("v3"))).toBe(true);
    expect((await projectedRow(pool(), productsTable, sku))!).toEqual({ version: 3, row: row("v3") });
  });
});
