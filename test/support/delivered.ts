import { expect } from "vitest";
import { type Account, api } from "./api.ts";
import { eventually, uniqueId } from "./restate.ts";
import { address } from "./shop.ts";

/**
 * The customer orders `quantity` of the SKU through the API, paying with the visa test card, and the
 * mock carrier delivers it: its number. A 503 (the checkout not started yet, on a loaded machine) is
 * asked again with the same Idempotency-Key, as the answer says.
 */
export async function deliveredOrder(customer: Account, sku: string, quantity = 1): Promise<string> {
  expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity } })).status).toBe(200);
  const key = uniqueId("delivered");
  const placed = await eventually(
    () =>
      api("POST", "/orders", {
        token: customer.accessToken,
        body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
        headers: { "idempotency-key": key },
      }),
    (r) => r.status !== 503,
  );
  expect(placed.status).toBe(201);
  const orderNumber: string = placed.body.orderNumber;
  await eventually(
    () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
    (r) => r.body.status === "delivered",
    20_000,
  );
  return orderNumber;
}
