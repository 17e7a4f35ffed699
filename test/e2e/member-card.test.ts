import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, countFramesWithoutCode, expectNoAxeViolations, framesWithoutCode, screenshot } from "./harness.ts";

const app = appUnderTest();

const pointsOf = async (page: Page) => Number((await page.getByTestId("points-balance").textContent())?.replace(/\D/g, ""));

/** Staff: LINE's scanner (the mock's scanCodeV2) reads `value`. */
async function scan(staff: Page, value: string) {
  await staff.evaluate((text) => window.__devLiff?.setNextScan(text), value);
  await staff.getByTestId("staff-scan-button").click();
}

/** The customer's card once this phone has its own key: the QR carries a code it signed (MD1). */
async function phoneSignedCode(customer: Page): Promise<string> {
  const qr = customer.getByTestId("member-qr");
  await qr.waitFor();
  await expect.poll(() => qr.getAttribute("data-token"), { timeout: 15_000 }).toMatch(/^MD1\./);
  return (await qr.getAttribute("data-token"))!;
}

/** Whether an element lies wholly inside the viewport, with no scrolling. */
async function inFirstScreen(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const viewport = page.viewportSize();
  return !!box && !!viewport && box.y >= 0 && box.y + box.height <= viewport.height;
}

describe("member card at the register", () => {
  it("staff scan the customer's QR, award points, and the customer's card shows the new balance by itself", async () => {
    const customer = await app.openAs("linked", "/card");
    const qr = customer.getByTestId("member-qr");
    const token = await phoneSignedCode(customer);
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
    // The used code is dimmed until the phone signs the next window's (at most 30 s).
    expect(await customer.getByTestId("card-code").getAttribute("data-state")).toBe("used");
    await expect.poll(() => qr.getAttribute("data-token"), { timeout: 35_000 }).not.toBe(token);
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

  it("keeps making codes offline, and staff accept a code made offline once the phone is back", async () => {
    const customer = await app.openAs("linked", "/card");
    const first = await phoneSignedCode(customer);
    await customer.context().setOffline(true);
    const qr = customer.getByTestId("member-qr");
    // A new window's code, signed with no network at all.
    await expect.poll(() => qr.getAttribute("data-token"), { timeout: 35_000 }).not.toBe(first);
    const madeOffline = (await qr.getAttribute("data-token"))!;
    expect(await customer.getByTestId("card-code-freshness").textContent()).toMatch(/\d+秒後に新しいコードに変わります/);
    expect(await customer.getByTestId("member-name").textContent()).toContain("山田 太郎");
    await screenshot(customer, "card-offline");
    await customer.context().setOffline(false);

    const staff = await app.openAs("staff", "/staff");
    await staff.getByTestId("staff-scan-button").waitFor();
    await scan(staff, madeOffline);
    await staff.getByTestId("staff-member-panel").waitFor();
    expect(await staff.getByTestId("staff-member-name").textContent()).toContain("山田 太郎");
    await customer.context().close();
    await staff.context().close();
  }, 60_000);

  it("shows the phone's own code from memory at once on the next open, before the app is up", async () => {
    const customer = await app.openAs("linked", "/card");
    await phoneSignedCode(customer);
    await customer.reload();
    const first = await customer.waitForFunction(() => {
      const qr = document.querySelector("[data-testid=member-qr]");
      if (!qr) return null;
      const { x, y, width, height } = qr.getBoundingClientRect();
      return {
        instant: !!document.querySelector("[data-testid=instant-card]"),
        token: qr.getAttribute("data-token"),
        box: { x, y, width, height },
      };
    });
    const shown = (await first.jsonValue())!;
    expect(shown.instant).toBe(true);
    expect(shown.token).toMatch(/^MD1\./);
    expect(await customer.getByTestId("card-identity").textContent()).toContain("山田 太郎");
    await screenshot(customer, "card-instant");
    await expectNoAxeViolations(customer, "card-instant");
    // The app takes over without moving the code (staff may be scanning it at that moment).
    const before = shown.box;
    await customer.getByTestId("card-screen").getByTestId("member-qr").waitFor();
    expect(await customer.getByTestId("card-screen").getByTestId("member-qr").boundingBox()).toEqual(before);
    await customer.context().close();
  });

  it("never leaves the screen without a code on a first open, from the BFF's code to the phone's own", async () => {
    // Signed in, assets cached, but no card key yet: the first /card open draws the BFF's code,
    // the app takes it over, makes the phone's key, then shows the phone's own code.
    const customer = await app.openAs("linked", "/settings");
    await customer.getByTestId("app-header-brand").waitFor();
    await countFramesWithoutCode(customer);
    await customer.goto(`${app.url}/card`);
    await phoneSignedCode(customer);
    expect(await framesWithoutCode(customer)).toBe(0);
    await customer.context().close();
  });

  it("gives a customer not linked yet who opens the card first the way to link, not a card", async () => {
    // A first open on /card loads the app only once the early card request has its answer: a
    // refusal (not linked) must still bring the app up.
    const customer = await app.openAs("unlinked", "/card");
    await customer.getByTestId("card-unlinked").waitFor();
    expect(await customer.getByTestId("member-qr").count()).toBe(0);
    await expectNoAxeViolations(customer, "card-unlinked");
    await customer.context().close();
  });

  it("shows the member's name and number without scrolling at 375×667 and 320×568", async () => {
    const customer = await app.openAs("linked", "/card");
    await phoneSignedCode(customer);
    expect(await inFirstScreen(customer, "card-identity")).toBe(true);
    await customer.setViewportSize({ width: 320, height: 568 });
    expect(await inFirstScreen(customer, "card-identity")).toBe(true);
    await screenshot(customer, "card-320");
    await expectNoAxeViolations(customer, "card-320");
    await customer.context().close();
  });

  it("shows a customer who opens the staff screen nothing but a neutral page", async () => {
    const customer = await app.openAs("linked", "/staff");
    await customer.getByTestId("page-unavailable").waitFor();
    await expectNoAxeViolations(customer, "staff-unavailable");
    expect(await customer.getByTestId("staff-scan-button").count()).toBe(0);
    await customer.context().close();
  });
});
