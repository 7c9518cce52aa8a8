import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, api, apiUrl, newCustomer } from "../support/api.ts";
import { launchChromium, screenshot, signInToDashboard, watchedPage, widerThanViewport } from "../support/browser.ts";
import { ledgerOf } from "../support/ledger.ts";
import { eventually } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A customer pays with the card Radar calls elevated: the order waits in review. POST /orders answers
 * once the API's checkout wait is over, so it is left to run while the admin finds the order.
 */
async function heldOrder(sku: string, name: string): Promise<{ customer: Account; placed: Promise<unknown> }> {
  const customer = await newCustomer({ name });
  expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
  const placed = api("POST", "/orders", {
    token: customer.accessToken,
    body: { shippingAddress: address, paymentMethodId: "pm_card_riskLevelElevated" },
  });
  return { customer, placed };
}

const signIn = (page: Page) => signInToDashboard(page, { email: inject("adminEmail"), password: inject("adminPassword") });

/** The orders list filtered by the review status and the customer's email, until the held order shows; then its page. */
async function openHeld(page: Page, email: string): Promise<string> {
  const table = page.getByRole("table", { name: "Orders" });
  await expect
    .poll(
      async () => {
        await page.locator("select[name=status]").selectOption("review");
        await page.getByLabel("Order number or text").fill(email);
        await page.getByRole("button", { name: "Filter" }).click();
        await table.waitFor();
        return table.getByRole("link").count();
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  const orderNumber = (await table.getByRole("link").first().textContent())!;
  await table.getByRole("link", { name: orderNumber }).click();
  await page.getByRole("heading", { name: "Risk review" }).waitFor();
  return orderNumber;
}

describe("risk review in the admin dashboard (Chromium)", () => {
  it("approves a held order after a confirmation: it is captured and ships", async () => {
    const sku = await product(4, 2200);
    const { customer, placed } = await heldOrder(sku, "Rosalind Franklin");
    const { page, problems } = await watchedPage(browser, apiUrl());
    await signIn(page);
    await page.goto("/admin#/orders");
    const orderNumber = await openHeld(page, customer.email);
    await expect.poll(() => page.locator("[data-risk-rules]").textContent()).toContain("radar_elevated → review");
    await page.getByLabel("Note for the order's log (optional)").fill("known customer");
    await screenshot(page, "admin-risk-review");
    await page.getByRole("button", { name: "Approve…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the approval" });
    await expect.poll(() => confirm.textContent()).toContain(`Approve order ${orderNumber}? $28.95`);
    await screenshot(page, "admin-risk-review-confirm");
    await confirm.getByRole("button", { name: "Yes, approve" }).click();
    // The page follows the order live: the review section goes once the checkout has moved on.
    await page
      .locator("article[data-status=processing], article[data-status=shipped], article[data-status=delivered]")
      .waitFor({ timeout: 20_000 });
    expect(await page.getByRole("heading", { name: "Risk review" }).count()).toBe(0);
    await expect
      .poll(() => page.locator("[data-event=review_approved] .timeline-detail").textContent())
      .toMatch(/^by cus_\w+: known customer$/);
    const order = await eventually(
      () => api("GET", `/orders/${orderNumber}`, { token: customer.accessToken }),
      (r) => r.body.paymentStatus === "captured",
    );
    expect(order.body.status).not.toBe("cancelled");
    expect(problems).toEqual([]);
    await placed;
  });

  it("rejects a held order after a confirmation, on a phone: voided, stock back, the page says cancelled", async () => {
    const sku = await product(4, 1300);
    const { customer, placed } = await heldOrder(sku, "Barbara McClintock");
    const { page, problems } = await watchedPage(browser, apiUrl(), { width: 390, height: 844 });
    await signIn(page);
    await page.goto("/admin#/orders");
    const orderNumber = await openHeld(page, customer.email);
    expect(await widerThanViewport(page)).toEqual([]);
    await page.getByRole("button", { name: "Reject…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm the rejection" });
    await expect.poll(() => confirm.textContent()).toContain(`Reject order ${orderNumber}? The authorization of $19.95 is voided`);
    // Back changes nothing; the order still waits.
    await confirm.getByRole("button", { name: "Back" }).click();
    expect((await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body.status).toBe("review");
    await page.getByRole("button", { name: "Reject…" }).click();
    await screenshot(page, "admin-risk-reject-phone");
    await page.getByRole("group", { name: "Confirm the rejection" }).getByRole("button", { name: "Yes, reject" }).click();
    await page.locator("article[data-status=cancelled]").waitFor({ timeout: 20_000 });
    expect(await widerThanViewport(page)).toEqual([]);
    const order = (await api("GET", `/orders/${orderNumber}`, { token: customer.accessToken })).body;
    expect(order).toMatchObject({ status: "cancelled", paymentStatus: "voided" });
    expect(ledgerOf(order.orderId).some((e) => e.op === "void")).toBe(true);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(problems).toEqual([]);
    await placed;
  });
});
