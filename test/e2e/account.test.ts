import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, apiUrl, newCustomer, PASSWORD } from "../support/api.ts";
import { DESKTOP, launchChromium, PHONE, screenshot, signInToShop, watchedPage, widerThanViewport } from "../support/browser.ts";
import { deliveredOrder } from "../support/delivered.ts";
import { product } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the storefront's account page in Chromium", () => {
  it("renames, saves and deletes an address, changes the password (a wrong current one refused), and lists the orders with links", async () => {
    const customer = await newCustomer({ name: "Mary Jackson" });
    const sku = await product(10, 2200);
    const orderNumber = await deliveredOrder(customer, sku, 1);
    const other = await api("POST", "/auth/login", { body: { email: customer.email, password: PASSWORD } });

    const { page, problems } = await watchedPage(browser, apiUrl(), DESKTOP);
    await signInToShop(page, customer, "Mary Jackson");
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();

    const profile = page.getByRole("region", { name: "Profile" });
    await profile.getByLabel("Name").fill("Mary W. Jackson");
    await profile.getByRole("button", { name: "Save name" }).click();
    await profile.getByRole("status").getByText("Saved.").waitFor();
    expect((await api("GET", "/me", { token: customer.accessToken })).body.name).toBe("Mary W. Jackson");

    const addresses = page.getByRole("region", { name: "Saved addresses" });
    await addresses.getByText("No saved addresses yet.").waitFor();
    await addresses.getByRole("button", { name: "Add an address" }).click();
    const form = addresses.getByRole("form", { name: "New address" });
    await form.getByLabel("Label (optional)").fill("Work");
    await form.getByLabel("Full name").fill("Mary Jackson");
    await form.getByLabel("Street").fill("1 Langley Blvd");
    await form.getByLabel("City").fill("Hampton");
    await form.getByLabel("State").fill("VA");
    await form.getByLabel("ZIP").fill("23681");
    await form.getByLabel("Country").fill("us");
    await form.getByRole("button", { name: "Save address" }).click();
    await addresses.getByRole("list", { name: "Saved addresses" }).getByText("1 Langley Blvd").waitFor();
    const saved = await api("GET", "/me/addresses", { token: customer.accessToken });
    expect(saved.body.items).toEqual([expect.objectContaining({ label: "Work", street: "1 Langley Blvd", country: "US" })]);

    const history = page.getByRole("region", { name: "Order history" });
    await history.getByRole("link", { name: orderNumber }).waitFor();
    await screenshot(page, "storefront-account-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "storefront-account-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);

    await addresses.getByRole("button", { name: "Delete the address Work" }).click();
    await addresses.getByText("No saved addresses yet.").waitFor();
    expect((await api("GET", "/me/addresses", { token: customer.accessToken })).body.items).toEqual([]);

    const password = page.getByRole("region", { name: "Password" });
    await password.getByLabel("Current password").fill("not my password at all");
    await password.locator("input[name=newPassword]").fill("a fresh passphrase for Mary");
    await password.getByLabel("New password again").fill("a fresh passphrase for Mary");
    await password.getByRole("button", { name: "Change password" }).click();
    await password.getByRole("alert").getByText("currentPassword: is not this account's password").waitFor();
    await password.getByLabel("Current password").fill(PASSWORD);
    await password.getByRole("button", { name: "Change password" }).click();
    await password
      .getByRole("status")
      .getByText(/Password changed/)
      .waitFor();
    expect((await api("POST", "/auth/login", { body: { email: customer.email, password: "a fresh passphrase for Mary" } })).status).toBe(
      200,
    );
    // The other sign-in is over; this page's goes on.
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);
    await page.reload();
    await page.getByRole("heading", { name: "Your account" }).waitFor();

    await history.getByRole("link", { name: orderNumber }).click();
    await page.locator(`article[data-order="${orderNumber}"]`).waitFor();
    expect(problems).toEqual([]);
  });

  it("asks for a return of a delivered order, confirming first, and shows the request's status", async () => {
    const customer = await newCustomer({ name: "Dorothy Vaughan" });
    const sku = await product(10, 1800);
    const orderNumber = await deliveredOrder(customer, sku, 2);
    const { page, problems } = await watchedPage(browser, apiUrl(), PHONE);
    await signInToShop(page, customer, "Dorothy Vaughan");
    await page.goto(`/shop#/orders/${orderNumber}`);
    await page.locator(`article[data-order="${orderNumber}"][data-status="delivered"]`).waitFor();
    await page.getByRole("button", { name: "Start a return" }).click();
    const form = page.getByRole("region", { name: "Return items" });
    await form.getByLabel(/\(up to 2\)/).fill("1");
    await form.getByLabel("Why are you returning them?").fill("Two was one too many");
    await form.getByRole("button", { name: "Review the return" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the return" });
    expect(await confirm.textContent()).toMatch(new RegExp(`Return 1 × .+ from order ${orderNumber}\\?.*Shipping is not refunded`));
    // Nothing is sent before the confirmation.
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.refundRequests).toEqual([]);
    await screenshot(page, "storefront-return-confirm-phone");
    expect(await widerThanViewport(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Yes, send the return request" }).click();
    const request = page.locator("li[data-request]");
    await request.waitFor();
    expect(await request.getAttribute("data-status")).toBe("pending");
    expect(await request.textContent()).toContain("waiting for the shop");
    expect(await page.getByRole("button", { name: "Start a return" }).count()).toBe(0);
    const order = await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken });
    expect(order.body.refundRequests).toEqual([
      expect.objectContaining({ kind: "return", status: "pending", items: [{ sku, quantity: 1 }] }),
    ]);
    await screenshot(page, "storefront-return-requested-phone");
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "storefront-return-requested-desktop");
    expect(problems).toEqual([]);
  });
});
