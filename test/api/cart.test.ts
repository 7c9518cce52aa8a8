import { describe, expect, it } from "vitest";
import { type Account, api, errorShape, newCustomer, signedInAdmin } from "../support/api.ts";
import { post, uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

const cart = (account: Account, method: string, path = "", body?: unknown, headers?: Record<string, string>) =>
  api(method, `/cart${path}`, { token: account.accessToken, body, headers });
const currentCartId = async (account: Account) => (await post(`/Customer/${account.id}/currentCart`)).body.cartId as string;

async function newCoupon(definition: Record<string, unknown>): Promise<string> {
  const admin = await signedInAdmin();
  const code = uniqueId("C").replace(/-/g, "").toUpperCase().slice(0, 20);
  const res = await api("POST", "/admin/coupons", { token: admin.accessToken, body: { code, ...definition } });
  expect(res.status).toBe(201);
  return code;
}

describe("GET/POST/PUT/DELETE /cart", () => {
  it("starts empty, and answers every change with the cart priced from the catalog", async () => {
    const me = await newCustomer();
    const empty = await cart(me, "GET");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], subtotal: 0, discount: 0, total: 0, currency: "USD" });
    const mug = await product(10, 1299);
    const tea = await product(10, 450);
    expect((await cart(me, "POST", "/items", { sku: mug, quantity: 1 })).status).toBe(200);
    await cart(me, "POST", "/items", { sku: mug, quantity: 2 });
    const added = await cart(me, "POST", "/items", { sku: tea, quantity: 4 });
    expect(added.body).toEqual({
      items: [
        { sku: mug, name: `Product ${mug}`, quantity: 3, unitPrice: 1299, lineTotal: 3897 },
        { sku: tea, name: `Product ${tea}`, quantity: 4, unitPrice: 450, lineTotal: 1800 },
      ],
      subtotal: 5697,
      discount: 0,
      total: 5697,
      currency: "USD",
    });
    const changed = await cart(me, "PUT", `/items/${tea}`, { quantity: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body.items[1]).toMatchObject({ sku: tea, quantity: 1, lineTotal: 450 });
    const zeroed = await cart(me, "PUT", `/items/${tea}`, { quantity: 0 });
    expect(zeroed.body.items.map((i: { sku: string }) => i.sku)).toEqual([mug]);
    const removed = await cart(me, "DELETE", `/items/${mug}`);
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([]);
    // Removing what is not there changes nothing.
    expect((await cart(me, "DELETE", `/items/${mug}`)).body.items).toEqual([]);
  });

  it("adds once per Idempotency-Key", async () => {
    const me = await newCustomer();
    const sku = await product(10, 100);
    const key = { "idempotency-key": uniqueId("add") };
    await cart(me, "POST", "/items", { sku, quantity: 2 }, key);
    const again = await cart(me, "POST", "/items", { sku, quantity: 2 }, key);
    expect(again.body.items).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
  });

  it("refuses an unknown SKU (404), more than exists (409) and a bad quantity (400), changing nothing", async () => {
    const me = await newCustomer();
    const sku = await product(3, 500);
    await cart(me, "POST", "/items", { sku, quantity: 1 });
    const unknown = await cart(me, "POST", "/items", { sku: "NO-SUCH-SKU", quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: "not_found", message: "unknown sku NO-SUCH-SKU" } });
    const tooMany = await cart(me, "PUT", `/items/${sku}`, { quantity: 4 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toBe(`only 3 of ${sku} exist; the cart asks for 4`);
    const bad = await cart(me, "POST", "/items", { sku, quantity: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: "invalid_input", message: "quantity: must be at least 1", field: "quantity" });
    expect((await cart(me, "GET")).body.items).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
  });

  it("applies a coupon with its discount, says why one cannot be used, and removes it", async () => {
    const me = await newCustomer();
    const sku = await product(10, 2000);
    await cart(me, "POST", "/items", { sku, quantity: 2 });
    const code = await newCoupon({ type: "percent", value: 10 });
    const applied = await cart(me, "POST", "/coupon", { code: code.toLowerCase() });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ subtotal: 4000, discount: 400, total: 3600, coupon: { code, valid: true } });
    const unknown = await cart(me, "POST", "/coupon", { code: "NOPE-NOT-A-CODE" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorShape("not_found"));
    const tooSmall = await newCoupon({ type: "fixed", value: 500, minSubtotal: 10_000 });
    const refused = await cart(me, "POST", "/coupon", { code: tooSmall });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(`coupon ${tooSmall} needs a subtotal of at least $100.00; the cart has $40.00`);
    expect((await cart(me, "GET")).body.coupon).toEqual({ code, valid: true });
    const dropped = await cart(me, "DELETE", "/coupon");
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ discount: 0, total: 4000 });
    expect(dropped.body.coupon).toBeUndefined();
  });

  it("shows shipping and tax once PUT /cart/shipping names a saved address or a new one; another customer's address is a 404", async () => {
    const me = await newCustomer();
    const other = await newCustomer();
    const sku = await product(10, 1500);
    await cart(me, "POST", "/items", { sku, quantity: 2 });
    const saved = (await api("POST", "/me/addresses", { token: me.accessToken, body: { label: "Home", ...address, state: "IL" } })).body;
    const shipped = await cart(me, "PUT", "/shipping", { shippingAddressId: saved.id });
    expect(shipped.status).toBe(200);
    // 2 × 15.00, standard shipping 6.95, Illinois' 6.25 % on the items.
    expect(shipped.body).toMatchObject({
      subtotal: 3000,
      shipping: { amount: 695, method: "standard" },
      tax: 188,
      total: 3000 + 695 + 188,
    });
    const express = await cart(me, "PUT", "/shipping", { shippingAddress: { ...address, state: "IL" }, shippingMethod: "express" });
    expect(express.body.shipping.method).toBe("express");
    const theirs = (await api("POST", "/me/addresses", { token: other.accessToken, body: { ...address } })).body;
    const notMine = await cart(me, "PUT", "/shipping", { shippingAddressId: theirs.id });
    expect(notMine.status).toBe(404);
    expect(notMine.body.error).toMatchObject({ code: "not_found", field: "shippingAddressId" });
    const both = await cart(me, "PUT", "/shipping", { shippingAddressId: saved.id, shippingAddress: address });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toBe("shippingAddress: give exactly one of shippingAddressId and shippingAddress");
  });

  it("is each customer's own: nobody else's lines show, and no token is a 401", async () => {
    const ada = await newCustomer();
    const bob = await newCustomer();
    const sku = await product(10, 100);
    await cart(ada, "POST", "/items", { sku, quantity: 3 });
    expect((await cart(bob, "GET")).body.items).toEqual([]);
    const anonymous = await api("GET", "/cart");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(errorShape("unauthenticated"));
    expect((await api("POST", "/cart/items", { body: { sku, quantity: 1 } })).status).toBe(401);
  });

  it("stays the customer's one cart: a checkout past the API empties it for the next order at once", async () => {
    const me = await newCustomer();
    const sku = await product(10, 700);
    await cart(me, "POST", "/items", { sku, quantity: 1 });
    const cartId = await currentCartId(me);
    // Checked out past the API, without the customer id, for a payment that never settles.
    const placed = await post(`/Cart/${cartId}/checkout`, {
      customer: { email: me.email, name: "Ada" },
      shippingAddress: address,
      paymentMethod: "pm_card_async_never",
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    expect((await cart(me, "GET")).body.items).toEqual([]);
    const added = await cart(me, "POST", "/items", { sku, quantity: 2 });
    expect(added.status).toBe(200);
    expect(added.body.items).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
    expect(await currentCartId(me)).toBe(cartId);
    expect((await post(`/OrderOrchestrator/${placed.body.orderId}/cancel`, { reason: "test over" })).status).toBe(200);
  });
});
