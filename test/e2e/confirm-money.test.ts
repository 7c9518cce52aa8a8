import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiUrl, newCustomer } from "../support/api.ts";
import { launchChromium, screenshot, signInToDashboard, signInToShop, watchedPage } from "../support/browser.ts";
import { eventually } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** An order placed through the API; zip 00001 keeps the parcel at the counter, so it stays cancellable. */
async function placed(price: number) {
  const customer = await newCustomer({ name: "Mary Jackson" });
  const sku = await product(3, price);
  expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
  const order = await api("POST", "/orders", {
    token: customer.accessToken,
    body: { shippingAddress: { ...address, zip: "00001" }, paymentMethodId: "pm_card_visa" },
  });
  expect(order.status).toBe(201);
  return { customer, orderNumber: order.body.orderNumber as string, total: order.body.total as number };
}

describe("money that leaves for good is confirmed first", () => {
  it("an admin's refund is entered in the currency, stated, and sent only on confirmation", async () => {
    const { customer, orderNumber } = await placed(4000);
    const { page, problems } = await watchedPage(browser, apiUrl());
    await signInToDashboard(page, { email: inject("adminEmail"), password: inject("adminPassword") });
    await page.goto(`/admin#/orders/${orderNumber}`);
    await page.getByRole("button", { name: "Refund…" }).click();
    await page.getByLabel(/^Amount in USD/).fill("12.5");
    await page.getByLabel("Reason").fill("a scratch on the lid");
    await page.getByRole("button", { name: "Review the refund" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the refund" });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      `Refund $12.50 of order ${orderNumber} to the customer's payment method? This cannot be undone.`,
    );
    await screenshot(page, "admin-refund-confirm");
    // Nothing has moved yet.
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.amountRefunded).toBe(0);
    await confirm.getByRole("button", { name: "Refund $12.50" }).click();
    await eventually(
      () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
      (r) => r.body.amountRefunded === 1250,
    );
    expect(problems).toEqual([]);
  });

  it("a customer's cancellation says what happens to the money, and Keep the order keeps it", async () => {
    const { customer, orderNumber, total } = await placed(2200);
    const { page, problems } = await watchedPage(browser, apiUrl());
    await signInToShop(page, customer, "Mary Jackson");
    await page.goto(`/shop#/orders/${orderNumber}`);
    await page.getByRole("button", { name: "Cancel this order" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the cancellation" });
    expect(await confirm.textContent()).toContain(
      `Cancel order ${orderNumber}? Nothing will ship, and $${(total / 100).toFixed(2)} goes back to your payment method.`,
    );
    await confirm.getByRole("button", { name: "Keep the order" }).click();
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.status).not.toBe("cancelled");
    await page.getByRole("button", { name: "Cancel this order" }).click();
    await screenshot(page, "shop-cancel-confirm");
    await confirm.getByRole("button", { name: "Yes, cancel the order" }).click();
    await page.locator(`article[data-order="${orderNumber}"][data-status="cancelled"]`).waitFor();
    expect(problems).toEqual([]);
  });
});
