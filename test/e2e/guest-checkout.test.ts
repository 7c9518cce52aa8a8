import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { launchChromium, screenshot, watchedPage, widerThanViewport } from "../support/browser.ts";
import { emailsTo } from "../support/ledger.ts";
import { eventually, uniqueId } from "../support/restate.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("guest checkout in Chromium", () => {
  it("takes an anonymous cart to an order, and the link in the confirmation email opens that order on another device", async () => {
    const admin = await signedInAdmin();
    const sku = uniqueId("SKU-GUEST");
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: "Guest Teacup", price: 1200, currency: "USD", status: "active" },
    });
    expect(created.status).toBe(201);
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: admin.accessToken, body: { quantity: 5, reference: "e2e-guest" } }))
        .status,
    ).toBe(200);

    const { page, problems } = await watchedPage(browser, apiUrl(), { width: 390, height: 844 });
    await page.goto(`/shop#/products/${created.body.slug}`);
    await page.getByRole("heading", { name: "Guest Teacup" }).waitFor();
    expect(await page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
    await page.getByRole("button", { name: /^Add to cart\s*: Guest Teacup$/ }).click();
    await page.getByRole("link", { name: "Cart (1)" }).click();
    await page.getByRole("heading", { name: "Check out as a guest" }).waitFor();
    const email = uniqueEmail("guest");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill("Grace Guest");
    await screenshot(page, "storefront-guest-checkout-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    await page.getByRole("button", { name: /^Place order/ }).click();

    const order = page.locator("article[data-order]");
    await order.waitFor();
    const orderNumber = (await order.getAttribute("data-order"))!;
    expect(orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);
    expect(page.url()).toContain(`#/guest/orders/${orderNumber}?token=`);
    // The cart is spent: the top bar no longer counts it.
    expect(await page.getByRole("link", { name: "Cart", exact: true }).count()).toBe(1);
    await screenshot(page, "storefront-guest-order-phone");

    // The confirmation email links to the order (SHOP_URL is the default in tests: the path and fragment are what matter).
    const sent = await eventually(
      () => Promise.resolve(emailsTo(email)),
      (mails) => mails.some((m) => m.kind === "order_confirmation"),
      20_000,
    );
    const link = /Follow your order here: (\S+)/.exec(String(sent.find((m) => m.kind === "order_confirmation")!.text))![1]!;
    const { pathname, hash } = new URL(link);
    expect(`${pathname}${hash}`).toMatch(new RegExp(`^/shop#/guest/orders/${orderNumber}\\?token=v1\\.`));

    // Another device, nobody signed in: the link opens the order, read-only.
    const elsewhere = await watchedPage(browser, apiUrl(), { width: 1280, height: 800 });
    await elsewhere.page.goto(`${pathname}${hash}`);
    await elsewhere.page.locator(`article[data-order="${orderNumber}"]`).waitFor();
    expect(await elsewhere.page.getByText("Guest Teacup").count()).toBeGreaterThan(0);
    expect(await elsewhere.page.getByRole("button", { name: "Cancel this order" }).count()).toBe(0);
    await screenshot(elsewhere.page, "storefront-guest-order-from-email-desktop");
    // A link whose token was tampered with opens nothing.
    await elsewhere.page.goto(`${pathname}${hash.replace(/.$/, (ch) => (ch === "A" ? "B" : "A"))}`);
    await elsewhere.page.getByRole("heading", { name: `This link does not open order ${orderNumber}` }).waitFor();
    expect([...problems, ...elsewhere.problems]).toEqual([]);
  });
});
