import { describe, expect, it } from "vitest";
import { InventoryItemApi } from "../../src/inventory/inventory-ingress.ts";
import { type Account, api, newCustomer, signedInAdmin } from "../support/api.ts";
import { eventually, ingress, uniqueId } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

const shipTo = { ...address, state: "IL", zip: "00001" };
const add = async (me: Account, sku: string, quantity: number) =>
  expect((await api("POST", "/cart/items", { token: me.accessToken, body: { sku, quantity } })).status).toBe(200);
const quote = (me: Account) => api("PUT", "/cart/shipping", { token: me.accessToken, body: { shippingAddress: shipTo } });
const order = (me: Account) =>
  api("POST", "/orders", {
    token: me.accessToken,
    body: { shippingAddress: shipTo, paymentMethodId: "pm_card_visa" },
    headers: { "idempotency-key": uniqueId("order") },
  });
const couponCode = () => uniqueId("P").replace(/-/g, "").toUpperCase().slice(0, 24);

describe("a price rise between the cart and the order", () => {
  it("is refused with 409 naming the line before any order exists; the cart then shows the new price and the next attempt pays it", async () => {
    const me = await newCustomer();
    const sku = await product(5, 2000);
    await add(me, sku, 2);
    await ingress()
      .objectClient(InventoryItemApi, sku)
      .upsert({ name: `Product ${sku}`, price: 2500, currency: "USD" } as never);

    const refused = await order(me);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`Product ${sku} (${sku}) from $20.00 to $25.00`);
    expect(refused.body.error.orderNumber).toBeUndefined();
    expect((await api("GET", "/orders", { token: me.accessToken })).body.total).toBe(0);
    expect((await stockOf(sku)).reserved).toBe(0);

    const cart = (await api("GET", "/cart", { token: me.accessToken })).body;
    expect(cart.items).toEqual([expect.objectContaining({ sku, unitPrice: 2500, lineTotal: 5000 })]);
    const placed = await order(me);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ subtotal: 5000, items: [expect.objectContaining({ sku, unitPrice: 2500 })] });
  });

  it("lets a price drop through at the lower price", async () => {
    const me = await newCustomer();
    const sku = await product(5, 2000);
    await add(me, sku, 1);
    await ingress()
      .objectClient(InventoryItemApi, sku)
      .upsert({ name: `Product ${sku}`, price: 1800, currency: "USD" } as never);
    const placed = await order(me);
    expect(placed.status).toBe(201);
    expect(placed.body.subtotal).toBe(1800);
  });
});

describe("a total above the one the customer saw", () => {
  it("is refused with 409 before any order exists when the quoted cart now costs more (here: its coupon ran out)", async () => {
    const admin = await signedInAdmin();
    const code = couponCode();
    expect(
      (
        await api("POST", "/admin/coupons", {
          token: admin.accessToken,
          body: { code, type: "fixed", value: 500, currency: "USD", maxRedemptions: 1 },
        })
      ).status,
    ).toBe(201);
    const sku = await product(10, 3000);
    const me = await newCustomer();
    await add(me, sku, 1);
    expect((await api("POST", "/cart/coupon", { token: me.accessToken, body: { code } })).status).toBe(200);
    const seen = (await quote(me)).body;
    expect(seen.discount).toBe(500);

    // Someone else redeems the last use of the coupon first.
    const other = await newCustomer();
    await add(other, sku, 1);
    expect((await api("POST", "/cart/coupon", { token: other.accessToken, body: { code } })).status).toBe(200);
    expect((await order(other)).status).toBe(201);
    await eventually(
      () => api("GET", "/admin/coupons?limit=100", { token: admin.accessToken }),
      (r) => r.body.items.some((c: { code: string; redeemed: number }) => c.code === code && c.redeemed === 1),
    );

    const refused = await api("POST", "/orders", {
      token: me.accessToken,
      body: { shippingAddress: shipTo, paymentMethodId: "pm_card_visa", expectedTotal: seen.total },
      headers: { "idempotency-key": uniqueId("order") },
    });
    expect(refused.status).toBe(409);
    // 500 more, and the tax on it.
    const shown =
      /^the order total is now \$([\d,]+\.\d\d), more than the \$([\d,]+\.\d\d) you saw; review the cart and check out again$/.exec(
        refused.body.error.message,
      );
    const cents = (text: string | undefined) => Math.round(Number((text ?? "").replace(/,/g, "")) * 100);
    expect(cents(shown?.[1])).toBeGreaterThan(seen.total + 500);
    expect(cents(shown?.[2])).toBe(seen.total);
    expect(refused.body.error.orderNumber).toBeUndefined();
    expect((await api("GET", "/orders", { token: me.accessToken })).body.total).toBe(0);
  });
});

describe("the cart's total is the order's total", () => {
  it("for a coupon, a loyalty tier, and both: the discount and the total the cart shows are charged", async () => {
    const admin = await signedInAdmin();
    const code = couponCode();
    expect((await api("POST", "/admin/coupons", { token: admin.accessToken, body: { code, type: "percent", value: 10 } })).status).toBe(
      201,
    );

    // A silver member: one order of 500.00 earns the tier (2 % off after any coupon).
    const member = await newCustomer();
    await add(member, await product(1, 50_000), 1);
    expect((await order(member)).status).toBe(201);
    await eventually(
      () => api("GET", "/me", { token: member.accessToken }),
      (r) => r.body.loyaltyTier === "silver",
    );
    const newcomer = await newCustomer();

    const cases: Array<[string, Account, boolean]> = [
      ["coupon", newcomer, true],
      ["tier", member, false],
      ["coupon and tier", member, true],
    ];
    for (const [kind, who, withCoupon] of cases) {
      await add(who, await product(10, 3333), 3);
      if (withCoupon) expect((await api("POST", "/cart/coupon", { token: who.accessToken, body: { code } })).status, kind).toBe(200);
      const shown = (await quote(who)).body;
      expect(shown.discount, kind).toBeGreaterThan(0);
      const placed = await order(who);
      expect(placed.status, kind).toBe(201);
      expect({ kind, discount: placed.body.discount, total: placed.body.total }).toEqual({
        kind,
        discount: shown.discount,
        total: shown.total,
      });
    }
  });
});
