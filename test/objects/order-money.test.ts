import { describe, expect, it } from "vitest";
import { formatMoney } from "../../src/platform/domain/money.ts";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { checkout, eventually, post, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

const illinois = { ...address, state: "IL", zip: "62701" };
const berlin = { name: "Ada Lovelace", street: "Unter den Linden 1", city: "Berlin", state: "BE", zip: "10117", country: "DE" };

const coupon = (definition: Record<string, unknown>) => post(`/Coupon/${String(definition.code).toUpperCase()}/create`, definition);
// A captured order commits its redemption one-way, so the count follows the order's answer by a moment.
const committedCoupon = (code: string) =>
  eventually(
    () => post(`/Coupon/${code}/get`),
    (r) => r.body.redeemed >= 1,
  ).then((r) => r.body);

describe("what an order costs", () => {
  it("charges items, the carrier's quote and the state's sales tax (items only in Illinois)", async () => {
    const mug = await product(5, 1299);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[mug, 3]], { shipping: illinois }));
    expect(answer.status).toBe(200);
    // 3 × 12.99 = 38.97; 6.25 % of it = 2.435625 → 2.44; shipping 6.95 is not taxed in Illinois.
    expect(answer.body).toMatchObject({ subtotal: 3897, discount: 0, shippingCost: 695, tax: 244, total: 3897 + 695 + 244 });
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ taxJurisdiction: "US-IL", shippingTax: 0, shipment: { quotedCost: { amount: 695, currency: "USD" } } });
    expect(order.items).toEqual([expect.objectContaining({ sku: mug, lineTotal: 3897, discount: 0, tax: 244 })]);
    expect(ledgerOf(orderId).find((e) => e.op === "capture")).toMatchObject({ amount: 4836 });
    const email = ledgerOf(orderId).find((e) => e.op === "send" && e.kind === "order_confirmation");
    expect(email).toBeDefined();
  });

  it("prices a euro order in euros, shipping included, with VAT on items and shipping", async () => {
    const sku = await product(5, 2000, { currency: "EUR" });
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 1]], { shipping: berlin }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // 19 % of (20.00 + 6.95) = 5.1205 → 5.12, shared 3.80 on the item and 1.32 on shipping.
    expect(answer.body).toMatchObject({ currency: "EUR", subtotal: 2000, shippingCost: 695, tax: 512, total: 3207 });
    const order = await orderOf(orderId);
    expect(order).toMatchObject({
      taxJurisdiction: "DE",
      shippingTax: 132,
      shipment: { quotedCost: { currency: "EUR" }, cost: { currency: "EUR" } },
    });
    expect(order.items[0]).toMatchObject({ tax: 380 });
  });

  it("refuses (409) a total higher than the one the customer saw, and charges a lower one", async () => {
    const sku = await product(5, 1000);
    const higher = await processOrder(uniqueId("ord"), orderRequest([[sku, 1]], { expectedTotal: 1000 }));
    expect(higher.status).toBe(409);
    expect(higher.body.message).toBe("the order total is now $16.95, more than the $10.00 you saw; review the cart and check out again");
    expect(await stockOf(sku)).toMatchObject({ reserved: 0, available: 5 });

    const lowerId = uniqueId("ord");
    const lower = await processOrder(lowerId, orderRequest([[sku, 1]], { expectedTotal: 5000 }));
    expect(lower.body).toMatchObject({ status: "processing", total: 1695 });
    expect(ledgerOf(lowerId).find((e) => e.op === "capture")).toMatchObject({ amount: 1695 });
  });

  it("fails cleanly (422) when the carrier charges more for the label than the shop absorbs: label and payment voided, stock back", async () => {
    const sku = await product(4, 1500);
    const orderId = uniqueId("ord");
    // Mock zip 00003: the label costs half as much again as the quote (the shop absorbs 10 %).
    const answer = await processOrder(orderId, orderRequest([[sku, 2]], { shipping: { ...address, zip: "00003" } }));
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe(
      "the carrier now charges $10.43 for the label, more than the $6.95 quoted and the $0.70 the shop absorbs",
    );
    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "failed", paymentStatus: "voided" });
    expect(order.events.find((e: { type: string }) => e.type === "compensated").detail).toBe("void label, void payment, release stock");
    expect(countOps(ledgerOf(orderId))).toMatchObject({ label: 1, "label-void": 1, void: 1 });
    expect(countOps(ledgerOf(orderId)).capture).toBeUndefined();
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });
});

