import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, newCustomer, PASSWORD, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { launchChromium, screenshot, signInToShop, watchedPage, widerThanViewport } from "../support/browser.ts";
import { uniqueId } from "../support/restate.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the demo storefront in Chromium", () => {
  it("registers, finds a product by searching, fills the cart, takes a coupon, checks out with an asynchronous test card and follows the order to delivered", async () => {
    const admin = await signedInAdmin();
    const word = uniqueId("kettle").replace(/[^a-z0-9]/g, "");
    const sku = uniqueId("SKU-E2E");
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: `Enamel ${word}`, price: 2500, currency: "USD", status: "active", description: "Whistles when ready" },
    });
    expect(created.status).toBe(201);
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: admin.accessToken, body: { quantity: 10, reference: "e2e-stock" } }))
        .status,
    ).toBe(200);
    const code = uniqueId("E2E").replace(/-/g, "").toUpperCase().slice(0, 20);
    expect((await api("POST", "/admin/coupons", { token: admin.accessToken, body: { code, type: "percent", value: 10 } })).status).toBe(
      201,
    );

    const { page, problems } = await watchedPage(browser, apiUrl(), { width: 390, height: 844 });
    await page.goto("/shop#/signin");
    await page.getByRole("button", { name: "New here? Create an account" }).click();
    const email = uniqueEmail("shopper");
    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Signed in as Grace Hopper" }).waitFor();

    // The catalog is the query side: the product shows once it is projected.
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Products" }).click();
    const result = page.getByRole("list", { name: "Products" }).getByRole("link", { name: `Enamel ${word}` });
    await expect
      .poll(
        async () => {
          await page.getByLabel("Search").fill(word.slice(0, -2));
          await page.getByRole("button", { name: "Search" }).click();
          await page.getByRole("list", { name: "Products" }).or(page.getByText("No products match.")).first().waitFor();
          return result.count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await screenshot(page, "storefront-search-phone");
    await result.click();
    await page.getByRole("heading", { name: `Enamel ${word}` }).waitFor();
    expect(await page.getByText("10 in stock").count()).toBe(1);
    await page.getByRole("group", { name: "Quantity" }).getByRole("button", { name: "One more" }).click();
    await page.getByRole("button", { name: new RegExp(`^Add to cart\\s*: Enamel ${word}$`) }).click();
    await page.getByRole("link", { name: "Cart (2)" }).waitFor();

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: /Cart/ }).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe("$50.00");
    await page.getByLabel("Coupon code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe("$45.00");
    await page.getByRole("button", { name: "Get the shipping quote" }).click();
    await page
      .getByRole("button", { name: /^Place order/ })
      .and(page.locator(":enabled"))
      .waitFor();
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

    const login = await api("POST", "/auth/login", { body: { email, password: PASSWORD } });
    const order = await api("GET", `/orders/${orderNumber}`, { token: login.body.accessToken });
    expect(order.body).toMatchObject({
      status: "delivered",
      paymentStatus: "captured",
      discount: 500,
      coupon: { code },
      items: [{ sku, quantity: 2 }],
    });
    expect(problems).toEqual([]);
  });

  it("keeps the quoted address and method across a reload, never submits a stale quote, and ships where it was quoted", async () => {
    const admin = await signedInAdmin();
    const sku = uniqueId("SKU-RELOAD");
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: `Kettle ${sku}`, price: 2500, currency: "USD", status: "active" },
    });
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: admin.accessToken, body: { quantity: 3, reference: "e2e-stock" } }))
        .status,
    ).toBe(200);
    const shopper = await newCustomer({ name: "Grace Hopper" });

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signInToShop(page, shopper, "Grace Hopper");
    await page.goto(`/shop#/products/${created.body.slug}`);
    await page.getByRole("button", { name: /^Add to cart/ }).click();
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Cart (1)" }).click();
    await page.getByLabel("Street").fill("9 Elm Road");
    await page.getByLabel("City").fill("Portland");
    await page.getByLabel("State or region").fill("OR");
    await page.getByLabel("ZIP or postal code").fill("97201");
    await page.getByRole("radio", { name: "Express" }).check();
    await page.getByRole("button", { name: "Get the shipping quote" }).click();
    const place = page.getByRole("button", { name: /^Place order/ });
    await place.and(page.locator(":enabled")).waitFor();

    // A reload shows what the cart was quoted for, and the quote stays good.
    await page.reload();
    await place.and(page.locator(":enabled")).waitFor();
    expect(await page.getByLabel("Street").inputValue()).toBe("9 Elm Road");
    expect(await page.getByLabel("ZIP or postal code").inputValue()).toBe("97201");
    expect(await page.getByRole("radio", { name: "Express" }).isChecked()).toBe(true);
    await screenshot(page, "storefront-checkout-reloaded");

    // Another address is not what was quoted: no order until it is quoted again.
    await page.getByLabel("ZIP or postal code").fill("97202");
    await place.and(page.locator(":disabled")).waitFor();
    await page.getByText("The address or shipping method changed: update the shipping quote, then place the order.").waitFor();
    await page.getByRole("button", { name: "Update the shipping quote" }).click();
    await place.and(page.locator(":enabled")).click();
    await page.locator("article[data-order]").waitFor();
    const orderNumber = (await page.locator("article[data-order]").getAttribute("data-order"))!;
    const order = (await api("GET", `/orders/${orderNumber}`, { token: shopper.accessToken })).body;
    expect(order).toMatchObject({ shippingAddress: { street: "9 Elm Road", zip: "97202", state: "OR" }, shippingMethod: "express" });
    expect(problems).toEqual([]);
  });

  it("shows a declined card's reason and the failed order under its own number, and keeps the cart for another try", async () => {
    const admin = await signedInAdmin();
    const sku = uniqueId("SKU-DECLINE");
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: `Tea tray ${sku}`, price: 3000, currency: "USD", status: "active" },
    });
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: admin.accessToken, body: { quantity: 3, reference: "e2e-stock" } }))
        .status,
    ).toBe(200);
    const shopper = await newCustomer({ name: "Alan Turing" });

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signInToShop(page, shopper, "Alan Turing");
    await page.goto(`/shop#/products/${created.body.slug}`);
    await page.getByRole("button", { name: /^Add to cart/ }).click();
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Cart (1)" }).click();
    await page.getByRole("button", { name: "Get the shipping quote" }).click();
    await page.getByRole("radio", { name: /^Declined pm_card_chargeDeclined/ }).check();
    await page
      .getByRole("button", { name: /^Place order/ })
      .and(page.locator(":enabled"))
      .click();

    // Told once, above the cart (for a later visit too), without the HTTP status; beside the button, the way forward.
    await page
      .getByRole("alert")
      .filter({ hasText: "Your last order did not go through: payment declined: card_declined (generic_decline)" })
      .waitFor();
    await page.getByText("Choose another card and place the order again, or see what happened to it:").waitFor();
    expect(await page.getByRole("alert").filter({ hasText: "payment declined" }).count()).toBe(1);
    expect((await page.getByRole("alert").allTextContents()).join(" ")).not.toContain("(402)");
    const failed = page.getByRole("link", { name: /^ORD-\d{4}-\d{6}$/ }).first();
    const orderNumber = (await failed.textContent())!;
    await screenshot(page, "storefront-declined");
    // The cart is still there for another card.
    expect(await page.locator(`tr[data-sku="${sku}"]`).count()).toBe(1);
    await failed.click();
    await page.locator(`article[data-order="${orderNumber}"][data-status="failed"]`).waitFor();
    expect(await page.getByText(/^Failed: payment declined/).count()).toBe(1);
    expect((await api("GET", `/orders/${orderNumber}`, { token: shopper.accessToken })).body).toMatchObject({
      status: "failed",
      paymentStatus: "failed",
    });

    // What is not there says so, for people, with a way on.
    await page.goto("/shop#/products/no-such-product");
    await page.getByRole("heading", { name: "This product is not in the shop" }).waitFor();
    await page.getByRole("link", { name: "Browse the products" }).click();
    await page.goto("/shop#/orders/ORD-2000-999999");
    await page.getByRole("heading", { name: "No order ORD-2000-999999 in your account" }).waitFor();
    expect((await page.getByRole("alert").allTextContents()).join(" ")).not.toMatch(/\(404\)|not found/);
    expect(problems).toEqual([]);
  });
});
