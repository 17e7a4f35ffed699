import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

const isPlaceOrder = (request: Request) => request.method() === "POST" && new URL(request.url()).pathname === "/api/orders";

describe("orders and points on a phone, in mock mode on the local fakes", () => {
  it("reorders 山田 太郎's newest order once, through a lost answer, and LINE gets one confirmation", async () => {
    const page = await app.openAs("linked", "/orders");
    const taro = await app.lineUserIdOf(page, "linked");
    const pushesBefore = (await app.pushesTo(page, taro)).length;

    const rows = page.getByTestId("order-row");
    await rows.first().waitFor();
    const times = await rows.locator("time").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("datetime") ?? ""));
    expect(times.length).toBeGreaterThan(1);
    expect([...times].sort().reverse()).toEqual(times);
    const newest = await rows.first().getAttribute("data-order-id");
    await screenshot(page, "orders-list");
    await expectNoAxeViolations(page, "orders-list");

    await rows.first().click();
    await page.getByTestId("order-number").waitFor();
    // The id is in the URL; the customer sees the merchant's number, never the id.
    expect(page.url()).toContain(`/orders/${newest}`);
    expect(await page.getByTestId("order-number").textContent()).toMatch(/^\d{4}-\d{4}$/);
    expect(await page.locator("body").innerText()).not.toContain("ord_");
    expect(await page.getByTestId("order-item").count()).toBeGreaterThan(0);
    await screenshot(page, "order-detail");
    await expectNoAxeViolations(page, "order-detail");

    await page.getByTestId("reorder-button").click();
    await page.getByTestId("reorder-submit").waitFor();
    const total = await page.getByTestId("reorder-total").textContent();
    await screenshot(page, "reorder-sheet");
    await expectNoAxeViolations(page, "reorder-sheet");

    // The first confirmation reaches the BFF, but its answer is lost on the way back.
    const keys: (string | null)[] = [];
    page.on("request", (request) => {
      if (isPlaceOrder(request)) keys.push(request.headers()["idempotency-key"] ?? null);
    });
    let lost = false;
    await page.route("**/api/orders", async (route) => {
      if (route.request().method() !== "POST" || lost) return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort("failed");
    });
    await page.getByTestId("reorder-submit").click();
    await page.getByTestId("reorder-error").waitFor();
    expect(await page.getByTestId("reorder-error").getAttribute("data-error-code")).toBe("network");
    await screenshot(page, "reorder-answer-lost");
    await expectNoAxeViolations(page, "reorder-answer-lost");

    await page.getByTestId("reorder-submit").click();
    await page.getByTestId("order-placed").waitFor();
    await screenshot(page, "order-placed");
    await expectNoAxeViolations(page, "order-placed");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const placedNumber = await page.getByTestId("order-placed-number").textContent();
    expect(placedNumber).toMatch(/^\d{4}-\d{4}$/);
    const placedId = /\/orders\/([^/?#]+)\/placed/.exec(page.url())?.[1];
    expect(placedId).toBeTruthy();
    expect(placedId).not.toBe(newest);
    expect(await page.getByTestId("order-total").textContent()).toBe(total);
    expect(await page.getByTestId("order-placed-line-message").textContent()).toContain("LINEでもお知らせします");

    // One order, one message, however many times it was sent.
    await expect.poll(async () => (await app.pushesTo(page, taro)).length, { timeout: 15_000 }).toBe(pushesBefore + 1);
    const [confirmation] = (await app.pushesTo(page, taro)).slice(pushesBefore);
    expect(confirmation.body.messages?.[0]?.altText).toContain("ご注文を承りました");
    await page.getByTestId("order-placed-view").click();
    await page.getByTestId("order-number").waitFor();
    expect(await page.getByTestId("order-number").textContent()).toBe(placedNumber);
    await page.getByTestId("orders-back-link").click();
    // The list it had is shown at once, then today's, with the new order on top.
    await expect.poll(() => rows.first().getAttribute("data-order-id"), { timeout: 10_000 }).toBe(placedId);
    expect(await rows.nth(1).getAttribute("data-order-id")).toBe(newest);

    // The LINE message's button (liff.line.me/{liffId}/orders/{id}) reaches the app as a
    // liff.state deep link, and opens that order.
    const fromLine = await app.openAs("linked", `/?liff.state=${encodeURIComponent(`/orders/${placedId}`)}`);
    await fromLine.getByTestId("order-number").waitFor();
    expect(await fromLine.getByTestId("order-number").textContent()).toBe(placedNumber);
    await expect.poll(async () => (await app.pushesTo(page, taro)).length).toBe(pushesBefore + 1);
    await fromLine.context().close();
    await page.context().close();
  });

  it("the reorder sheet: the merchant's charges follow the cart, an item goes and comes back, and a way on when nothing is left", async () => {
    const page = await app.openAs("linked", "/orders/ord_0017");
    // A shipped delivery: its tracking number opens ヤマト運輸's page for it.
    const track = page.getByTestId("order-tracking-link");
    await track.waitFor();
    expect(await track.getAttribute("href")).toBe(
      "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=482109370017",
    );
    expect(await track.getAttribute("target")).toBe("_blank");
    await expectNoAxeViolations(page, "order-detail-shipped");

    await page.getByTestId("reorder-button").click();
    await page.getByTestId("reorder-submit").waitFor();
    // 山田 太郎 is gold: ¥550 delivery below ¥5,000 of items, 5% off.
    expect(await page.getByTestId("reorder-total-charge").allTextContents()).toEqual(["送料¥550", "ゴールド会員割引 5%−¥178"]);
    expect(await page.getByTestId("reorder-total").textContent()).toBe("¥3,936");
    expect(await page.getByTestId("reorder-payment").textContent()).toBe("クレジットカード（VISA •••• 4242）");
    await screenshot(page, "reorder-sheet-delivery");
    await expectNoAxeViolations(page, "reorder-sheet-delivery");

    // Two more of the beans: ¥5,832 + ¥1,620 of items, so delivery is free; the quote follows.
    const beans = page.getByTestId("reorder-item").first();
    await beans.getByRole("button", { name: /を1つ増やす$/ }).click();
    await beans.getByRole("button", { name: /を1つ増やす$/ }).click();
    await expect.poll(() => page.getByTestId("reorder-total").textContent()).toBe("¥7,080");
    expect(await page.getByTestId("reorder-total-charge").first().textContent()).toBe("送料無料");

    await page.getByTestId("reorder-remove").first().click();
    await page.getByTestId("reorder-undo").waitFor();
    await expect.poll(() => page.getByTestId("reorder-total").textContent()).toBe("¥2,089");
    await screenshot(page, "reorder-item-removed");
    await expectNoAxeViolations(page, "reorder-item-removed");
    await page.getByTestId("reorder-remove").first().click();
    await page.getByTestId("reorder-all-removed").waitFor();
    expect(await page.getByTestId("reorder-total").count()).toBe(0);
    await expectNoAxeViolations(page, "reorder-all-removed");
    await page.getByTestId("reorder-restore-all").click();
    await page.getByTestId("reorder-submit").waitFor();

    // Everything sold out: the sheet says where to go instead of offering ¥0.
    await page.route("**/reorder-preview*", async (route) => {
      const response = await route.fetch();
      const preview = (await response.json()) as { items: { availability: string; lineTotalYen: number }[] };
      const soldOut = preview.items.map((item) => ({ ...item, availability: "out_of_stock", lineTotalYen: 0 }));
      await route.fulfill({ response, json: { ...preview, items: soldOut, totalYen: 0 } });
    });
    await page.goto(`${app.url}/orders/ord_0005/reorder`);
    await page.getByTestId("reorder-nothing-available").waitFor();
    expect(await page.getByTestId("reorder-submit").count()).toBe(0);
    expect(await page.getByTestId("reorder-to-orders").getAttribute("href")).toBe("/orders");
    await screenshot(page, "reorder-nothing-available");
    await expectNoAxeViolations(page, "reorder-nothing-available");

    // ord_0005 repeats ord_0001: the list says so.
    await page.goto(`${app.url}/orders`);
    const repeat = page.locator('[data-testid="order-row"][data-order-id="ord_0005"]');
    await repeat.waitFor();
    expect(await repeat.getByTestId("order-row-reorder").textContent()).toBe("再注文元のご注文 1024-0001");
    await page.context().close();
  });

  it("shows the points balance, what expires soon, and the history with its stores and orders", async () => {
    const page = await app.openAs("linked", "/points");
    const balance = page.getByTestId("points-balance-amount");
    await balance.waitFor();
    expect(await balance.textContent()).toMatch(/^[\d,]+ pt$/);
    await page.getByTestId("points-expiring").waitFor();
    const entries = page.getByTestId("point-history-entry");
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThan(0);
    const kinds = await entries.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-kind")));
    expect(kinds).toContain("earned_in_store");
    expect(await page.getByTestId("point-entry-store").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("point-entry-order").count()).toBeGreaterThan(0);
    await screenshot(page, "points");
    await expectNoAxeViolations(page, "points");
    await page.context().close();
  });
});