describe("coupons at checkout", () => {
  it("take a percentage off the items before tax, and count a redemption once the payment is captured", async () => {
    const code = uniqueId("SAVE")
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, "")
      .slice(0, 30);
    expect((await coupon({ code, type: "percent", value: 15, minSubtotal: 2000 })).status).toBe(200);
    const sku = await product(5, 1000);
    const orderId = uniqueId("ord");
    const answer = await processOrder(orderId, orderRequest([[sku, 3]], { couponCode: code.toLowerCase(), shipping: illinois }));
    expect(answer.status).toBe(200);
    // 30.00 − 15 % = 25.50; 6.25 % of 25.50 = 1.59375 → 1.59.
    expect(answer.body).toMatchObject({ subtotal: 3000, discount: 450, shippingCost: 695, tax: 159, total: 3000 - 450 + 695 + 159 });
    expect(await orderOf(orderId)).toMatchObject({ coupon: { code, type: "percent" } });
    expect(await committedCoupon(code)).toMatchObject({ redeemed: 1, reserved: 0 });

    const tooSmall = await processOrder(uniqueId("ord"), orderRequest([[sku, 1]], { couponCode: code }));
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.message).toBe(`coupon ${code} needs a subtotal of at least $20.00; the cart has $10.00`);
  });

  it("make shipping free, and are given back when the payment is declined", async () => {
    const code = `SHIP${Date.now().toString(36).toUpperCase()}`;
    await coupon({ code, type: "free_shipping", maxRedemptions: 1 });
    const sku = await product(5, 1000);
    const declined = await processOrder(
      uniqueId("ord"),
      orderRequest([[sku, 1]], { couponCode: code, paymentMethod: "pm_card_chargeDeclined" }),
    );
    expect(declined.status).toBe(402);
    expect((await post(`/Coupon/${code}/get`)).body).toMatchObject({ redeemed: 0, reserved: 0 });
    const paid = await processOrder(uniqueId("ord"), orderRequest([[sku, 1]], { couponCode: code }));
    expect(paid.body).toMatchObject({ subtotal: 1000, shippingCost: 0, total: 1000 });
    expect(await committedCoupon(code)).toMatchObject({ redeemed: 1, reserved: 0 });
  });

  it.each([5, 50])("let exactly one of %i racing checkouts redeem a single-use code", async (racers) => {
    const code = `ONCE${racers}${Date.now().toString(36).toUpperCase()}`;
    await coupon({ code, type: "fixed", value: 500, maxRedemptions: 1 });
    const sku = await product(racers, 2000);
    const answers = await Promise.all(
      Array.from({ length: racers }, () => processOrder(uniqueId("race"), orderRequest([[sku, 1]], { couponCode: code }))),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0]!.body).toMatchObject({ discount: 500, total: 2000 - 500 + 695 });
    for (const lost of answers.filter((a) => a.status !== 200)) {
      expect(lost.status).toBe(409);
      expect(lost.body.message).toBe(`coupon ${code} is used up`);
    }
    expect(await committedCoupon(code)).toMatchObject({ redeemed: 1, reserved: 0 });
    expect(await stockOf(sku)).toMatchObject({ onHand: racers - 1, reserved: 0 });
  });

  it("give the redemption back when the order is cancelled", async () => {
    const code = `BACK${Date.now().toString(36).toUpperCase()}`;
    await coupon({ code, type: "fixed", value: 100, perCustomerLimit: 1 });
    const sku = await product(5, 1000);
    const orderId = uniqueId("ord");
    await processOrder(orderId, orderRequest([[sku, 1]], { couponCode: code, shipping: { ...address, zip: "00001" } }));
    expect(await committedCoupon(code)).toMatchObject({ redeemed: 1 });
    const again = await processOrder(uniqueId("ord"), orderRequest([[sku, 1]], { couponCode: code }));
    expect(again.body.message).toMatch(/already used 1 time\(s\) by this customer \(limit 1\)/);

    expect((await post(`/OrderOrchestrator/${orderId}/cancel`, {})).body).toMatchObject({ status: "cancelled" });
    expect((await post(`/Coupon/${code}/get`)).body).toMatchObject({ redeemed: 0, reserved: 0 });
    expect((await processOrder(uniqueId("ord"), orderRequest([[sku, 1]], { couponCode: code }))).status).toBe(200);
  });

  it("refuse bad definitions with 400 naming the field, and a second coupon under a code with 409", async () => {
    const code = `DUP${Date.now().toString(36).toUpperCase()}`;
    const bad = await coupon({ code, type: "percent", value: 150 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("value");
    expect((await coupon({ code, type: "percent", value: 10 })).status).toBe(200);
    const twice = await coupon({ code, type: "percent", value: 20 });
    expect(twice.status).toBe(409);
    expect((await post(`/Coupon/NOPE-${code}/check`, { subtotal: 100, currency: "USD", customer: "x" })).status).toBe(404);
  });
});

