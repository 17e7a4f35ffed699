import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

const pointsOf = async (page: Page) => Number((await page.getByTestId("points-balance").textContent())?.replace(/\D/g, ""));

/** Staff: LINE's scanner (the mock's scanCodeV2) reads `value`. */
async function scan(staff: Page, value: string) {
  await staff.evaluate((text) => window.__devLiff?.setNextScan(text), value);
  await staff.getByTestId("staff-scan-button").click();
}

describe("member card at the register", () => {
  it("staff scan the customer's QR, award points, and the customer's card shows the new balance by itself", async () => {
    const customer = await app.openAs("linked", "/card");
    const qr = customer.getByTestId("member-qr");
    await qr.waitFor();
    const token = await qr.getAttribute("data-token");
    expect(token).toMatch(/^MC1\./);
    const before = await pointsOf(customer);
    await screenshot(customer, "card-qr");
    await expectNoAxeViolations(customer, "card-qr");

    const staff = await app.openAs("staff", "/staff");
    await staff.getByTestId("staff-scan-button").waitFor();
    await expectNoAxeViolations(staff, "staff-scan");
    await scan(staff, token!);
    await staff.getByTestId("staff-member-panel").waitFor();
    expect(await staff.getByTestId("staff-member-name").textContent()).toContain("山田 太郎");
    await staff.getByTestId("staff-award-amount").fill("1200");
    await staff.getByTestId("staff-award-submit").click();
    await staff.getByTestId("staff-confirm-send").click();
    const result = staff.getByTestId("staff-action-result");
    await result.waitFor();
    expect(await result.getAttribute("data-kind")).toBe("award");
    await screenshot(staff, "staff-after-award");
    await expectNoAxeViolations(staff, "staff-after-award");

    // The customer did nothing: the card learns of the scan and shows the new balance.
    await customer.getByTestId("card-activity").waitFor({ timeout: 15_000 });
    await expect.poll(() => pointsOf(customer), { timeout: 15_000 }).toBeGreaterThan(before);
    // The used code was replaced by a fresh one.
    await expect.poll(() => qr.getAttribute("data-token")).not.toBe(token);
    await screenshot(customer, "card-after-award");
    await expectNoAxeViolations(customer, "card-after-award");

    // The same code again is a replay.
    await staff.getByTestId("staff-next-customer").click();
    await scan(staff, token!);
    const refusal = staff.getByTestId("staff-scan-error");
    await refusal.waitFor();
    expect(await refusal.getAttribute("data-error-code")).toBe("card_used");
    await screenshot(staff, "staff-replay-refused");
    await customer.context().close();
    await staff.context().close();
  });

  it("shows a customer who opens the staff screen nothing but a neutral page", async () => {
    const customer = await app.openAs("linked", "/staff");
    await customer.getByTestId("page-unavailable").waitFor();
    await expectNoAxeViolations(customer, "staff-unavailable");
    expect(await customer.getByTestId("staff-scan-button").count()).toBe(0);
    await customer.context().close();
  });
});
