import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, PASSWORD, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { launchChromium, screenshot, watchedPage, widerThanViewport } from "../support/browser.ts";
import { uniqueId } from "../support/restate.ts";
import { product } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the demo storefront in Chromium", () => {
  it("registers, fills the cart, takes a coupon, checks out with an asynchronous test card and follows the order to delivered", async () => {
    const sku = await product(10, 2500);
    const admin = await signedInAdmin();
    const code = uniqueId("E2E").replace(/-/g, "").toUpperCase().slice(0, 20);
    expect((await api("POST", "/admin/coupons", { token: admin.accessToken, body: { code, type: "percent", value: 10 } })).status).toBe(201);

    const { page, problems } = await watchedPage(browser, apiUrl(), { width: 390, height: 844 });
    await page.goto("/shop#/signin");
    await page.getByRole("button", { name: "New here? Create an account" }).click();
    const email = uniqueEmail("shopper");
    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Signed in as Grace Hopper" }).waitFor();

    // The shopper's account, signed in a second time to put the product in the same cart.
    const login = await api("POST", "/auth/login", { body: { email, password: PASSWORD } });
    expect((await api("POST", "/cart/items", { token: login.body.accessToken, body: { sku, quantity: 2 } })).status).toBe(200);

    await page.getByRole("link", { name: /Cart/ }).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe("$50.00");
    await page.getByLabel("Coupon code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe("$45.00");
    await page.getByRole("button", { name: "Get the shipping quote" }).click();
    await page.getByRole("button", { name: /^Place order/ }).and(page.locator(":enabled")).waitFor();
    await page.getByRole("radio", { name: /Asynchronous \(3-D Secure\)/ }).check();
    await screenshot(page, "storefront-checkout-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    await page.getByRole("button", { name: /^Place order/ }).click();

    await page.locator("article[data-order]").waitFor();
    const orderNumber = await page.locator("article[data-order]").getAttribute("data-order");
    expect(orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    await page.locator('article[data-status="delivered"]').waitFor({ timeout: 30_000 });
    for (const event of ["order_created", "payment_authorized", "payment_captured", "shipped", "delivered"]) {
      await expect.poll(() => page.locator(`.timeline li[data-event="${event}"]`).count(), { message: event }).toBeGreaterThan(0);
    }
    expect(await page.locator(".progress li.done").count()).toBe(4);
    await screenshot(page, "storefront-order-delivered-phone");
    expect(await widerThanViewport(page)).toEqual([]);

    const order = await api("GET", `/orders/${orderNumber}`, { token: login.body.accessToken });
    expect(order.body).toMatchObject({ status: "delivered", paymentStatus: "captured", discount: 500, coupon: { code }, items: [{ sku, quantity: 2 }] });
    expect(problems).toEqual([]);
  });
});
