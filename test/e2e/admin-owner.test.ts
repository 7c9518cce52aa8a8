import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiUrl, newCustomer, signedInAdmin } from "../support/api.ts";
import { launchChromium, screenshot, signInToDashboard, watchedPage, widerThanViewport } from "../support/browser.ts";
import { uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

/** What a shop owner does in the dashboard besides orders: coupons, the catalog, customers, refunds by line. */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signIn = (page: Page) => signInToDashboard(page, { email: inject("adminEmail"), password: inject("adminPassword") });
const section = (page: Page, name: string) => page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name, exact: true });

/** The page at a phone's width: its screenshot, and nothing sticking out sideways. */
async function onAPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
  expect(await widerThanViewport(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("the owner's dashboard in Chromium", () => {
  it("creates a coupon, sees the order that used it and what is left, and withdraws it: carts then refuse it with the reason", async () => {
    const code = uniqueId("SAVE")
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()
      .slice(0, 20);
    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await section(page, "Coupons").click();
    await page.getByRole("button", { name: "New coupon…" }).click();
    const form = page.getByRole("form", { name: "New coupon" });
    await form.getByLabel("Code").fill(code.toLowerCase());
    await form.getByLabel("Kind").selectOption("fixed");
    await form.getByLabel("Amount off (USD)").fill("5");
    await form.getByLabel("Minimum subtotal (USD)").fill("20.00");
    await form.getByLabel("Redemptions in all").fill("3");
    await form.getByRole("button", { name: "Create" }).click();
    // The new coupon's page, then the list, which learns of the code a moment later.
    await page.locator(`article[data-coupon="${code}"]`).waitFor();
    await page.getByRole("link", { name: "← Coupons" }).click();
    const row = page.locator(`tr[data-coupon="${code}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("$5.00 off");
    expect(await row.textContent()).toContain("on $20.00 or more");
    await screenshot(page, "admin-coupons");
    await onAPhone(page, "admin-coupons-phone");

    // A customer uses it.
    const buyer = await newCustomer({ name: "Coupon Buyer" });
    const sku = await product(5, 2500);
    await api("POST", "/cart/items", { token: buyer.accessToken, body: { sku, quantity: 1 } });
    expect((await api("POST", "/cart/coupon", { token: buyer.accessToken, body: { code } })).body.discount).toBe(500);
    const placed = await api("POST", "/orders", {
      token: buyer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);

    await row.getByRole("link", { name: code }).click();
    const used = page.getByRole("table", { name: "Orders that used the coupon" }).getByRole("link", { name: placed.body.orderNumber });
    await used.waitFor({ timeout: 20_000 });
    const facts = page.locator("dl.facts");
    await expect
      .poll(
        async () => {
          await page.reload();
          return facts.textContent();
        },
        { timeout: 15_000 },
      )
      .toContain("Remaining2");
    await screenshot(page, "admin-coupon");
    await onAPhone(page, "admin-coupon-phone");

    // Withdrawing asks first, and says what it does.
    await page.getByRole("button", { name: "Withdraw…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm withdrawing the coupon" });
    expect(await confirm.textContent()).toContain("This cannot be undone");
    await confirm.getByRole("button", { name: `Withdraw ${code}` }).click();
    await page.getByText(/^Withdrawn .*: carts and checkouts refuse it\.$/).waitFor();
    expect(await page.locator(".badge-withdrawn").count()).toBe(1);

    const late = await newCustomer();
    await api("POST", "/cart/items", { token: late.accessToken, body: { sku, quantity: 1 } });
    const refused = await api("POST", "/cart/coupon", { token: late.accessToken, body: { code } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      new RegExp(`^coupon ${code} was withdrawn by the shop on \\d{4}-\\d{2}-\\d{2} and can no longer be used$`),
    );
    expect(problems).toEqual([]);
  });
});

describe("a refund by line in Chromium", () => {
  it("picks lines and shipping, shows the amount the shop computed, states it, and refunds exactly that on confirmation", async () => {
    const customer = await newCustomer({ name: "Line Refund" });
    const [mug, plate] = [await product(5, 2500), await product(5, 1200)];
    await api("POST", "/cart/items", { token: customer.accessToken, body: { sku: mug, quantity: 2 } });
    await api("POST", "/cart/items", { token: customer.accessToken, body: { sku: plate, quantity: 1 } });
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: { ...address, zip: "00001" }, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);
    const orderNumber: string = placed.body.orderNumber;
    const admin = await signedInAdmin();
    const quoted = await api("POST", `/admin/orders/${orderNumber}/refund-quote`, {
      token: admin.accessToken,
      body: { items: [{ sku: mug, quantity: 1 }], shipping: true },
    });
    expect(quoted.status).toBe(200);
    const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`;

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await page.goto(`/admin#/orders/${orderNumber}`);
    await page.getByRole("button", { name: "Refund…" }).click();
    const form = page.getByRole("form", { name: "Refund" });
    await form.getByLabel(`Product ${mug}: units to refund (of 2)`).fill("1");
    await form.getByLabel("Refund the shipping").check();
    const amount = form.getByRole("status");
    await expect
      .poll(() => amount.textContent())
      .toBe(`To refund: ${dollars(quoted.body.amount)} (shipping ${dollars(quoted.body.shipping)})`);
    // An amount of one's own is off while lines are chosen.
    expect(await form.getByLabel(/^Amount in USD/).isDisabled()).toBe(true);
    await form.getByLabel("Reason").fill("one mug cracked");
    await screenshot(page, "admin-refund-lines");
    await onAPhone(page, "admin-refund-lines-phone");
    await form.getByRole("button", { name: "Review the refund" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the refund" });
    expect(await confirm.textContent()).toContain(
      `Refund ${dollars(quoted.body.amount)} of order ${orderNumber} to the customer's payment method: 1 × Product ${mug} (${dollars(quoted.body.items[0].amount)}), ` +
        `shipping (${dollars(quoted.body.shipping)}), and put these units back in stock? This cannot be undone.`,
    );
    await screenshot(page, "admin-refund-lines-confirm");
    // Nothing has moved yet.
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.amountRefunded).toBe(0);
    await confirm.getByRole("button", { name: `Refund ${dollars(quoted.body.amount)}` }).click();
    await confirm.waitFor({ state: "detached" });
    const after = await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken });
    expect(after.body).toMatchObject({
      amountRefunded: quoted.body.amount,
      refunds: [{ amount: quoted.body.amount, items: [{ sku: mug, quantity: 1 }] }],
    });
    // The form now offers one mug and no shipping.
    await page.getByRole("button", { name: "Refund…" }).click();
    await form.getByLabel(`Product ${mug}: units to refund (of 1)`).waitFor();
    await form.getByLabel("Refund the shipping").check();
    await expect.poll(() => amount.textContent()).toBe(`shipping: the shipping of order ${orderNumber} was already refunded`);
    expect(problems).toEqual([]);
  });
});

describe("customers in Chromium", () => {
  it("searches customers by name, opens one with their tier, spend and orders, and promotes them after a confirmation", async () => {
    const surname = uniqueId("Lamarr").replace(/[^A-Za-z0-9]/g, "");
    const customer = await newCustomer({ name: `Hedy ${surname}` });
    const sku = await product(5, 4200);
    await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } });
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await section(page, "Customers").click();
    const row = page.locator(`tr[data-customer="${customer.id}"]`);
    await expect
      .poll(
        async () => {
          await page.getByLabel("Email or name").fill(surname.toLowerCase());
          await page.getByRole("button", { name: "Search" }).click();
          await page.getByRole("table", { name: "Customers" }).or(page.getByText("No customers match.")).first().waitFor();
          // The row, once the projections have its paid order.
          return (await row.count()) === 1 ? row.locator('td[data-label="Paid orders"]').textContent() : "";
        },
        { timeout: 15_000 },
      )
      .toBe("1");
    expect(await page.getByRole("table", { name: "Customers" }).locator("tbody tr").count()).toBe(1);
    await screenshot(page, "admin-customers");
    await onAPhone(page, "admin-customers-phone");

    await row.getByRole("link", { name: `Hedy ${surname}` }).click();
    const facts = page.locator("dl.facts");
    await facts.waitFor();
    const text = await facts.textContent();
    expect(text).toContain(`Total spend$${(placed.body.total / 100).toFixed(2)} over 1 paid order, refunds deducted`);
    expect(text).toContain("Rolecustomer");
    await page.getByRole("table", { name: "Their orders" }).getByRole("link", { name: placed.body.orderNumber }).waitFor();
    await screenshot(page, "admin-customer");
    await onAPhone(page, "admin-customer-phone");

    await page.getByRole("button", { name: "Make admin…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the role change" });
    expect(await confirm.textContent()).toContain(`Make ${customer.email} an admin?`);
    await confirm.getByRole("button", { name: "Make admin" }).click();
    await expect.poll(() => facts.textContent()).toContain("Roleadmin");
    expect(
      (
        await api("GET", "/me", {
          token: (await api("POST", "/auth/login", { body: { email: customer.email, password: customer.password } })).body.accessToken,
        })
      ).body.role,
    ).toBe("admin");
    expect(problems).toEqual([]);
  });
});