describe("a cart's estimate", () => {
  it("shows discount, shipping and tax once known, and checking out charges what it showed", async () => {
    const code = `CART${Date.now().toString(36).toUpperCase()}`;
    await coupon({ code, type: "fixed", value: 300 });
    const sku = await product(5, 1250);
    const cartId = uniqueId("cart");
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 2 });
    expect((await post(`/Cart/${cartId}/get`)).body).toMatchObject({ subtotal: 2500, discount: 0, shipping: null, tax: null, total: 2500 });

    const unknown = await post(`/Cart/${cartId}/applyCoupon`, { code: "NO-SUCH-CODE" });
    expect(unknown.status).toBe(404);
    expect((await post(`/Cart/${cartId}/applyCoupon`, { code })).status).toBe(200);
    expect((await post(`/Cart/${cartId}/estimateShipping`, { shippingAddress: illinois })).status).toBe(200);
    const view = (await post(`/Cart/${cartId}/get`)).body;
    // 25.00 − 3.00 = 22.00; 6.25 % = 1.375 → 1.38; shipping 6.95.
    expect(view).toMatchObject({
      subtotal: 2500,
      discount: 300,
      coupon: { code, valid: true },
      shipping: { amount: 695, method: "standard" },
      tax: 138,
      total: 2200 + 695 + 138,
    });

    const placed = await checkout(cartId, { customer, shippingAddress: illinois, expectedTotal: view.total });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ total: view.total, discount: 300 });
  });

  it("drops a shipping estimate the cart has outgrown, and the checkout refuses a total that rose", async () => {
    const sku = await product(5, 1000);
    const cartId = uniqueId("cart");
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 1 });
    await post(`/Cart/${cartId}/estimateShipping`, { shippingAddress: address });
    const shown = (await post(`/Cart/${cartId}/get`)).body;
    expect(shown.shipping).toMatchObject({ amount: 695 });
    await post(`/InventoryItem/${sku}/upsert`, { name: "Dearer", price: 5000 });
    // The price rise is refused before an order exists, and the cart takes the new price ...
    const rose = await post(`/Cart/${cartId}/checkout`, { customer, shippingAddress: address, expectedTotal: shown.total });
    expect(rose.status).toBe(409);
    expect(rose.body.message).toBe(
      `prices rose since these items were added to the cart: Dearer (${sku}) from $10.00 to $50.00. The cart now shows the new prices; place the order again to accept them`,
    );
    // ... and a total above what the customer saw is still refused, before an order exists.
    const refused = await post(`/Cart/${cartId}/checkout`, { customer, shippingAddress: address, expectedTotal: shown.total });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      `the order total is now $56.95, more than the ${formatMoney({ amount: shown.total, currency: "USD" })} you saw; review the cart and check out again`,
    );
    // Refused before an order exists: the cart keeps its line at the new price.
    expect((await post(`/Cart/${cartId}/get`)).body).toMatchObject({ items: [{ sku, quantity: 1 }], total: 5695, lastFailure: null });
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 1 });
    expect((await post(`/Cart/${cartId}/get`)).body).toMatchObject({ shipping: null });
  });
});
