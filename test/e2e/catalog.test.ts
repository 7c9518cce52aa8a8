import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, newCustomer, signedInAdmin } from "../support/api.ts";
import { DESKTOP, launchChromium, PHONE, screenshot, signInToShop, watchedPage, widerThanViewport } from "../support/browser.ts";
import { uniqueId } from "../support/restate.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function createProduct(
  admin: { accessToken: string },
  name: string,
  price: number,
  stock: number,
  images?: string[],
): Promise<{ sku: string; slug: string }> {
  const sku = uniqueId("SKU-CAT");
  const created = await api("POST", "/admin/products", {
    token: admin.accessToken,
    body: { sku, name, price, currency: "USD", status: "active", ...(images ? { images } : {}) },
  });
  expect(created.status).toBe(201);
  if (stock > 0)
    expect(
      (
        await api("POST", `/admin/inventory/${sku}/restock`, {
          token: admin.accessToken,
          body: { quantity: stock, reference: "e2e-catalog" },
        })
      ).status,
    ).toBe(200);
  return { sku, slug: created.body.slug };
}

describe("the storefront's catalog and product pages in Chromium", () => {
  it("filters by price and stock as soon as they change, keeps the filters in the address, and shows a product's pictures and a quantity picker", async () => {
    const admin = await signedInAdmin();
    const word = uniqueId("teapot").replace(/[^a-z0-9]/g, "");
    // Pictures the shop serves itself (the page's CSP allows images from its own origin only).
    const pictures = [`${apiUrl()}/docs/favicon-32x32.png`, `${apiUrl()}/docs/favicon-32x32.png?second`];
    const cheap = await createProduct(admin, `Cheap ${word}`, 1000, 5, pictures);
    const dear = await createProduct(admin, `Dear ${word}`, 3000, 5);
    await createProduct(admin, `Gone ${word}`, 5000, 0);

    const customer = await newCustomer({ name: "Filter Fan" });
    const { page, problems } = await watchedPage(browser, apiUrl(), DESKTOP);
    await signInToShop(page, customer, "Filter Fan");
    const names = () => page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
    // The catalog is the query side: the products show once projected.
    await expect
      .poll(
        async () => {
          await page.goto(`/shop#/?q=${word}&sort=price_asc`);
          await page.getByText(/^\d+ products?$|^No products match\.$/).waitFor();
          return names();
        },
        { timeout: 30_000 },
      )
      .toEqual([`Cheap ${word}`, `Dear ${word}`, `Gone ${word}`]);

    await page.getByLabel("In stock only").check();
    await expect.poll(names).toEqual([`Cheap ${word}`, `Dear ${word}`]);
    expect(page.url()).toContain("inStock=true");
    await page.getByLabel("Lowest price").fill("20");
    await expect.poll(names).toEqual([`Dear ${word}`]);
    expect(page.url()).toContain("minPrice=2000");
    expect(await page.getByRole("button", { name: /filter|apply/i }).count()).toBe(0);
    await page.reload();
    await expect.poll(names).toEqual([`Dear ${word}`]);
    expect(await page.getByLabel("In stock only").isChecked()).toBe(true);
    expect(await page.getByLabel("Lowest price").inputValue()).toBe("20.00");
    await page.getByLabel("Highest price").fill("25");
    await page.getByText("No products match.").waitFor();
    expect(page.url()).toContain("maxPrice=2500");
    await page.getByLabel("Highest price").fill("");
    await expect.poll(names).toEqual([`Dear ${word}`]);
    await screenshot(page, "storefront-catalog-filtered-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "storefront-catalog-filtered-phone");
    expect(await widerThanViewport(page)).toEqual([]);

    // A product without pictures: a placeholder that says so, the same shape as a picture.
    await page.goto(`/shop#/products/${dear.slug}`);
    await page.getByRole("img", { name: `Dear ${word} (no picture yet)` }).waitFor();

    await page.goto(`/shop#/products/${cheap.slug}`);
    const main = page.getByRole("img", { name: `Cheap ${word}, picture 1 of 2` });
    await main.waitFor();
    await expect
      .poll(() =>
        page.evaluate<boolean>(
          "(() => { const img = document.querySelector('.gallery > img.picture'); return !!img && img.complete && img.naturalWidth > 0; })()",
        ),
      )
      .toBe(true);
    // Its box is sized before it loads: width and height attributes, so nothing shifts.
    expect([await main.getAttribute("width"), await main.getAttribute("height")]).toEqual(["800", "600"]);
    await page.getByRole("button", { name: "Show picture 2 of 2" }).click();
    await page.getByRole("img", { name: `Cheap ${word}, picture 2 of 2` }).waitFor();

    const quantity = page.getByRole("group", { name: "Quantity" });
    expect(await quantity.getByRole("button", { name: "One fewer" }).isDisabled()).toBe(true);
    await quantity.getByRole("button", { name: "One more" }).click();
    await quantity.getByRole("button", { name: "One more" }).click();
    expect(await quantity.getByRole("spinbutton").inputValue()).toBe("3");
    await page.getByRole("button", { name: new RegExp(`^Add to cart\\s*: Cheap ${word}$`) }).click();
    await page.getByRole("status").getByText("Added 3.").waitFor();
    await page.getByRole("link", { name: "Cart (3)" }).waitFor();
    const cart = await api("GET", "/cart", { token: customer.accessToken });
    expect(cart.body.items).toEqual([expect.objectContaining({ sku: cheap.sku, quantity: 3 })]);
    await screenshot(page, "storefront-product-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "storefront-product-desktop");
    expect(problems).toEqual([]);
  });
});
