import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

/** The customer's card once this phone has its own key: the QR carries a code it signed (MD1). */
async function phoneSignedCode(customer: Page): Promise<string> {
  const qr = customer.getByTestId("member-qr");
  await qr.waitFor();
  await expect.poll(() => qr.getAttribute("data-token"), { timeout: 15_000 }).toMatch(/^MD1\./);
  return (await qr.getAttribute("data-token"))!;
}

describe("coupons at the register", () => {
  it("staff scan the linked member's card, use a coupon after one question, and undo it after another", async () => {
    const customer = await app.openAs("linked", "/card");
    const token = await phoneSignedCode(customer);

    const staff = await app.openAs("staff", "/staff");
    await staff.getByTestId("staff-scan-button").waitFor();
    await staff.evaluate((text) => window.__devLiff?.setNextScan(text), token);
    await staff.getByTestId("staff-scan-button").click();
    await staff.getByTestId("staff-member-panel").waitFor();

    // 山田 太郎's LINE-only ¥50 off is taken at 渋谷店, the staff member's store.
    const coupon = staff.locator('[data-testid="staff-coupon"][data-coupon-id="cpn_0001_line"]');
    await coupon.waitFor();
    expect(await coupon.getByTestId("staff-coupon-benefit").textContent()).toBe("¥50引き");
    await screenshot(staff, "staff-coupons");
    await expectNoAxeViolations(staff, "staff-coupons");

    await coupon.getByTestId("staff-coupon-use").click();
    const question = staff.getByTestId("staff-coupon-confirm");
    expect(await question.textContent()).toContain("『LINE会員限定 ドリンク50円引き』を使用します。よろしいですか？");
    await question.getByTestId("staff-coupon-confirm-send").click();
    const result = staff.getByTestId("staff-coupon-result");
    await expect.poll(() => result.textContent()).toBe("『LINE会員限定 ドリンク50円引き』を使用しました。");
    // Used up: it leaves the list of usable coupons.
    await expect.poll(() => coupon.count()).toBe(0);

    await staff.getByTestId("staff-coupon-void").click();
    const ask = staff.getByTestId("staff-coupon-void-ask");
    await ask.waitFor();
    expect(await ask.textContent()).toContain("の『LINE会員限定 ドリンク50円引き』の使用を取り消しますか？");
    await screenshot(staff, "staff-coupon-void-ask");
    await expectNoAxeViolations(staff, "staff-coupon-void-ask");
    await ask.getByTestId("staff-coupon-void-confirm").click();
    await expect.poll(() => result.textContent()).toBe("『LINE会員限定 ドリンク50円引き』の使用を取り消しました。");
    // Given back: usable again.
    await coupon.waitFor();

    await customer.context().close();
    await staff.context().close();
  });
});
