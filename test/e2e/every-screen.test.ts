import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchChromium, screenshotDir, startDevServer, type PersonaKey } from "./harness.ts";

/**
 * Every screen a customer or staff member can reach, on the two phone sizes the project checks
 * (375×667, and 320×568 for the smallest iPhone SE still in use) in Japanese and English: a
 * full-page screenshot under test-results/screens/ for a person to look at, axe-core on each, and
 * no sideways scrolling (a label or a number wider than the phone is a layout bug a customer sees).
 */

const sizes = [
  { width: 375, height: 667 },
  { width: 320, height: 568 },
] as const;
const languages = [
  { code: "ja", locale: "ja-JP" },
  { code: "en", locale: "en-US" },
] as const;

let server: Awaited<ReturnType<typeof startDevServer>>;
let browser: Browser;
beforeAll(async () => {
  server = await startDevServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(persona: PersonaKey, locale: string, size: { width: number; height: number }, path: string) {
  const context = await browser.newContext({
    viewport: size,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: "Asia/Tokyo",
  });
  const page = await context.newPage();
  await page.addInitScript((key) => {
    if (!localStorage.getItem("liff-app:dev-persona")) localStorage.setItem("liff-app:dev-persona", key);
  }, persona);
  await page.goto(`${server.url}${path}`);
  return page;
}

/** A screen is ready when its heading is there and no skeleton is left. */
async function settled(page: Page) {
  await page.locator("h1").first().waitFor();
  await expect.poll(() => page.locator('[data-testid*="skeleton"], [aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
  await page.evaluate(() => document.fonts.ready);
}

async function check(page: Page, name: string) {
  await settled(page);
  mkdirSync(`${screenshotDir}screens`, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}screens/${name}.png`, fullPage: true });
  await expectNoAxeViolations(page, name);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

/** Ids of the linked persona's newest order and next reservation, read off the list screens. */
async function firstIds(page: Page) {
  await page.goto(`${server.url}/orders`);
  const orderRow = page.getByTestId("order-row").first();
  await orderRow.waitFor();
  const orderId = await orderRow.getAttribute("data-order-id");
  await page.goto(`${server.url}/reservations`);
  await page.getByTestId("reservations-screen").waitFor();
  await settled(page);
  const reservationRow = page.getByTestId("reservation-row").first();
  const reservationId = (await reservationRow.count()) ? await reservationRow.getAttribute("data-reservation-id") : null;
  return { orderId, reservationId };
}

describe("every screen at 375 and 320 px, in Japanese and English", () => {
  for (const language of languages) {
    for (const size of sizes) {
      const tag = `${language.code}-${size.width}`;
      it(`${tag}: a linked member's screens`, async () => {
        const page = await open("linked", language.locale, size, "/");
        // A phone set to English opens the app in English, one set to Japanese in Japanese.
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
        await check(page, `${tag}-home`);
        const { orderId, reservationId } = await firstIds(page);
        const paths: [string, string][] = [
          ["card", "/card"],
          ["points", "/points"],
          ["coupons", "/coupons"],
          ["orders", "/orders"],
          ["reservations", "/reservations"],
          ["reservation-new", "/reservations/new"],
          ["settings", "/settings"],
          ["not-found", "/no-such-screen"],
        ];
        if (orderId) paths.push(["order-detail", `/orders/${orderId}`], ["reorder", `/orders/${orderId}/reorder`]);
        if (reservationId) paths.push(["reservation-detail", `/reservations/${reservationId}`]);
        for (const [name, path] of paths) {
          await page.goto(`${server.url}${path}`);
          await check(page, `${tag}-${name}`);
        }
        await page.context().close();
      });

      it(`${tag}: a customer who has not linked yet`, async () => {
        const page = await open("unlinked", language.locale, size, "/");
        // A phone set to English opens the app in English, one set to Japanese in Japanese.
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
        await check(page, `${tag}-home-unlinked`);
        for (const [name, path] of [
          ["link", "/link"],
          ["register", "/link/register"],
          ["reservation-new-unlinked", "/reservations/new"],
        ]) {
          await page.goto(`${server.url}${path}`);
          await check(page, `${tag}-${name}`);
        }
        await page.context().close();
      });

      it(`${tag}: store staff`, async () => {
        const page = await open("staff", language.locale, size, "/");
        // A phone set to English opens the app in English, one set to Japanese in Japanese.
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
        await check(page, `${tag}-home-staff`);
        await page.goto(`${server.url}/staff`);
        await page.getByTestId("staff-scan-button").waitFor();
        await check(page, `${tag}-staff-desk`);
        await page.context().close();
      });

      it(`${tag}: the merchant's admin and the console`, async () => {
        const page = await open("admin", language.locale, size, "/");
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
        await check(page, `${tag}-home-admin`);
        await consoleScreens(page, tag);
        await page.context().close();
      });
    }
  }
});

/** The console's areas this walk covers, each checked once it has loaded. */
async function consoleScreens(page: Page, tag: string) {
  for (const [name, path, ready] of [
    ["console-dashboard", "/console/dashboard", "dashboard-totals"],
    ["console-rich-menus", "/console/rich-menus", "rich-menus-plan"],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page.getByTestId(ready).waitFor();
    await check(page, `${tag}-${name}`);
  }
}

describe("the console on a desktop (1280 px), in Japanese and English", () => {
  for (const language of languages) {
    it(`${language.code}-1280: the merchant's admin and the console`, async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: language.locale,
        timezoneId: "Asia/Tokyo",
      });
      const page = await context.newPage();
      await page.addInitScript(() => localStorage.setItem("liff-app:dev-persona", "admin"));
      await page.goto(`${server.url}/console`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language.code);
      await consoleScreens(page, `${language.code}-1280`);
      await context.close();
    });
  }
});
