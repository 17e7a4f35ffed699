import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchChromium, screenshotDir, startDevServer } from "./harness.ts";

// ステップ配信 in the console, as the admin 高橋 美咲 uses it in a browser: create a scenario in
// the editor, see it listed as running, pause it, open its results. Desktop first, and usable at
// 375 and 320 px without sideways scrolling; axe-core on each state.

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

async function openAsAdmin(size: { width: number; height: number }, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    if (!localStorage.getItem("liff-app:dev-persona")) localStorage.setItem("liff-app:dev-persona", "admin");
  });
  await page.goto(`${server.url}${path}`);
  return page;
}

async function check(page: Page, name: string) {
  await expect.poll(() => page.locator('[data-testid*="skeleton"], [aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
  mkdirSync(`${screenshotDir}screens`, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}screens/console-scenarios-${name}.png`, fullPage: true });
  await expectNoAxeViolations(page, `console scenarios ${name}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

describe("/console/scenarios in a browser", () => {
  it("creates a scenario, lists it running, pauses it and shows its results", async () => {
    const page = await openAsAdmin({ width: 1280, height: 900 }, "/console/scenarios");
    await page.getByTestId("console-scenarios").waitFor({ timeout: 20_000 });
    await check(page, "list-desktop");

    await page.getByTestId("scenario-create").click();
    await page.getByTestId("scenario-editor").waitFor();
    await page.getByTestId("scenario-name").fill("友だち追加のお礼（ブラウザ）");
    await page.getByTestId("step-1-ja-title").fill("友だち追加ありがとうございます");
    await page.getByTestId("step-1-ja-body").fill("会員証はアプリからいつでも表示できます。");
    await page.getByTestId("scenario-add-step").click();
    await page.getByTestId("step-2-amount").fill("3");
    await page.getByTestId("step-2-at-time").fill("10:00");
    await page.getByTestId("step-2-ja-title").fill("クーポンのご案内");
    await page.getByTestId("step-2-ja-body").fill("ご来店をお待ちしています。");
    await page.getByTestId("step-2-screen").selectOption("/coupons");
    await check(page, "editor-desktop");
    await page.getByTestId("scenario-save").click();

    const row = page.getByTestId("scenario-row").filter({ hasText: "友だち追加のお礼（ブラウザ）" });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/配信中.*1通目 0件.*2通目 0件/);
    await row.getByRole("button", { name: "停止" }).click();
    await expect.poll(() => row.textContent()).toContain("停止中");
    await row.getByRole("button", { name: "結果を見る" }).click();
    const results = page.getByTestId("scenario-results");
    await results.waitFor();
    await expect.poll(() => results.textContent()).toContain("前のステップから3日後の10:00");
    await check(page, "results-desktop");

    for (const width of [375, 320]) {
      const phone = await openAsAdmin({ width, height: 700 }, "/console/scenarios");
      await phone.getByTestId("scenario-row").first().waitFor({ timeout: 20_000 });
      await check(phone, `list-${width}`);
      await phone.getByTestId("scenario-create").click();
      await phone.getByTestId("scenario-editor").waitFor();
      await check(phone, `editor-${width}`);
      await phone.context().close();
    }
    await page.context().close();
  });
});
