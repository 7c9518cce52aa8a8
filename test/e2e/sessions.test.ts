import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl, newCustomer } from "../support/api.ts";
import { launchChromium, screenshot, signInToShop, watchedPage } from "../support/browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Whether the page shows the customer signed in (the sign-in page greets them by name). */
async function signedInAs(page: Page, name: string): Promise<void> {
  await page.goto("/shop#/signin");
  await page.getByRole("heading", { name: `Signed in as ${name}` }).waitFor();
  expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(1);
}

/**
 * What the browser's "Duplicate tab" does: a new tab at the same address with a copy of the tab's
 * sessionStorage (and history).
 */
async function duplicate(page: Page): Promise<Page> {
  const copy = await page.evaluate<string>("JSON.stringify({ ...sessionStorage })");
  const twin = await page.context().newPage();
  await twin.addInitScript(`if (sessionStorage.length === 0) for (const [k, v] of Object.entries(${copy})) sessionStorage.setItem(k, v);`);
  await twin.goto(page.url());
  return twin;
}

describe("a storefront sign-in in Chromium", () => {
  it("lives in an HttpOnly cookie no script reads: a new tab is signed in, a duplicated tab and reloads (even at once) keep both signed in, sign-out ends it everywhere", async () => {
    const account = await newCustomer({ name: "Tab Keeper" });
    const { page, context, problems } = await watchedPage(browser, apiUrl());
    await signInToShop(page, account, "Tab Keeper");

    // Chromium keeps a Secure cookie from http://127.0.0.1 (a secure context), and scripts cannot see it.
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === "__Secure-rc-shop-refresh");
    expect(refresh).toMatchObject({ path: "/auth", httpOnly: true, secure: true, sameSite: "Strict" });
    const [, , secret] = refresh!.value.split(".");
    const visible = await page.evaluate<string>(
      "[document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join('\\n')",
    );
    expect(visible).not.toContain(secret);
    expect(visible).not.toContain(refresh!.value);

    // A new tab resumes the sign-in.
    const newTab = await context.newPage();
    await signedInAs(newTab, "Tab Keeper");
    await screenshot(newTab, "storefront-new-tab-signed-in-desktop");

    // A duplicated tab, reloaded, then the original reloaded: both stay signed in.
    const twin = await duplicate(page);
    await twin.reload();
    await signedInAs(twin, "Tab Keeper");
    await page.reload();
    await signedInAs(page, "Tab Keeper");
    // Both reloading at the same moment refresh with the same cookie: the grace keeps the session.
    await Promise.all([page.reload(), twin.reload()]);
    await signedInAs(page, "Tab Keeper");
    await signedInAs(twin, "Tab Keeper");
    await newTab.reload();
    await signedInAs(newTab, "Tab Keeper");

    // Signing out in one tab signs every tab out.
    await page.getByRole("button", { name: "Sign out" }).click();
    await twin.getByRole("link", { name: "Sign in" }).waitFor();
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === "__Secure-rc-shop-refresh")).toBe(false);
    const later = await context.newPage();
    await later.goto("/shop#/signin");
    await later.getByRole("button", { name: "Sign in" }).waitFor();
    expect(problems).toEqual([]);
  });

  it("keeps the dashboard's sign-in apart: signing in to the shop does not sign in to the dashboard", async () => {
    const account = await newCustomer({ name: "Only Shopper" });
    const { page, context } = await watchedPage(browser, apiUrl());
    await signInToShop(page, account, "Only Shopper");
    const dashboard = await context.newPage();
    await dashboard.goto("/admin");
    await dashboard.getByRole("button", { name: "Sign in" }).waitFor();
    expect((await context.cookies()).map((c) => c.name).filter((n) => n.includes("refresh"))).toEqual(["__Secure-rc-shop-refresh"]);
  });
});
