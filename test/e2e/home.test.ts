import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

async function setMerchantFault(page: Page, fault: object) {
  const response = await page.request.post(`${app.url}/__merchant/__dev/faults`, { data: fault });
  expect(response.ok()).toBe(true);
}

describe("the LIFF app on a phone, in mock mode on the local fakes", () => {
  it("shows a linked member their name, rank, member number and points", async () => {
    const page = await app.openAs("linked");
    await expect.poll(() => page.getByTestId("points-balance").textContent()).toBe("1,280 pt");
    expect(await page.getByTestId("member-number").textContent()).toContain("1000-0001");
    expect(await page.getByTestId("member-rank").textContent()).toContain("ゴールド");
    expect(await page.getByTestId("link-status").getAttribute("data-link-status")).toBe("linked");
    // LINE grants only openid up front (consent simplification): the greeting may have no name.
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("こんにちは");
    // What matters now: the latest order by its number and status; gold is the top rank, so no progress.
    const latestOrder = page.getByTestId("latest-order");
    await latestOrder.waitFor();
    expect(await latestOrder.textContent()).toMatch(/注文番号 \d{4}-\d{4}/);
    expect(await latestOrder.textContent()).not.toContain("ord_");
    await page.getByTestId("next-reservation").waitFor();
    expect(await page.getByTestId("rank-progress").count()).toBe(0);
    await screenshot(page, "home-linked");
    await expectNoAxeViolations(page, "home-linked");
    await page.context().close();
  });

  it("switches personas with the dev switcher, and the BFF answers for the new one", async () => {
    const page = await app.openAs("linked");
    await page.getByTestId("points-balance").waitFor();
    await page.getByRole("button", { name: /開発用ペルソナ/ }).click();
    await screenshot(page, "persona-switcher");
    await page.getByTestId("persona-option-unlinked").click();
    await page.getByTestId("link-benefits").waitFor();
    expect(await page.getByTestId("link-status").getAttribute("data-link-status")).toBe("unlinked");
    expect(await page.getByTestId("points-balance").count()).toBe(0);
    await screenshot(page, "home-unlinked");
    await expectNoAxeViolations(page, "home-unlinked");

    await page.getByRole("button", { name: /開発用ペルソナ/ }).click();
    await page.getByTestId("persona-option-staff").click();
    await page.getByTestId("staff-panel").waitFor();
    expect(await page.getByTestId("staff-panel").textContent()).toContain("渋谷店");
    // The staff entry comes first on home, above the link status.
    const staffTop = await page.getByTestId("staff-panel").boundingBox();
    const statusTop = await page.getByTestId("link-status").boundingBox();
    expect(staffTop!.y).toBeLessThan(statusTop!.y);
    await screenshot(page, "home-staff");
    await expectNoAxeViolations(page, "home-staff");
    await page.context().close();
  });

  it("switches to English and back", async () => {
    const page = await app.openAs("linked");
    await page.getByTestId("points-balance").waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("link-status").textContent()).toContain("Membership linked");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByTestId("latest-order").waitFor();
    expect(await page.getByTestId("latest-order").textContent()).toContain("Your latest order");
    await screenshot(page, "home-linked-en");
    await expectNoAxeViolations(page, "home-linked-en");
    await page.getByRole("button", { name: "日本語" }).click();
    await expect.poll(() => page.getByTestId("link-status").textContent()).toContain("会員連携済み");
    await page.context().close();
  });

  it("reads as accessible in English on orders, points and reservations", async () => {
    const page = await app.openAs("linked");
    await page.getByTestId("points-balance").waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("link-status").textContent()).toContain("Membership linked");
    await page.getByTestId("orders-link").click();
    await page.getByTestId("order-row").first().waitFor();
    await expectNoAxeViolations(page, "orders-list-en");
    await page.goBack();
    await page.getByTestId("points-link").click();
    await page.getByTestId("point-history-entry").first().waitFor();
    await expectNoAxeViolations(page, "points-en");
    await page.goBack();
    await page.getByTestId("reservations-link").click();
    await page.getByTestId("reservations-screen").waitFor();
    await page.getByTestId("reservation-new-link").click();
    await page.getByTestId("store-option").first().waitFor();
    await expectNoAxeViolations(page, "reservation-stores-en");
    await page.context().close();
  });

  it("lands a liff.state deep link on its route", async () => {
    const page = await app.openAs("linked", `/?liff.state=${encodeURIComponent("/no-such-screen")}`);
    await page.getByRole("heading", { name: "ページが見つかりません" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/no-such-screen");
    await page.getByRole("link", { name: "ホームへ戻る" }).click();
    await page.getByTestId("points-balance").waitFor();
    await page.context().close();
  });

  it("shows a retry when the merchant is down, and recovers on retry", async () => {
    const page = await app.openAs("linked");
    await page.getByTestId("points-balance").waitFor();
    await setMerchantFault(page, { mode: "server_error" });
    try {
      await page.reload();
      await page.getByTestId("retry-button").waitFor();
      await screenshot(page, "home-merchant-down");
      await expectNoAxeViolations(page, "home-merchant-down");
    } finally {
      await setMerchantFault(page, { mode: "none" });
    }
    await page.getByTestId("retry-button").click();
    await expect.poll(() => page.getByTestId("points-balance").textContent()).toBe("1,280 pt");
    await page.context().close();
  });
});
