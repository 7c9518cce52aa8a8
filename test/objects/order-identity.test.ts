import { describe, expect, it } from "vitest";
import { countOps, ledgerOf } from "../support/ledger.ts";
import { checkout, post, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

describe("who owns an order id", () => {
  it("keeps a cart's checkout out of reach of anyone who creates orders under guessable ids first", async () => {
    const sku = await product(10, 1000);
    const cartId = uniqueId("victim-cart");
    await post(`/Cart/${cartId}/addItem`, { sku, quantity: 1 });

    // An attacker squats the ids the cart used to derive (`cart.N`) with another address and a declined card.
    const elsewhere = { ...address, street: "666 Attacker Rd" };
    for (const squat of [`${cartId}.1`, `${cartId}.2`]) {
      const answer = await processOrder(squat, orderRequest([[sku, 3]], { shipping: elsewhere, paymentMethod: "pm_card_chargeDeclined" }));
      expect(answer.status).toBe(402);
    }

    const placed = await checkout(cartId, { customer, shippingAddress: address, paymentMethod: "pm_card_visa" });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ status: "processing", paymentStatus: "captured", subtotal: 1000 });
    expect(placed.body.orderId).toMatch(new RegExp(`^${cartId}\\.1-[0-9a-f]{12}$`));
    const order = await orderOf(placed.body.orderId);
    expect(order).toMatchObject({ cartId, shippingAddress: address, items: [{ sku, quantity: 1 }] });
    expect(await stockOf(sku)).toMatchObject({ onHand: 9, reserved: 0 });
  });

  it("answers a different request for an existing order id with 409, the same request with the same order", async () => {
    const sku = await product(100, 500);
    const orderId = uniqueId("ord");
    // Zip 00001: the mock carrier never moves the parcel, so the order answers the same later on.
    const request = (quantity: number) => orderRequest([[sku, quantity]], { shipping: { ...address, zip: "00001" } });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => processOrder(orderId, request(i + 1))));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers.map((a) => a.status)).toEqual(Array(9).fill(409));
    for (const loser of losers) {
      expect(loser.body.message).toBe(`order ${orderId} already exists for a different request; use a new order id for a new order`);
    }
    const quantity = won[0]!.body.subtotal / 500;

    const later = await processOrder(orderId, request(50));
    expect(later.status).toBe(409);
    const again = await processOrder(orderId, request(quantity));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(won[0]!.body);

    expect(await stockOf(sku)).toMatchObject({ onHand: 100 - quantity, reserved: 0 });
    expect(countOps(ledgerOf(orderId))).toMatchObject({ "authorize:authorized": 1, capture: 1 });
  });
});
