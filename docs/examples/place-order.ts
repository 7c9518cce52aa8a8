/**
 * A typed client for the shop's HTTP API, generated from its OpenAPI document, placing an order.
 *
 *   npx openapi-typescript http://127.0.0.1:3000/openapi.json -o docs/examples/shop-api.d.ts
 *   SKU=<a product's sku> node docs/examples/place-order.ts
 *
 * test/api/openapi-client.test.ts generates the types from the running API, type-checks this file
 * against them and runs it.
 */
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { paths } from "./shop-api.d.ts";

const shop = createClient<paths>({ baseUrl: process.env.SHOP_API_URL ?? "http://127.0.0.1:3000" });
const sku = process.env.SKU ?? "MUG-1";

// A new account: its access token authenticates the calls that follow.
const registered = await shop.POST("/auth/register", {
  body: { email: `typed-client-${randomUUID()}@example.com`, password: "correct horse battery staple", name: "Typed Client" },
});
if (!registered.data) throw new Error(`register: ${registered.error?.error.message}`);
const headers = { authorization: `Bearer ${registered.data.accessToken}` };

const cart = await shop.POST("/cart/items", { headers, body: { sku, quantity: 1 } });
if (!cart.data) throw new Error(`add to cart: ${cart.error?.error.message}`);

// The Idempotency-Key makes a retry of this request answer the same order instead of a second one.
const placed = await shop.POST("/orders", {
  headers: { ...headers, "idempotency-key": randomUUID() },
  body: {
    shippingAddress: { name: "Typed Client", street: "1 Main St", city: "Springfield", state: "IL", zip: "62701", country: "US" },
    paymentMethodId: "pm_card_visa",
  },
});
if (!placed.data) throw new Error(`place the order: ${placed.error?.error.message}`);
const { orderNumber, status, total, currency } = placed.data;
console.log(JSON.stringify({ orderNumber, status, total, currency, lines: cart.data.items.length }));
