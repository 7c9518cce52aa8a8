import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, newCustomer } from "../support/api.ts";
import { launchChromium, screenshot, signInToShop, watchedPage } from "../support/browser.ts";
import { eventually } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("an order held for the shop's risk review, as its customer sees it (Chromium)", () => {
  it("says what the review means, and lets the customer cancel it: the authorization is voided", async () => {
    const sku = await product(3, 2400);
    const customer = await newCustomer({ name: "Lise Meitner" });
    expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    // The checkout waits in review: POST /orders answers once the API's own wait is over, so it runs on meanwhile.
    const placed = api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_riskLevelElevated" },
    });
    const held = await eventually(
      () => api("GET", "/orders", { token: customer.accessToken }),
      (res) => res.body.items?.[0]?.status === "review",
      30_000,
    );
    const orderNumber: string = held.body.items[0].orderNumber;

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signInToShop(page, customer, "Lise Meitner");
    await page.goto(`/shop#/orders/${orderNumber}`);
    await page.getByText("The shop checks this order before it ships").waitFor();
    await screenshot(page, "storefront-order-in-review");
    await page.getByRole("button", { name: "Cancel this order" }).click();
    await page.getByRole("button", { name: "Yes, cancel the order" }).click();
    await eventually(
      () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
      (res) => res.body.status === "cancelled",
      30_000,
    );
    const order = (await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body;
    expect(order.paymentStatus).toBe("voided");
    await placed;
    expect(problems).toEqual([]);
  });
});
