import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

/** Per-user rich menus on the fake LINE platform. */
async function richMenusByUser(page: Page): Promise<Record<string, string>> {
  const response = await page.request.get(`${app.url}/__fake-line/__dev/richmenus`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as Record<string, string>;
}

/** The rich menu the "linked" alias points at, once the menus are set up on the fake. */
async function linkedMenuId(page: Page): Promise<string | null> {
  const response = await page.request.get(`${app.url}/__fake-line/__dev/richmenus/view`);
  if (!response.ok()) return null;
  const view = (await response.json()) as { menus?: { richMenuId: string; aliases: string[] }[] };
  return view.menus?.find((menu) => menu.aliases.includes("linked"))?.richMenuId ?? null;
}

describe("Linking a membership on a phone, in mock mode on the local fakes", () => {
  it("links 佐藤 花子 with her member number and PIN after a wrong PIN, then unlinks from settings", async () => {
    const page = await app.openAs("unlinked");
    const hanako = await app.lineUserIdOf(page, "unlinked");
    // `npm run dev` applies the rich menus to the fake LINE platform as it starts.
    await expect.poll(() => linkedMenuId(page), { timeout: 30_000 }).not.toBeNull();
    const menuForLinked = await linkedMenuId(page);

    await page.getByTestId("link-start-button").waitFor();
    expect(await page.getByTestId("link-status").getAttribute("data-link-status")).toBe("unlinked");
    await screenshot(page, "linking-home-unlinked");
    await expectNoAxeViolations(page, "linking-home-unlinked");

    await page.getByTestId("link-start-button").click();
    await page.getByTestId("link-form").waitFor();
    expect(new URL(page.url()).pathname).toBe("/link");
    expect(await page.getByTestId("link-form").getAttribute("data-second-factor")).toBe("pin");
    await screenshot(page, "link-form");
    await expectNoAxeViolations(page, "link-form");

    // A wrong PIN: a clear message, the number kept, the PIN cleared.
    await page.getByTestId("member-number-input").fill("1000-0002");
    await page.getByTestId("pin-input").fill("0000");
    await page.getByTestId("link-submit").click();
    const error = page.getByTestId("link-error");
    await error.waitFor();
    expect(await error.getAttribute("data-error-code")).toBe("invalid_credentials");
    expect(await error.textContent()).toContain("会員番号または暗証番号が正しくありません");
    expect(await page.getByTestId("member-number-input").inputValue()).toBe("1000-0002");
    expect(await page.getByTestId("pin-input").inputValue()).toBe("");
    await screenshot(page, "link-wrong-pin");
    await expectNoAxeViolations(page, "link-wrong-pin");

    await page.getByTestId("pin-input").fill("1234");
    await page.getByTestId("link-submit").click();
    await page.waitForURL((url) => url.pathname === "/card");
    const notice = page.getByTestId("flash-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("会員連携が完了しました");
    expect(await page.getByTestId("member-name").textContent()).toContain("佐藤 花子");
    expect(await page.getByTestId("member-number").textContent()).toBe("1000-0002");
    expect(await page.getByTestId("points-balance").textContent()).toBe("350 pt");
    await screenshot(page, "card-after-link");
    await expectNoAxeViolations(page, "card-after-link");

    // The chat's menu switches to the members' one through the delivery queue; the card says
    // "switching" until LINE has confirmed it, then that it switched.
    const menuStatus = page.getByTestId("rich-menu-status");
    await expect.poll(() => menuStatus.getAttribute("data-state"), { timeout: 15_000 }).toBe("applied");
    expect(await menuStatus.textContent()).toContain("会員用に切り替わりました");
    expect((await richMenusByUser(page))[hanako]).toBe(menuForLinked);

    await page.getByTestId("card-settings-link").click();
    await page.waitForURL((url) => url.pathname === "/settings");
    expect(await page.getByTestId("settings-member-number").textContent()).toBe("1000-0002");
    expect(await page.getByTestId("settings-member-name").textContent()).toBe("佐藤 花子");
    await expectNoAxeViolations(page, "settings");

    await page.getByTestId("unlink-button").click();
    const dialog = page.getByTestId("unlink-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("通常のメニューに戻ります");
    await screenshot(page, "unlink-dialog");
    await expectNoAxeViolations(page, "unlink-dialog");

    // Cancel first: nothing changes.
    await page.getByTestId("unlink-cancel").click();
    await dialog.waitFor({ state: "hidden" });
    expect(await page.getByTestId("settings-member-number").textContent()).toBe("1000-0002");

    await page.getByTestId("unlink-button").click();
    await page.getByTestId("unlink-confirm").click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByTestId("flash-notice").waitFor();
    expect(await page.getByTestId("flash-notice").textContent()).toContain("会員連携を解除しました");
    expect(await page.getByTestId("link-status").getAttribute("data-link-status")).toBe("unlinked");
    expect(await page.getByTestId("link-start-button").isVisible()).toBe(true);
    await screenshot(page, "home-after-unlink");

    await expect.poll(() => page.getByTestId("rich-menu-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("applied");
    expect((await richMenusByUser(page))[hanako]).toBeUndefined();

    // The unlink happened at the merchant too: a fresh load still shows her unlinked.
    await page.reload();
    await page.getByTestId("link-start-button").waitFor();
    expect(await page.getByTestId("link-status").getAttribute("data-link-status")).toBe("unlinked");
    await page.context().close();
  });

  it("tells a linked member opening /link that the account is already linked", async () => {
    const page = await app.openAs("linked", "/link");
    const panel = page.getByTestId("already-linked");
    await panel.waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("すでに会員連携済みです");
    expect(await panel.textContent()).toContain("1000-0001");
    expect(await page.getByTestId("link-form").count()).toBe(0);
    await screenshot(page, "link-already-linked");
    await expectNoAxeViolations(page, "link-already-linked");

    await page.getByTestId("already-linked-card").click();
    await page.waitForURL((url) => url.pathname === "/card");
    expect(await page.getByTestId("points-balance").textContent()).toBe("1,280 pt");
    await page.context().close();
  });

  it("lets a customer with no membership reach registration from home", async () => {
    const page = await app.openAs("staff");
    await page.getByTestId("register-start-button").click();
    await page.getByTestId("register-form").waitFor();
    // LINE granted only openid (consent simplification): no name to prefill until the customer
    // allows the profile on LINE's permission screen (the mock's confirm dialog stands in for it).
    expect(await page.getByTestId("register-name-input").inputValue()).toBe("");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "LINEの名前を入力" }).click();
    await expect.poll(() => page.getByTestId("register-name-input").inputValue()).toBe("鈴木 一郎");
    expect(await page.getByTestId("register-marketing").isChecked()).toBe(false);
    await screenshot(page, "register-form");
    await expectNoAxeViolations(page, "register-form");
    await page.context().close();
  });
});
