import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

async function setMerchantFault(page: Page, fault: object) {
  const response = await page.request.post(`${app.url}/__merchant/__dev/faults`, { data: fault });
  expect(response.ok()).toBe(true);
}

/** 山田 太郎's (mem_0001) visits as the sandbox merchant recorded them. */
async function merchantCheckIns(page: Page) {
  const response = await page.request.get(`${app.url}/__merchant/__dev/members/mem_0001/check-ins`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { checkIns: { checkInId: string; staffId: string }[] }).checkIns;
}

/** The customer's card once this phone has its own key: the QR carries a code it signed (MD1). */
async function phoneSignedCode(customer: Page): Promise<string> {
  const qr = customer.getByTestId("member-qr");
  await qr.waitFor();
  await expect.poll(() => qr.getAttribute("data-token"), { timeout: 15_000 }).toMatch(/^MD1\./);
  return (await qr.getAttribute("data-token"))!;
}

describe("the register while the store system is down", () => {
  it("identifies the member from the last known details, accepts a check-in for later, and lands it once when the merchant is back", async () => {
    // Up first: the customer opens the card (the BFF learns the member) and staff sign in.
    const customer = await app.openAs("linked", "/card");
    const token = await phoneSignedCode(customer);
    const staff = await app.openAs("staff", "/staff");
    await staff.getByTestId("staff-scan-button").waitFor();
    const before = (await merchantCheckIns(staff)).length;

    await setMerchantFault(staff, { mode: "server_error" });
    try {
      // The customer's card still shows, marked with the time of its details.
      await customer.reload();
      // The app's card, not the instant card drawn from memory before the app renders (which it replaces).
      const asOf = customer.getByTestId("card-screen").getByTestId("card-as-of");
      await asOf.waitFor();
      await expect.poll(() => asOf.textContent(), { timeout: 15_000 }).toMatch(/時点の情報$/);
      await asOf.scrollIntoViewIfNeeded();
      await screenshot(customer, "card-outage");
      await expectNoAxeViolations(customer, "card-outage");

      await staff.evaluate((text) => window.__devLiff?.setNextScan(text), token);
      await staff.getByTestId("staff-scan-button").click();
      const panel = staff.getByTestId("staff-member-panel");
      await panel.waitFor();
      expect(await panel.getByTestId("staff-member-name").textContent()).toBe("山田 太郎 様");
      expect(await panel.getByTestId("staff-member-snapshot").textContent()).toContain(
        "時点の会員情報（店舗システムに接続できません）",
      );
      // What needs the store system now waits, and says why; check-in and award stay available.
      const redeem = staff.getByTestId("staff-redeem-submit");
      expect(await redeem.getAttribute("aria-disabled")).toBe("true");
      expect(await staff.getByTestId("staff-redeem-unavailable").textContent()).toContain("ポイントの利用は復旧後にできます");
      expect(await staff.getByTestId("staff-coupons-unavailable").isVisible()).toBe(true);
      expect(await staff.getByTestId("staff-check-in-button").getAttribute("aria-disabled")).toBeNull();
      await screenshot(staff, "staff-outage-scan");
      await expectNoAxeViolations(staff, "staff-outage-scan");
      await staff.getByTestId("staff-redeem-form").scrollIntoViewIfNeeded();
      await screenshot(staff, "staff-outage-redeem");

      await staff.getByTestId("staff-check-in-button").click();
      const result = staff.getByTestId("staff-action-result");
      await result.waitFor();
      expect(await result.getAttribute("data-applied")).toBe("later");
      expect(await staff.getByTestId("staff-action-later").textContent()).toBe(
        "受け付けました。店舗システムの復旧後に反映されます。",
      );
      expect(await result.textContent()).not.toContain("チェックインしました");
      await screenshot(staff, "staff-outage-accepted");
      await expectNoAxeViolations(staff, "staff-outage-accepted");

      await staff.getByRole("button", { name: "English" }).click();
      await expect
        .poll(() => staff.getByTestId("staff-action-later").textContent())
        .toBe("Accepted. It will be applied when the store system is back.");
      expect(await staff.getByTestId("staff-redeem-unavailable").textContent()).toContain("points can be used once it is back");
      await screenshot(staff, "staff-outage-accepted-en");
      await expectNoAxeViolations(staff, "staff-outage-accepted-en");
      await staff.getByTestId("staff-redeem-form").scrollIntoViewIfNeeded();
      await screenshot(staff, "staff-outage-redeem-en");
      // Still down: nothing has reached the merchant (its dev data answers through the fault).
      expect(await merchantCheckIns(staff)).toHaveLength(before);
    } finally {
      await setMerchantFault(staff, { mode: "none" });
    }

    // Back: the queue applies the check-in under its key (after the backoff of the failed tries).
    await expect.poll(async () => (await merchantCheckIns(staff)).length, { timeout: 60_000, interval: 1000 }).toBe(before + 1);
    const landed = await merchantCheckIns(staff);
    expect(landed.at(-1)?.staffId).toBe("stf_001");
    // And only once: a while later there is still one.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(await merchantCheckIns(staff)).toHaveLength(before + 1);

    await customer.context().close();
    await staff.context().close();
  });
});
