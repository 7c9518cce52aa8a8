import { describe, expect, it } from "vitest";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

const passwordHash = "scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";

/** A shop account, as the HTTP API registers it (the password never reaches Restate, only its hash). */
async function account(): Promise<string> {
  const email = `${uniqueId("loyal")}@example.com`;
  const answer = await post(`/EmailIndex/${email}/register`, {
    name: "Loyal Customer",
    passwordHash,
    session: { id: "loyaltySession00000000", secretHash: "a".repeat(64), ttlSeconds: 3600 },
  });
  expect(answer.status).toBe(200);
  return answer.body.customer.id;
}

const standing = async (customerId: string) => (await post(`/Customer/${customerId}/loyalty`)).body;
/** The order tells the account one-way: wait until it has counted `orders` orders. */
const countedAfter = (customerId: string, orders: number) =>
  eventually(
    () => standing(customerId),
    (s) => s.orders === orders,
  );
const profile = async (customerId: string) => (await post(`/Customer/${customerId}/get`)).body;

describe("loyalty", () => {
  it("counts each captured order once towards the lifetime spend, moves the tier, and gives its benefit", async () => {
    const customerId = await account();
    expect(await standing(customerId)).toEqual({ tier: "bronze", lifetimeSpend: 0, currency: "USD", orders: 0 });
    const sku = await product(10, 25_000);

    const first = uniqueId("loyal-order");
    const body = orderRequest([[sku, 2]], { customerId });
    const placed = await processOrder(first, body);
    expect(placed.body).toMatchObject({ discount: 0, total: 50_000 + 695 });
    // The same request again (a client retry) answers the same order and counts nothing twice.
    await processOrder(first, body);
    const silver = await countedAfter(customerId, 1);
    expect(silver).toEqual({ tier: "silver", lifetimeSpend: 50_695, currency: "USD", orders: 1 });
    expect((await profile(customerId)).loyaltyTier).toBe("silver");

    // Silver: 2 % off the items.
    const second = await processOrder(uniqueId("loyal-order"), orderRequest([[sku, 1]], { customerId }));
    expect(second.body).toMatchObject({ subtotal: 25_000, discount: 500, total: 25_000 - 500 + 695 });
  });

  it("lowers the lifetime spend by what is refunded, and the tier with it", async () => {
    const customerId = await account();
    const sku = await product(10, 30_000);
    const orderId = uniqueId("loyal-order");
    await processOrder(orderId, orderRequest([[sku, 2]], { customerId }));
    expect((await countedAfter(customerId, 1)).tier).toBe("silver");
    expect((await post(`/OrderOrchestrator/${orderId}/refund`, { amount: 20_000, reason: "goodwill" })).status).toBe(200);
    const after = await eventually(
      () => standing(customerId),
      (s) => s.lifetimeSpend < 60_695,
    );
    expect(after).toMatchObject({ tier: "bronze", lifetimeSpend: 60_695 - 20_000 });
  });

  it("leaves orders in other currencies out", async () => {
    const customerId = await account();
    const euro = await product(5, 90_000, { currency: "EUR" });
    await processOrder(uniqueId("loyal-eur"), orderRequest([[euro, 1]], { customerId }));
    // A USD order afterwards is counted; the EUR one before it never was.
    const usd = await product(5, 1_000);
    await processOrder(uniqueId("loyal-usd"), orderRequest([[usd, 1]], { customerId }));
    expect(await countedAfter(customerId, 1)).toMatchObject({ lifetimeSpend: 1_695, orders: 1 });
  });
});
