import { describe, expect, it } from "vitest";
import { appUnderTest, expectNoAxeViolations, screenshot } from "./harness.ts";

const app = appUnderTest();

describe("console segments in a desktop browser, in mock mode on the local fakes", () => {
  it("builds a segment as the admin, sees its live count, saves it and finds it listed with its count", async () => {
    const page = await app.openAs("admin", "/");
    // Forty linked members more (ten of them gold), besides 山田 太郎 (gold, linked in the seed).
    const bulk = await page.request.post(`${app.url}/__merchant/__dev/bulk-members`, { data: { count: 40, seed: "e2e" } });
    expect(bulk.status()).toBe(200);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${app.url}/console/segments`);
    await page.getByTestId("console-segments").waitFor();
    await page.getByText("保存したセグメントはまだありません。").waitFor();
    await expectNoAxeViolations(page, "console-segments");

    await page.getByRole("button", { name: "新しいセグメントを作る" }).click();
    const builder = page.getByTestId("segment-builder");
    await builder.waitFor();
    const liveCount = page.getByTestId("segment-live-count").getByRole("status");
    await expect.poll(() => liveCount.textContent(), { timeout: 15_000 }).toBe("41人");

    await builder.getByLabel(/会員ランク/).fill("gold");
    await expect.poll(() => liveCount.textContent(), { timeout: 15_000 }).toBe("11人");
    await builder.getByRole("checkbox", { name: "12月" }).check();
    // Bulk members born in December (indexes 11, 23 and 35) are all gold; 山田 太郎 was born in May.
    await expect.poll(() => liveCount.textContent(), { timeout: 15_000 }).toBe("3人");
    await screenshot(page, "console-segment-builder");
    await expectNoAxeViolations(page, "console-segment-builder");

    await builder.getByLabel(/セグメント名/).fill("12月生まれのゴールド会員");
    await builder.getByRole("button", { name: "保存する" }).click();
    await builder.getByText("「12月生まれのゴールド会員」を保存しました").waitFor();
    const row = page.getByTestId("segment-row").filter({ hasText: "12月生まれのゴールド会員" });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("3人");

    // The console also works on a narrow phone: nothing scrolls the page sideways.
    await page.setViewportSize({ width: 320, height: 700 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "console-segments-320");
  });
});
