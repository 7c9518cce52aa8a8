import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiUrl, newCustomer, signedInAdmin } from "../support/api.ts";
import { launchChromium, screenshot, watchedPage, widerThanViewport } from "../support/browser.ts";
import { eventually } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** An order placed through the API, and delivered by the mock carrier. */
async function deliveredOrder(sku: string, quantity: number): Promise<string> {
  const customer = await newCustomer({ name: "Katherine Johnson" });
  expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity } })).status).toBe(200);
  const placed = await api("POST", "/orders", { token: customer.accessToken, body: { shippingAddress: address, paymentMethodId: "pm_card_visa" } });
  expect(placed.status).toBe(201);
  const orderNumber: string = placed.body.orderNumber;
  await eventually(() => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }), (res) => res.body.status === "delivered", 20_000);
  return orderNumber;
}

describe("the admin dashboard in Chromium", () => {
  it("signs in with the keyboard alone, shows an order's timeline, payment, shipment, emails and Restate link, and acknowledges an alert", async () => {
    // Three on hand, a threshold of two: ordering two leaves one, and the operators get a low-stock alert.
    const sku = await product(3, 1800, { lowStockThreshold: 2 });
    const orderNumber = await deliveredOrder(sku, 2);
    const adminOrder = await api("GET", `/admin/orders/${orderNumber}`, { token: (await signedInAdmin()).accessToken });

    const { page, problems } = await watchedPage(browser, apiUrl());
    await page.goto("/admin");
    await page.getByRole("heading", { name: "Sign in to the admin dashboard" }).waitFor();
    // Tab from the top of the page: the skip link, the brand, then the form, in reading order.
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Skip to the content");
    await page.keyboard.press("Tab"); // the brand
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string>("document.activeElement.name")).toBe("email");
    await page.keyboard.type(inject("adminEmail"));
    await page.keyboard.press("Tab");
    await page.keyboard.type(inject("adminPassword"));
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Alerts" }).waitFor();

    await page.goto(`/admin#/orders/${orderNumber}`);
    const order = page.locator(`article[data-order="${orderNumber}"]`);
    await order.waitFor();
    expect(await order.getAttribute("data-status")).toBe("delivered");
    const payment = page.getByRole("region", { name: "Payment" });
    expect(await payment.textContent()).toContain("pm_card_visa");
    expect(await payment.textContent()).toContain(adminOrder.body.payment.paymentIntentId);
    expect(await page.getByRole("region", { name: "Shipment" }).textContent()).toContain(adminOrder.body.shipment.trackingNumber);
    await expect.poll(() => page.getByRole("region", { name: "Emails" }).textContent()).toContain("order confirmation");
    for (const event of ["order_created", "payment_captured", "delivered"]) expect(await page.locator(`.timeline li[data-event="${event}"]`).count()).toBeGreaterThan(0);
    const link = page.getByRole("link", { name: "Its checkout invocation in the Restate UI" });
    expect(await link.getAttribute("href")).toBe(`${inject("adminUrl")}/ui/invocations/${adminOrder.body.restate.invocationId}`);
    await screenshot(page, "admin-order");

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Alerts" }).click();
    const alert = page.locator('li[data-alert="low_stock"]', { hasText: sku });
    await alert.waitFor();
    await screenshot(page, "admin-alerts");
    await alert.getByRole("button", { name: "Acknowledge" }).click();
    await alert.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "acknowledged" }).click();
    await page.locator('li[data-alert="low_stock"]', { hasText: sku }).getByText(/^Acknowledged/).waitFor();

    // A phone's width: nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/admin#/orders/${orderNumber}`);
    await order.waitFor();
    await screenshot(page, "admin-order-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("tells a customer who signs in that the dashboard is for admins, and shows no admin data", async () => {
    const customer = await newCustomer({ name: "Not An Admin" });
    const { page, problems } = await watchedPage(browser, apiUrl());
    await page.goto("/admin");
    await page.getByLabel("Email").fill(customer.email);
    await page.getByLabel("Password").fill(customer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Not an admin" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Sections" }).getByRole("link").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
