import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { CouponView, StaffCouponRedemptionResponse, StaffCouponsResponse } from "../../../../shared/api.ts";
import { errorBody } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";
import { nothingToday, scanned, sentWithKeys, shibuya, staffOfShibuya } from "./staff-fixtures.ts";

type Answer = () => Response | Promise<Response>;

const LIST = "GET /api/staff/coupons/scans/scan-1";
const REDEEM = "POST /api/staff/coupons/scans/scan-1/redemptions";
const VOID = "POST /api/staff/coupons/scans/scan-1/redemptions/red-1/void";

/** 山田 太郎's birthday coupon, good at Shibuya until the end of 31 December (Japan time), twice. */
const birthday: CouponView = {
  couponId: "cpn-birthday",
  couponDefinitionId: "def-birthday",
  kind: "birthday",
  title: "お誕生日クーポン",
  benefit: { type: "amount_off", yen: 500 },
  conditions: null,
  everyStore: false,
  stores: [shibuya],
  status: "available",
  grantedAt: "2026-12-01T00:00:00.000Z",
  validUntil: "2026-12-31T15:00:00.000Z",
  usesAllowed: 2,
  usesLeft: 2,
  lastUsedAt: null,
};

const listOf = (coupons: CouponView[]): StaffCouponsResponse => ({
  coupons,
  actUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
});

function used(usesLeft: number): StaffCouponRedemptionResponse {
  return {
    redemptionId: "red-1",
    redeemedAt: new Date().toISOString(),
    voidedAt: null,
    voidUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
    coupon: { ...birthday, usesLeft, lastUsedAt: new Date().toISOString() },
  };
}

/** The staff screen after a good scan of 山田 太郎, with these answers for the coupons. */
async function scanTaro(routes: Record<string, Answer | Answer[]>, { scanButton = "QRコードを読み取る" } = {}) {
  const fetchMock = routeBff({
    "GET /api/staff/me": () => json(staffOfShibuya),
    "POST /api/staff/scans": () => json(scanned(), 201),
    ...nothingToday,
    ...routes,
  });
  renderApp({ path: "/staff", session: fakeSession({ scanQr: vi.fn(async () => "member-card-token") }) });
  await userEvent.click(await screen.findByRole("button", { name: scanButton }, { timeout: 5000 }));
  await screen.findByTestId("staff-member-panel");
  const sent = (route: string) => sentWithKeys(fetchMock).filter((r) => r.route === route);
  return { sent };
}

