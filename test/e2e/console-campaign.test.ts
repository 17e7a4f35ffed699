import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

interface RecordedCall {
  path: string;
  delivered: boolean;
  body: { to?: string | string[]; messages?: { altText?: string }[] } | null;
}

describe("console campaigns in a desktop browser, in mock mode on the local fakes", () => {
  it("composes a campaign as the admin, previews it, tests it, sends it, and it reaches LINE", async () => {
    const page = await app.openAs("admin", "/");
    const linked = await app.lineUserIdOf(page, "linked");
    const admin = await app.lineUserIdOf(page, "admin");
    const title = `冬の新作 ${Date.now().toString(36)}`;
    const callsWithTitle = async () => {
      const response = await page.request.get(`${app.url}/__fake-line/__dev/calls`);
      const { calls } = (await response.json()) as { calls: RecordedCall[] };
      return calls.filter((call) => call.delivered && call.body?.messages?.[0]?.altText === title);
    };

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.url}/console/campaigns`);
    await page.getByTestId("console-campaigns").waitFor();
    await expectNoAxeViolations(page, "console-campaigns");

    await page.getByRole("link", { name: "新しい配信をつくる" }).click();
    const compose = page.getByTestId("campaign-compose");
    await compose.waitFor();
    await compose.getByLabel(/配信の名前/).fill("冬の新作のお知らせ");
    await compose.getByLabel("見出し").fill(title);
    await compose.getByLabel("本文").fill("ほうじ茶ラテが始まりました。\n今週末は10%オフです。");
    await compose.getByLabel("ボタンで開く画面").selectOption("/");
    const preview = page.getByTestId("campaign-preview");
    await expect.poll(() => preview.textContent()).toContain(title);
    expect(await preview.textContent()).toContain("アプリを開く");
    await compose.getByRole("button", { name: "下書きを保存" }).click();
    await page.waitForURL(/\/console\/campaigns\/cmp_[0-9a-f]{20}$/);
    await page.getByText("下書きを保存しました。").waitFor();
    await screenshot(page, "console-campaign-compose");
    await expectNoAxeViolations(page, "console-campaign-compose");

    // A test to the admin's own LINE: on its way first, then LINE has it.
    await page.getByRole("button", { name: "テスト送信" }).click();
    await expect.poll(() => page.getByTestId("campaign-test-notice").textContent()).toMatch(/まだ届いてはいません/);
    await expect.poll(async () => (await callsWithTitle()).map((call) => call.body?.to), { timeout: 20_000 }).toEqual([admin]);

    await page.getByRole("button", { name: "今すぐ送信" }).click();
    const dialog = page.getByRole("dialog", { name: "送信内容の確認" });
    await expect
      .poll(() => dialog.getByTestId("campaign-confirm-summary").textContent(), { timeout: 15_000 })
      .toMatch(/^\d+人に今すぐ送信します。メッセージを\d+通使います。$/);
    await expectNoAxeViolations(page, "console-campaign-confirm");
    await dialog.getByRole("button", { name: /人に送信する$/ }).click();
    await page.getByTestId("campaign-results").waitFor();

    // The linked member gets it once, as a multicast.
    await expect
      .poll(
        async () =>
          (await callsWithTitle())
            .filter((call) => call.path.endsWith("/multicast"))
            .flatMap((call) => (Array.isArray(call.body?.to) ? call.body.to : []))
            .filter((id) => id === linked).length,
        { timeout: 30_000 },
      )
      .toBe(1);
    await expect.poll(() => page.getByTestId("campaign-status").textContent(), { timeout: 20_000 }).toMatch(/に送信$/);
    await expect
      .poll(() => page.getByTestId("campaign-results-numbers").textContent(), { timeout: 20_000 })
      .toMatch(/配信済み（LINEが受け付けた数）[1-9]/);
    await screenshot(page, "console-campaign-results");
    await expectNoAxeViolations(page, "console-campaign-results");

    // Also usable on a narrow phone: nothing scrolls the page sideways.
    await page.setViewportSize({ width: 320, height: 700 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "console-campaign-320");
  });
});
