import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { projectRoot } from "../../scripts/lib/restate-server.ts";

/** Screenshots of the end-to-end tests, kept after the run (git-ignored). */
/** The two screens every page is checked on: a phone and a laptop. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export const ARTIFACTS_DIR = path.join(projectRoot, "test-artifacts", "e2e");

/** The machine's Chromium (Debian's `chromium` package): never a downloaded browser. */
export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(", ")}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  // As root (CI containers) Chromium's sandbox cannot start; /dev/shm is small in containers.
  return chromium.launch({ executablePath: chromiumExecutable(), headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and Content-Security-Policy violations seen so far: a test expects none. */
  problems: string[];
}

/** A fresh browser profile (its own sessionStorage) whose page reports script errors and CSP violations. */
export async function watchedPage(browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { page, context, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Whether the page is wider than its viewport (a phone would have to scroll sideways). */
export const overflowsSideways = (page: Page) => page.evaluate<boolean>("document.documentElement.scrollWidth > window.innerWidth + 1");

/** What sticks out sideways beyond the viewport, to say why a page overflows. */
export const widerThanViewport = (page: Page) =>
  page.evaluate<string[]>(
    "[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 10)",
  );

/** Signs a customer in on the storefront, as they would: the sign-in form, then its greeting. */
export async function signInToShop(page: Page, account: { email: string; password: string }, name: string): Promise<void> {
  await page.goto("/shop#/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: `Signed in as ${name}` }).waitFor();
}

/** Signs the test setup's admin in on the dashboard. */
export async function signInToDashboard(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto("/admin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Alerts" }).waitFor();
}
