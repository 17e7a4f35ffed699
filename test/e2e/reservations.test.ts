import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

describe("reservations on a phone, in mock mode on the local fakes", () => {
  it("books a free slot at 渋谷店, finds it under upcoming, cancels it, and LINE gets both messages", async () => {
    const page = await app.openAs("linked", "/");
    const taro = await app.lineUserIdOf(page, "linked");
    const pushesBefore = (await app.pushesTo(page, taro)).length;

    await page.getByTestId("reservations-link").click();
    await page.getByTestId("reservations-screen").waitFor();
    await expectNoAxeViolations(page, "reservations");
    await page.getByTestId("reservation-new-link").click();

    const stores = page.getByTestId("store-option");
    await stores.first().waitFor();
    await screenshot(page, "reservation-stores");
    await expectNoAxeViolations(page, "reservation-stores");
    // 渋谷店 has one service: the next step is the date.
    await page.locator('[data-testid="store-option"][data-store-id="store_shibuya"]').click();
    await page.getByTestId("step-when").waitFor();

    // Four days ahead: well inside the booking horizon, well outside the cancellation window.
    await page.getByTestId("date-option").nth(4).click();
    const free = page.locator('[data-testid="slot-option"]:not([data-remaining="0"])');
    await free.first().waitFor();
    const startsAt = await free.first().getAttribute("data-starts-at");
    await free.first().click();
    await screenshot(page, "reservation-slots");
    await expectNoAxeViolations(page, "reservation-slots");
    await page.getByTestId("step-next").click();
    await page.getByTestId("reservation-note").fill("窓際の席を希望します");
    await page.getByTestId("step-next").click();
    await page.getByTestId("book-summary").waitFor();
    await screenshot(page, "reservation-confirm");
    await expectNoAxeViolations(page, "reservation-confirm");
    await page.getByTestId("book-submit").click();

    await page.getByTestId("reservation-outcome").waitFor();
    // The customer sees the merchant's number; the id stays in the URL.
    expect(await page.getByTestId("reservation-number").textContent()).toMatch(/^R-\d+$/);
    const reservationId = /\/reservations\/([^/?#]+)/.exec(page.url())?.[1];
    expect(reservationId).toBeTruthy();
    expect(await page.getByTestId("reservation-status").getAttribute("data-status")).toBe("confirmed");
    await screenshot(page, "reservation-booked");
    await expectNoAxeViolations(page, "reservation-booked");

    // The store is one tap away: its phone from the brand config, with its address and map.
    const storeContact = page.getByTestId("store-contact");
    expect(await storeContact.getByTestId("store-phone").getAttribute("href")).toBe("tel:0312345601");
    expect(await storeContact.textContent()).toContain("東京都渋谷区神南1-2-3");

    await page.getByTestId("reservation-back-link").click();
    const upcomingRow = page.locator(`[data-testid="reservations-upcoming"] [data-reservation-id="${reservationId}"]`);
    await upcomingRow.waitFor();
    expect(await upcomingRow.locator("time").getAttribute("datetime")).toBe(startsAt);

    await upcomingRow.click();
    await page.getByTestId("reservation-cancel").waitFor();
    await expectNoAxeViolations(page, "reservation-detail");
    await page.getByTestId("reservation-cancel").click();
    await page.getByTestId("reservation-cancel-confirm").click();
    await page.getByTestId("reservation-outcome").waitFor();
    expect(await page.getByTestId("reservation-outcome").getAttribute("data-outcome")).toBe("cancelled");
    expect(await page.getByTestId("reservation-status").getAttribute("data-status")).toBe("cancelled");
    await screenshot(page, "reservation-cancelled");
    await expectNoAxeViolations(page, "reservation-cancelled");

    // Cancelled, it leaves 「これからの予約」 for the past and cancelled list.
    await page.getByTestId("reservation-back-link").click();
    await page.locator(`[data-testid="reservations-past"] [data-reservation-id="${reservationId}"]`).waitFor();
    expect(await page.locator(`[data-testid="reservations-upcoming"] [data-reservation-id="${reservationId}"]`).count()).toBe(0);

    await expect.poll(async () => (await app.pushesTo(page, taro)).length, { timeout: 15_000 }).toBe(pushesBefore + 2);
    const [confirmation, cancellation] = (await app.pushesTo(page, taro)).slice(pushesBefore);
    expect(confirmation.body.messages?.[0]?.altText).toContain("ご予約を承りました");
    expect(confirmation.body.messages?.[0]?.altText).toContain("渋谷店");
    expect(cancellation.body.messages?.[0]?.altText).toContain("ご予約をキャンセルしました");
    await page.context().close();
  });

  it("says before confirming that a slot inside the change window can't be changed, with the store's phone", async () => {
    const page = await app.openAs("linked", "/reservations/new");
    await page.locator('[data-testid="store-option"][data-store-id="store_shibuya"]').click();
    await page.getByTestId("step-when").waitFor();
    // Today or tomorrow (Japan time), the first free slot is less than 24 hours away.
    let inside = page.locator('[data-testid="slot-option"]:not([data-remaining="0"]) input:not(:disabled)');
    await page.getByTestId("slots-skeleton").waitFor({ state: "detached" });
    if ((await inside.count()) === 0) {
      await page.getByTestId("date-option").nth(1).click();
      inside = page.locator('[data-testid="slot-option"]:not([data-remaining="0"]) input:not(:disabled)');
      await inside.first().waitFor();
    }
    await inside.first().check({ force: true });
    expect(await page.getByTestId("slot-inside-window").textContent()).toContain(
      "予約後の変更・キャンセルはアプリからできません",
    );
    await page.getByTestId("step-next").click();
    await page.getByTestId("party-size-hint").waitFor();
    await page.getByTestId("step-next").click();
    const notice = page.getByTestId("book-final-notice");
    await notice.waitFor();
    expect(await notice.getByTestId("store-phone").getAttribute("href")).toBe("tel:0312345601");
    await screenshot(page, "reservation-confirm-final");
    await expectNoAxeViolations(page, "reservation-confirm-final");
    await page.context().close();
  });

  it("tells an unlinked customer at the first step that booking needs linking", async () => {
    const page = await app.openAs("unlinked", "/reservations/new");
    const unlinked = page.getByTestId("reservations-unlinked");
    await unlinked.waitFor();
    expect(await unlinked.getByTestId("link-start-button").getAttribute("href")).toBe("/link");
    expect(await page.getByTestId("store-option").count()).toBe(0);
    await screenshot(page, "reservation-unlinked-start");
    await expectNoAxeViolations(page, "reservation-unlinked-start");
    await page.context().close();
  });
});
