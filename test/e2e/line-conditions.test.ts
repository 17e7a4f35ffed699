import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

describe("real LINE conditions, in mock mode on the local fakes", () => {
  it("starts with only openid granted, and shows the LINE name and picture once the user allows the profile", async () => {
    const page = await app.openAs("linked");
    const title = page.getByRole("heading", { level: 1 });
    await page.getByTestId("points-balance").waitFor();
    // The fake LINE platform minted the token without name or picture, as LINE does under
    // consent simplification; the BFF verified it like any other.
    expect(await title.textContent()).toBe("こんにちは");
    await screenshot(page, "home-openid-only");
    await expectNoAxeViolations(page, "home-openid-only");

    // LINE's permission screen (the browser's dialog stands in for it in the mock): allow.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "LINEのプロフィール画像を表示する" }).click();
    await expect.poll(() => title.textContent()).toBe("山田 太郎さん、こんにちは");
    expect(await page.getByTestId("profile-avatar-ask").count()).toBe(0);

    // LINE remembers the grant: the next boot's token carries the name from the start.
    await page.reload();
    await expect.poll(() => title.textContent()).toBe("山田 太郎さん、こんにちは");
    await page.context().close();
  });

  it("outside the LINE app says which features need LINE and links the same screen in LINE", async () => {
    const page = await app.openAs("staff", "/staff");
    await page.evaluate(() => localStorage.setItem("liff-app:dev-outside-line", "true"));
    await page.reload();
    const notice = page.getByTestId("outside-line-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toContain("QRコードの読み取り");
    expect(await page.getByRole("link", { name: "LINEで開く" }).getAttribute("href")).toMatch(
      /^https:\/\/liff\.line\.me\/[^/]+\/staff$/,
    );
    await screenshot(page, "staff-outside-line");
    await expectNoAxeViolations(page, "staff-outside-line");
    await page.context().close();
  });
});
