import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiUrl, newCustomer, signedInAdmin } from "../support/api.ts";
import { launchChromium, screenshot, signInToDashboard, signInToShop, watchedPage, widerThanViewport } from "../support/browser.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

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
  const placed = await api("POST", "/orders", {
    token: customer.accessToken,
    body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
  });
  expect(placed.status).toBe(201);
  const orderNumber: string = placed.body.orderNumber;
  await eventually(
    () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
    (res) => res.body.status === "delivered",
    20_000,
  );
  return orderNumber;
}

const signIn = (page: Page) => signInToDashboard(page, { email: inject("adminEmail"), password: inject("adminPassword") });

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
    // The refresh token is in the dashboard's HttpOnly cookie; scripts keep only a hint that a sign-in exists.
    expect(await page.evaluate<string[]>("Object.keys(localStorage)")).toEqual(["restate-commerce.admin.signed-in"]);
    expect(await page.evaluate<number>("sessionStorage.length")).toBe(0);
    const cookie = async () => (await page.context().cookies()).find((c) => c.name === "__Secure-rc-admin-refresh")?.value;
    const refreshToken = await cookie();
    expect(refreshToken).toEqual(expect.any(String));
    await page.reload();
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Alerts" }).waitFor();
    // Refresh tokens rotate: the one used is replaced.
    await expect.poll(cookie).not.toBe(refreshToken);

    // The orders list is the query side: the order shows once it is projected.
    const listed = page.getByRole("table", { name: "Orders" }).getByRole("link", { name: orderNumber });
    await expect
      .poll(
        async () => {
          await page.getByLabel("Order number or text").fill(orderNumber);
          await page.getByRole("button", { name: "Filter" }).click();
          await page.getByRole("table", { name: "Orders" }).waitFor();
          return listed.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await screenshot(page, "admin-orders");
    await listed.click();
    const order = page.locator(`article[data-order="${orderNumber}"]`);
    await order.waitFor();
    expect(await order.getAttribute("data-status")).toBe("delivered");
    const payment = page.getByRole("region", { name: "Payment" });
    expect(await payment.textContent()).toContain("pm_card_visa");
    expect(await payment.textContent()).toContain(adminOrder.body.payment.paymentIntentId);
    expect(await page.getByRole("region", { name: "Shipment" }).textContent()).toContain(adminOrder.body.shipment.trackingNumber);
    await expect.poll(() => page.getByRole("region", { name: "Emails" }).textContent()).toContain("order confirmation");
    for (const event of ["order_created", "payment_captured", "delivered"])
      expect(await page.locator(`.timeline li[data-event="${event}"]`).count()).toBeGreaterThan(0);
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
    await page
      .locator('li[data-alert="low_stock"]', { hasText: sku })
      .getByText(/^Acknowledged/)
      .waitFor();

    // A phone's width: nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/admin#/orders/${orderNumber}`);
    await order.waitFor();
    await screenshot(page, "admin-order-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("takes a customer's return from request to received: approve it, then mark one unit damaged; only the other goes back to stock", async () => {
    const customer = await newCustomer({ name: "Grace Hopper" });
    const sku = await product(5, 2400);
    expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 2 } })).status).toBe(200);
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    const orderNumber: string = placed.body.orderNumber;
    await eventually(
      () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
      (res) => res.body.status === "delivered",
      20_000,
    );
    const asked = await api("POST", `/orders/${orderNumber}/refund`, {
      token: customer.accessToken,
      body: { reason: "both cracked", items: [{ sku, quantity: 2 }] },
    });
    expect(asked.status).toBe(202);

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await page.goto(`/admin#/orders/${orderNumber}`);
    const request = page.locator('li[data-request="rr-1"]');
    await request.getByRole("button", { name: "Approve return" }).click();
    await request.locator(".badge-approved").waitFor();
    await request.getByLabel(`2 × ${sku}: damaged (not restocked)`).fill("1");
    await screenshot(page, "admin-return-approved");
    await request.getByRole("button", { name: /^Mark received and refund/ }).click();
    await request.locator(".badge-received").waitFor();
    const mine = await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken });
    expect(mine.body).toMatchObject({
      amountRefunded: asked.body.refundRequests[0].amount,
      refundRequests: [{ kind: "return", status: "received", received: [{ sku, quantity: 2, damaged: 1 }] }],
    });
    expect(await stockOf(sku)).toMatchObject({ onHand: 4 });
    await screenshot(page, "admin-return-received");
    expect(problems).toEqual([]);

    // The customer's own order page says where the return stands.
    const shop = await watchedPage(browser, apiUrl());
    await signInToShop(shop.page, customer, "Grace Hopper");
    await shop.page.goto(`/shop#/orders/${orderNumber}`);
    const line = shop.page.locator('li[data-request="rr-1"]');
    await line.waitFor();
    expect(await line.textContent()).toBe(`Return of 2 × Product ${sku} · $48.00 · received and refunded`);
    await screenshot(shop.page, "shop-return-received");
    expect(shop.problems).toEqual([]);
  });

  it("highlights a product low on stock, then scans for low stock, approves the drafted purchase order and receives it", async () => {
    const admin = await signedInAdmin();
    const sku = uniqueId("SKU-LOW");
    const supplier = `${uniqueId("supplier")}@suppliers.test`;
    const created = await api("POST", "/admin/products", {
      token: admin.accessToken,
      body: { sku, name: `Loose-leaf ${sku}`, price: 900, currency: "USD", status: "active", lowStockThreshold: 5 },
    });
    expect(created.status).toBe(201);
    expect(
      (await api("POST", `/admin/inventory/${sku}/restock`, { token: admin.accessToken, body: { quantity: 2, reference: "first" } }))
        .status,
    ).toBe(200);

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Products" }).click();
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
    expect(await row.getAttribute("class")).toBe("low");
    expect(await row.textContent()).toContain("low stock");
    await screenshot(page, "admin-products-low-stock");
    // Who supplies it, and how much to order.
    await row.getByText("Set supplier").click();
    await row.getByLabel(`Supplier of ${sku} (order email)`).fill(supplier);
    await row.getByLabel(`Units per purchase order of ${sku}`).fill("12");
    await row.getByRole("button", { name: "Save supplier" }).click();
    await row.getByRole("status").filter({ hasText: "12 units per order" }).waitFor();

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Purchase orders" }).click();
    await page.getByRole("button", { name: "Scan for low stock now" }).click();
    const drafted = page.getByRole("row").filter({ hasText: supplier });
    await drafted.waitFor();
    expect(await drafted.textContent()).toContain("draft");
    await drafted.getByRole("link").click();
    const po = page.locator("article[data-po]");
    await po.waitFor();
    await page.getByRole("button", { name: "Approve and send to the supplier" }).click();
    await page.locator('article[data-po][data-status="ordered"]').waitFor();
    await page.getByLabel(`Loose-leaf ${sku} (${sku}): units arrived`).fill("12");
    await page.getByRole("button", { name: "Receive" }).click();
    await page.locator('article[data-po][data-status="received"]').waitFor();
    await screenshot(page, "admin-purchase-order-received");

    const stock = await api("GET", `/admin/inventory?skus=${sku}`, { token: admin.accessToken });
    expect(stock.body.items[0]).toMatchObject({ sku, onHand: 14, lowStock: false });
    expect(problems).toEqual([]);
  });

  it("draws the analytics: revenue per day over the chosen period, the conversion funnel and the best sellers", async () => {
    const admin = await signedInAdmin();
    const sku = await product(5, 2_500);
    const customer = await newCustomer({ name: "Dorothy Vaughan" });
    expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    expect(
      (await api("POST", "/orders", { token: customer.accessToken, body: { shippingAddress: address, paymentMethodId: "pm_card_visa" } }))
        .status,
    ).toBe(201);
    const dashboard = await eventually(
      () => api("GET", "/admin/analytics/dashboard?timeRange=7d&currency=USD", { token: admin.accessToken }),
      (res) => res.body.products?.top.length > 0 && res.body.sales.orders > 0,
      20_000,
    );

    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("img", { name: /^Revenue per day: 30 days/ }).waitFor();
    await page.getByRole("link", { name: "last 7 days" }).click();
    const revenue = page.getByRole("img", { name: /^Revenue per day: 7 days/ });
    await revenue.waitFor();
    // One dot per day, each titled with its date and amount.
    expect(await revenue.locator("circle").count()).toBe(7);
    // The funnel comes with its own request: wait for it to be drawn, then count it.
    const funnel = page.getByRole("img", {
      name: /^Conversion funnel: product view \d+, add to cart \d+, checkout start \d+, payment start \d+, order complete \d+$/,
    });
    await funnel.first().waitFor();
    expect(await funnel.count()).toBe(1);
    const best = page.getByRole("table").filter({ hasText: "Units" });
    await best.waitFor();
    expect(await best.locator("tbody tr").count()).toBe(dashboard.body.products.top.length);
    // Retention: six cohorts, this month's last, its buyers counted (this test's customer among them).
    const retention = page.getByRole("table", { name: /first-time buyers/ });
    await retention.waitFor();
    const cohorts = retention.locator("tbody tr");
    expect(await cohorts.count()).toBe(6);
    const thisMonth = cohorts.last();
    expect(await thisMonth.locator("th").textContent()).toBe(new Date().toISOString().slice(0, 7));
    expect(Number(await thisMonth.locator("td").first().textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(page, "admin-analytics");
    // No step of the funnel above the step before it.
    const figures = await page.locator(".funnel-figure").allTextContents();
    const counts = figures.map((text) => Number(text.split(" ")[0]));
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);

    // A phone's width: nothing sticks out, and every label of the charts keeps a legible size.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await widerThanViewport(page)).toEqual([]);
    const sizes = await page.evaluate<number[]>(
      "[...document.querySelectorAll('.funnel-step, .funnel-figure, .chart-axis span, .chart-max')].map((e) => parseFloat(getComputedStyle(e).fontSize))",
    );
    expect(sizes.length).toBe(2 * 5 + 3);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(12);
    await screenshot(page, "admin-analytics-phone");
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
