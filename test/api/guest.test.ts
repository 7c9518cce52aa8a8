import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, newCustomer, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { emailsTo } from "../support/ledger.ts";
import { eventually, ingressUrl } from "../support/restate.ts";
import { product } from "../support/shop.ts";

const newToken = () => `gc_${randomBytes(32).toString("base64url")}`;
const shippingAddress = { street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "US" };
const guest = (token: string, idempotencyKey = randomBytes(8).toString("hex")) => ({
  "x-guest-cart": token,
  "idempotency-key": idempotencyKey,
});

async function guestOrder(sku: string, email = uniqueEmail("guest")) {
  const token = newToken();
  expect((await api("POST", "/guest/cart/items", { headers: { "x-guest-cart": token }, body: { sku, quantity: 2 } })).status).toBe(200);
  const placed = await api("POST", "/guest/orders", {
    headers: guest(token),
    body: { email, name: "Grace Guest", shippingAddress, paymentMethodId: "pm_card_visa" },
  });
  expect(placed.status).toBe(201);
  return { token, email, placed };
}

describe("guest checkout", () => {
  it("keeps a cart per token the browser draws; another token is another cart", async () => {
    const sku = await product(10, 1500);
    const token = newToken();
    const added = await api("POST", "/guest/cart/items", { headers: { "x-guest-cart": token }, body: { sku, quantity: 2 } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ items: [{ sku, quantity: 2, lineTotal: 3000 }], subtotal: 3000, currency: "USD" });
    expect(
      (await api("PUT", `/guest/cart/items/${sku}`, { headers: { "x-guest-cart": token }, body: { quantity: 1 } })).body.items,
    ).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
    expect((await api("GET", "/guest/cart", { headers: { "x-guest-cart": newToken() } })).body.items).toEqual([]);
    const missing = await api("GET", "/guest/cart");
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "invalid_input", field: "x-guest-cart" });
    expect((await api("GET", "/guest/cart", { headers: { "x-guest-cart": "gc_short" } })).status).toBe(400);
  });

  it("checks out with an email; the answer's token and the confirmation email's link open that order and no other", async () => {
    const sku = await product(10, 1500);
    const { email, placed } = await guestOrder(sku);
    const { orderNumber, orderToken } = placed.body;
    expect(orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    expect(orderToken).toMatch(/^v1\.\d{10}\.[A-Za-z0-9_-]{43}$/);
    expect(placed.body).toMatchObject({
      paymentStatus: "captured",
      total: 3000 + placed.body.shippingCost + placed.body.tax,
      items: [expect.objectContaining({ sku, quantity: 2 })],
    });

    const read = await api("GET", `/guest/orders/${orderNumber}`, { headers: { "x-order-token": orderToken } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ orderNumber, items: [expect.objectContaining({ sku, quantity: 2 })] });
    expect(read.body.orderToken).toBeUndefined();

    const confirmation = await eventually(
      () => Promise.resolve(emailsTo(email)),
      (sent) => sent.some((e) => e.kind === "order_confirmation"),
    );
    const text = String(confirmation.find((e) => e.kind === "order_confirmation")!.text);
    const link = /Follow your order here: (\S+)/.exec(text)?.[1];
    expect(link).toBe(`http://127.0.0.1:3000/shop#/guest/orders/${orderNumber}?token=${encodeURIComponent(orderToken)}`);

    // Another guest's token does not open this order, nor does a tampered one, an expired-looking one, or none.
    const other = await guestOrder(sku);
    for (const token of [
      other.placed.body.orderToken,
      orderToken.replace(/.$/, (ch: string) => (ch === "A" ? "B" : "A")),
      `v1.1000000000.${orderToken.split(".")[2]}`,
    ]) {
      const refused = await api("GET", `/guest/orders/${orderNumber}`, { headers: { "x-order-token": token } });
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe("not_found");
    }
    expect((await api("GET", `/guest/orders/${orderNumber}`)).status).toBe(400);
    // The token reads; it is no sign-in: the customer routes stay closed to it.
    expect((await api("GET", `/orders/${orderNumber}`, { token: orderToken })).status).toBe(401);
    expect((await api("POST", `/orders/${orderNumber}/cancel`, { token: orderToken, body: {} })).status).toBe(401);
  });

  it("never opens an account's order, and empties a checked-out guest cart for the next order", async () => {
    const sku = await product(10, 1500);
    const { token } = await guestOrder(sku);
    expect((await api("GET", "/guest/cart", { headers: { "x-guest-cart": token } })).body.items).toEqual([]);
    const again = await api("POST", "/guest/cart/items", { headers: { "x-guest-cart": token }, body: { sku, quantity: 1 } });
    expect(again.status).toBe(200);
    expect(again.body.items).toEqual([expect.objectContaining({ sku, quantity: 1 })]);
    const customer = await newCustomer();
    expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    const mine = await api("POST", "/orders", { token: customer.accessToken, body: { shippingAddress, paymentMethodId: "pm_card_visa" } });
    expect(mine.status).toBe(201);
    // Whatever token comes, an account's order is not a guest's: 404.
    expect(
      (await api("GET", `/guest/orders/${mine.body.orderNumber}`, { headers: { "x-order-token": `v1.9999999999.${"A".repeat(43)}` } }))
        .status,
    ).toBe(404);
  });

  describe("with a small shop's guest limit", () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({ port: 0, host: "127.0.0.1", env: testApiEnv(ingressUrl(), { GUEST_CHECKOUT_MAX_PER_IP: "1" }) });
    });
    afterAll(() => server?.close());

    it("answers 429 with Retry-After past GUEST_CHECKOUT_MAX_PER_IP guest checkouts from one address", async () => {
      const sku = await product(10, 1500);
      const place = async () => {
        const token = newToken();
        await api("POST", "/guest/cart/items", { url: server.url, headers: { "x-guest-cart": token }, body: { sku, quantity: 1 } });
        return api("POST", "/guest/orders", {
          url: server.url,
          headers: guest(token),
          body: { email: uniqueEmail("guest"), name: "Grace Guest", shippingAddress, paymentMethodId: "pm_card_visa" },
        });
      };
      expect((await place()).status).toBe(201);
      const limited = await place();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });
});