describe("/staff coupons at the register", () => {
  it("lists the scanned member's coupons usable at this store: title, benefit, last day, uses left", async () => {
    const { sent } = await scanTaro({ [LIST]: () => json(listOf([birthday])) });

    const section = screen.getByRole("region", { name: "使えるクーポン" });
    const coupon = await within(section).findByTestId("staff-coupon");
    expect(within(coupon).getByTestId("staff-coupon-title").textContent).toBe("お誕生日クーポン");
    expect(within(coupon).getByTestId("staff-coupon-benefit").textContent).toBe("¥500引き");
    expect(within(coupon).getByTestId("staff-coupon-terms").textContent).toMatch(/12月31日\(木\)まで ・ あと2回使えます$/);
    expect(sent(LIST)).toHaveLength(1);
  });

  it("asks once, then uses the coupon with one Idempotency-Key request even on a double tap, and says what was done", async () => {
    const { sent } = await scanTaro({
      [LIST]: [() => json(listOf([birthday])), () => json(listOf([]))],
      [REDEEM]: () => json(used(1), 201),
    });

    await userEvent.click(await screen.findByRole("button", { name: "使用する: お誕生日クーポン" }));
    expect(sent(REDEEM)).toHaveLength(0);
    const question = screen.getByTestId("staff-coupon-confirm");
    expect(question.textContent).toContain("『お誕生日クーポン』を使用します。よろしいですか？");
    await userEvent.dblClick(within(question).getByRole("button", { name: "使用する" }));

    const result = await screen.findByTestId("staff-coupon-result");
    expect(result.textContent).toBe("『お誕生日クーポン』を使用しました。 あと1回使えます");
    const requests = sent(REDEEM);
    expect(requests).toHaveLength(1);
    expect(requests[0].body).toEqual({ couponId: "cpn-birthday", storeId: shibuya.storeId });
    expect(requests[0].key).toMatch(/^[0-9a-f]{32}$/);
  });

  it("undoes the use within the scan's window after asking once, like a points void", async () => {
    const { sent } = await scanTaro({
      [LIST]: () => json(listOf([birthday])),
      [REDEEM]: () => json(used(1), 201),
      [VOID]: () => json({ ...used(2), voidedAt: new Date().toISOString() }),
    });

    await userEvent.click(await screen.findByRole("button", { name: "使用する: お誕生日クーポン" }));
    await userEvent.click(within(screen.getByTestId("staff-coupon-confirm")).getByRole("button", { name: "使用する" }));
    await userEvent.click(await screen.findByRole("button", { name: "取り消す" }));

    // The question first, with the coupon and the time, and the focus on it; nothing is sent.
    const ask = screen.getByTestId("staff-coupon-void-ask");
    expect(ask.textContent).toMatch(/^\d{1,2}:\d{2} の『お誕生日クーポン』の使用を取り消しますか？クーポンをお客様に戻します。/);
    expect(document.activeElement?.textContent).toContain("取り消しますか？");
    expect(sent(VOID)).toHaveLength(0);
    // 「やめる」 leaves the use as it was.
    await userEvent.click(within(ask).getByRole("button", { name: "やめる" }));
    expect(screen.queryByTestId("staff-coupon-void-ask")).toBeNull();
    expect(sent(VOID)).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "取り消す" }));
    await userEvent.click(within(screen.getByTestId("staff-coupon-void-ask")).getByRole("button", { name: "取り消す" }));

    await waitFor(() =>
      expect(screen.getByTestId("staff-coupon-result").textContent).toBe("『お誕生日クーポン』の使用を取り消しました。"),
    );
    expect(sent(VOID)[0].body).toEqual({ storeId: shibuya.storeId });
  });

  it("says a coupon already used elsewhere (coupon_used) cannot be used, and claims nothing", async () => {
    await scanTaro({
      [LIST]: () => json(listOf([birthday])),
      [REDEEM]: () => json(errorBody("coupon_used"), 409),
    });

    await userEvent.click(await screen.findByRole("button", { name: "使用する: お誕生日クーポン" }));
    await userEvent.click(within(screen.getByTestId("staff-coupon-confirm")).getByRole("button", { name: "使用する" }));

    const error = await screen.findByTestId("staff-coupon-error");
    expect(within(error).getByRole("alert").textContent).toBe(
      "このクーポンはすでに使用されています（別のレジで使用された可能性があります）。",
    );
    expect(screen.queryByTestId("staff-coupon-result")).toBeNull();
  });

  it("shows one error, not two, when a points action and a coupon use both fail: the newer one, with its retry", async () => {
    const { sent } = await scanTaro({
      [LIST]: () => json(listOf([birthday])),
      "POST /api/staff/scans/scan-1/points": () => Promise.reject(new TypeError("Failed to fetch")),
      [REDEEM]: [() => Promise.reject(new TypeError("Failed to fetch")), () => json(used(1), 201)],
    });

    const amount = screen.getByLabelText(/お買い上げ金額/);
    await userEvent.type(amount, "1200");
    await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
    await userEvent.click(within(await screen.findByTestId("staff-confirm")).getByRole("button", { name: "付与する" }));
    await screen.findByTestId("staff-action-error");
    expect(screen.getAllByRole("alert")).toHaveLength(1);

    await userEvent.click(await screen.findByRole("button", { name: "使用する: お誕生日クーポン" }));
    await userEvent.click(within(screen.getByTestId("staff-coupon-confirm")).getByRole("button", { name: "使用する" }));
    await screen.findByTestId("staff-coupon-error");
    expect(screen.queryByTestId("staff-action-error")).toBeNull();
    expect(screen.getAllByRole("alert")).toHaveLength(1);

    // Its retry sends the same use again, and then nothing is wrong any more but the older failure.
    await userEvent.click(screen.getByRole("button", { name: "もう一度試す" }));
    await screen.findByTestId("staff-coupon-result");
    const [first, retried] = sent(REDEEM);
    expect(retried!.key).toBe(first!.key);
    expect(screen.queryByTestId("staff-coupon-error")).toBeNull();
    expect(screen.getByTestId("staff-action-error")).toBeTruthy();
  });

  it("says so when the member has no coupon usable at this store", async () => {
    await scanTaro({ [LIST]: () => json(listOf([])) });

    expect((await screen.findByTestId("staff-coupons-empty")).textContent).toBe(
      "このお客様がこの店舗で使えるクーポンはありません",
    );
  });

  it("shows the coupons, the question and a refusal in English too", async () => {
    localStorage.setItem("liff-app:language", "en");
    await scanTaro(
      {
        [LIST]: () => json(listOf([birthday])),
        [REDEEM]: () => json(errorBody("coupon_expired"), 422),
      },
      { scanButton: "Scan QR code" },
    );

    const section = screen.getByRole("region", { name: "Coupons" });
    const coupon = await within(section).findByTestId("staff-coupon");
    expect(within(coupon).getByTestId("staff-coupon-benefit").textContent).toBe("¥500 off");
    expect(within(coupon).getByTestId("staff-coupon-terms").textContent).toMatch(/^Valid until .*Thu.* ・ 2 uses left$/);
    await userEvent.click(within(coupon).getByRole("button", { name: "Use: お誕生日クーポン" }));
    const question = screen.getByTestId("staff-coupon-confirm");
    expect(question.textContent).toContain("Use “お誕生日クーポン” now?");
    await userEvent.click(within(question).getByRole("button", { name: "Use it" }));
    expect((await screen.findByTestId("staff-coupon-error")).textContent).toBe("This coupon has expired.");
  });
});