describe("the catalog in Chromium", () => {
  it("grows the category tree under a parent, then edits a product's price, compare-at price, status, threshold, category, description and images", async () => {
    const admin = await signedInAdmin();
    const shelf = uniqueId("Shelf");
    const parent = await api("POST", "/admin/categories", { token: admin.accessToken, body: { name: shelf } });
    expect(parent.status).toBe(201);
    const sku = uniqueId("SKU-EDIT");
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: `Teapot ${sku}`, price: 2400, currency: "USD", status: "active", categoryId: parent.body.id },
    });
    expect(created.status).toBe(201);

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    // A category under the shelf, through the tree's form.
    await page.goto("/admin#/categories");
    const child = `Teapots ${shelf}`;
    const form = page.getByRole("form", { name: "New category" });
    await form.getByLabel("New category").fill(child);
    await form.getByLabel("Under").selectOption(parent.body.id);
    await form.getByRole("button", { name: "Create" }).click();
    const tree = page.getByRole("navigation", { name: "Category tree" });
    const nested = tree.locator(`li[data-category="${parent.body.id}"] li`, { hasText: child });
    await nested.waitFor();
    const categories = await api("GET", "/categories");
    const node = categories.body.find((c: { id: string }) => c.id === parent.body.id);
    expect(node.children.map((c: { name: string }) => c.name)).toEqual([child]);
    const childId: string = node.children[0].id;
    await screenshot(page, "admin-categories");
    await onAPhone(page, "admin-categories-phone");

    // The product's page, from the products list.
    await section(page, "Products").click();
    const row = page.locator(`tr[data-sku="${sku}"]`);
    await expect
      .poll(
        async () => {
          await page.getByLabel("Search").fill(sku);
          await page.getByRole("button", { name: "Search" }).click();
          await page.getByRole("table", { name: "Products" }).or(page.getByText("No products match.")).first().waitFor();
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await row.getByRole("link", { name: `Teapot ${sku}` }).click();
    const edit = page.getByRole("form", { name: "Edit product" });
    await edit.waitFor();
    expect(await edit.getByLabel("Price (USD)", { exact: true }).inputValue()).toBe("24.00");
    await edit.getByLabel("Price (USD)", { exact: true }).fill("19.50");
    await edit.getByLabel("Compare-at price (USD)").fill("24");
    await edit.getByLabel("Status").selectOption("draft");
    await edit.getByLabel("Low-stock threshold").fill("3");
    await edit.getByLabel("Category").selectOption(childId);
    await edit.getByLabel("Description").fill("Cast iron.\nKeeps tea warm.");
    await edit.getByLabel("Image URLs").fill("https://cdn.shop.test/teapot-1.png\nhttps://cdn.shop.test/teapot-2.png");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await edit.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const saved = await api("GET", `/admin/products/${created.body.id}`, { token: admin.accessToken });
    expect(saved.body).toMatchObject({
      sku,
      price: 1950,
      compareAtPrice: 2400,
      status: "draft",
      lowStockThreshold: 3,
      category: childId,
      description: "Cast iron.\nKeeps tea warm.",
      images: ["https://cdn.shop.test/teapot-1.png", "https://cdn.shop.test/teapot-2.png"],
    });
    // The page reads the product again after the save.
    await expect
      .poll(() => page.locator("article[data-product] > p.muted").textContent())
      .toContain(`$19.50 (was $24.00) · ${shelf} › ${child}`);
    // The form shows what the shop now holds.
    expect(await edit.getByLabel("Status").inputValue()).toBe("draft");
    expect(await edit.getByLabel("Category").inputValue()).toBe(childId);
    expect(await edit.getByLabel("Compare-at price (USD)").inputValue()).toBe("24.00");
    await screenshot(page, "admin-product");
    await onAPhone(page, "admin-product-phone");

    // A compare-at price not above the price is refused here, naming the field, and nothing changes.
    await edit.getByLabel("Compare-at price (USD)").fill("10");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("alert").filter({ hasText: "Compare-at price: must be above the price ($19.50), or empty" }).waitFor();
    // Cleared fields go back to none.
    await edit.getByLabel("Compare-at price (USD)").fill("");
    await edit.getByLabel("Low-stock threshold").fill("");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(async () => (await api("GET", `/admin/products/${created.body.id}`, { token: admin.accessToken })).body.lowStockThreshold)
      .toBeNull();
    expect((await api("GET", `/admin/products/${created.body.id}`, { token: admin.accessToken })).body).not.toHaveProperty(
      "compareAtPrice",
    );
    expect(problems).toEqual([]);
  });
});
