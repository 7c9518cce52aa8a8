import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiUrl, newCustomer, signedInAdmin } from "../support/api.ts";
import {
  DESKTOP,
  launchChromium,
  PHONE,
  screenshot,
  signInToDashboard,
  signInToShop,
  watchedPage,
  widerThanViewport,
} from "../support/browser.ts";
import { deliveredOrder } from "../support/delivered.ts";
import { post, uniqueId } from "../support/restate.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("reviews, the wishlist and SMS updates in the storefront, in Chromium", () => {
  it("a customer who received a product reviews it and saves another; the account page lists the wishlist and takes SMS updates", async () => {
    const admin = await signedInAdmin();
    const token = uniqueId("f").toLowerCase();
    const make = async (name: string, stock: number) => {
      const sku = uniqueId("FEAT");
      const created = await api("POST", "/admin/products", {
        token: admin.accessToken,
        body: { sku, name: `${name} ${token}`, price: 3200, status: "active" },
      });
      expect(created.status).toBe(201);
      if (stock > 0) await post(`/InventoryItem/${sku}/restock`, { quantity: stock, reference: uniqueId("rs") });
      return { sku, id: created.body.id as string, slug: created.body.slug as string, name: `${name} ${token}` };
    };
    const teapot = await make("Glass teapot", 5);
    const kettle = await make("Copper kettle", 0);
    const customer = await newCustomer({ name: "Katherine Johnson" });
    await deliveredOrder(customer, teapot.sku);

    const { page, problems } = await watchedPage(browser, apiUrl(), DESKTOP);
    await signInToShop(page, customer, "Katherine Johnson");
    await page.goto(`/shop#/products/${teapot.slug}`);
    const reviews = page.getByRole("region", { name: "Reviews" });
    await reviews.getByText("No reviews yet.").waitFor();
    const form = reviews.getByRole("form", { name: "Your review" });
    await form.getByLabel("Rating").selectOption("4");
    await form.getByLabel("Title").fill("Pours well");
    // Markup is refused with the rule, on the page; plain text with angle brackets is kept as text.
    await form.getByLabel("Your review").fill("No drips. The lid <b>rattles</b> a little.");
    await form.getByRole("button", { name: "Publish review" }).click();
    await form.getByText("text must be plain text, without HTML tags").waitFor();
    await form.getByLabel("Your review").fill("No drips.\nThe lid rattles a little: 4 < 5 stars.");
    await form.getByRole("button", { name: "Publish review" }).click();
    await form.getByRole("status").getByText("your review is published").waitFor();
    await reviews.locator("strong").filter({ hasText: "Pours well" }).waitFor();
    await reviews.getByText("The lid rattles a little: 4 < 5 stars.", { exact: false }).waitFor();
    await reviews.getByText("4.0").waitFor();
    await screenshot(page, "storefront-review");

    await page.goto(`/shop#/products/${kettle.slug}`);
    await page.getByRole("heading", { name: kettle.name }).waitFor();
    await page.getByRole("button", { name: /Save to wishlist/ }).click();
    await page.getByRole("button", { name: /On your wishlist/ }).waitFor();
    expect((await api("GET", "/me/wishlist", { token: customer.accessToken })).body.items.map((i: { sku: string }) => i.sku)).toEqual([
      kettle.sku,
    ]);

    await page.goto("/shop#/account");
    const wishlist = page.getByRole("region", { name: "Wishlist" });
    await wishlist.getByRole("link", { name: kettle.name }).waitFor();
    await wishlist.getByText("out of stock").waitFor();
    const sms = page.getByRole("region", { name: "Text messages" });
    await sms.getByLabel("Mobile number").fill("+1 555 010 2030");
    await sms.getByLabel(/Text me when an order ships/).check();
    await sms.getByRole("button", { name: "Save" }).click();
    await sms.getByText(/Texts on since/).waitFor();
    expect((await api("GET", "/me/sms", { token: customer.accessToken })).body).toMatchObject({ phone: "+15550102030", optIn: true });
    await screenshot(page, "storefront-account-features");

    await page.setViewportSize(PHONE);
    expect(await widerThanViewport(page)).toEqual([]);
    await screenshot(page, "storefront-account-features-phone");
    await page.goto(`/shop#/products/${teapot.slug}`);
    await reviews.locator("strong").filter({ hasText: "Pours well" }).waitFor();
    expect(await widerThanViewport(page)).toEqual([]);
    await screenshot(page, "storefront-review-phone");

    // The catalog shows the rating, and sorts by it.
    await page.goto(`/shop#/?q=${token}&sort=rating`);
    const cards = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    await cards.first().getByText("4.0").waitFor();
    expect(await cards.first().getByRole("heading").textContent()).toBe(teapot.name);
    expect(problems).toEqual([]);

    // An admin hides the review from the product's page in the dashboard: the shop no longer shows it.
    const dashboard = await watchedPage(browser, apiUrl(), DESKTOP);
    await signInToDashboard(dashboard.page, { email: inject("adminEmail"), password: inject("adminPassword") });
    await dashboard.page.goto(`/admin#/products/${teapot.id}`);
    const moderated = dashboard.page.getByRole("region", { name: "Reviews" });
    await moderated.locator("strong").filter({ hasText: "Pours well" }).waitFor();
    await moderated.getByRole("button", { name: /^Hide/ }).click();
    await moderated.getByRole("button", { name: /^Show again/ }).waitFor();
    await screenshot(dashboard.page, "admin-product-reviews");
    expect((await api("GET", `/products/${teapot.slug}/reviews`)).body).toEqual({ items: [], rating: { average: null, count: 0 } });
    expect(dashboard.problems).toEqual([]);
  });
});
