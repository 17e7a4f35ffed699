import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { CouponsResponse, CouponView } from "../../../../shared/api.ts";
import { errorBody } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, warmUpScreens } from "../../render-app.tsx";

const LIST = "GET /api/coupons";

const shops = [
  { storeId: "store_kichijoji", name: "吉祥寺店" },
  { storeId: "store_shibuya", name: "渋谷店" },
];

const base = {
  couponDefinitionId: "def",
  conditions: null,
  everyStore: false,
  stores: shops,
  grantedAt: "2026-11-01T01:00:00.000Z",
  usesAllowed: 1,
  usesLeft: 1,
  lastUsedAt: null,
} satisfies Partial<CouponView>;

const lineOnly: CouponView = {
  ...base,
  couponId: "cpn_line",
  kind: "line_only",
  title: "LINE会員限定 ドリンク50円引き",
  benefit: { type: "amount_off", yen: 50 },
  conditions: "ドリンク1杯に使えます。",
  status: "available",
  // 14:30 on Thursday 31 December in Japan.
  validUntil: "2026-12-31T05:30:00.000Z",
};
const gold: CouponView = {
  ...base,
  couponId: "cpn_gold",
  kind: "rank",
  title: "ゴールド会員 焼き菓子10%オフ",
  benefit: { type: "percent_off", percent: 10 },
  status: "available",
  usesAllowed: 2,
  usesLeft: 2,
  // Midnight in Japan: valid through Friday 18 December.
  validUntil: "2026-12-18T15:00:00.000Z",
};
const welcome: CouponView = {
  ...base,
  couponId: "cpn_welcome",
  kind: "welcome",
  title: "会員連携ありがとうクーポン",
  benefit: { type: "free_item", item: "本日のドリップコーヒー(S)" },
  status: "used",
  usesLeft: 0,
  lastUsedAt: "2026-11-16T03:05:00.000Z",
  validUntil: "2026-12-01T01:00:00.000Z",
};
const birthday: CouponView = {
  ...base,
  couponId: "cpn_birthday",
  kind: "birthday",
  title: "お誕生月 ケーキプレゼント",
  benefit: { type: "free_item", item: "お好きなケーキ1個" },
  everyStore: true,
  status: "expired",
  validUntil: "2026-05-31T15:00:00.000Z",
};

const wallet: CouponsResponse = { coupons: [welcome, birthday, lineOnly, gold] };

beforeAll(() => warmUpScreens("/coupons", "/coupons/cpn_line"));

const cardsIn = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByTestId("coupon-card")
    .map((card) => card.dataset.couponId);

describe("/coupons", () => {
  it("shows the coupons to use first (soonest to end first), then used and expired ones apart", async () => {
    routeBff({ [LIST]: () => json(wallet) });
    renderApp({ path: "/coupons" });

    expect(await screen.findByRole("heading", { level: 1, name: "クーポン" })).toBeTruthy();
    await screen.findByTestId("coupons-available");
    expect(cardsIn("coupons-available")).toEqual(["cpn_gold", "cpn_line"]);
    expect(cardsIn("coupons-used")).toEqual(["cpn_welcome"]);
    expect(cardsIn("coupons-expired")).toEqual(["cpn_birthday"]);
    expect(screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent)).toEqual([
      "使えるクーポン",
      "使用済み",
      "期限切れ",
    ]);
  });

  it("words each coupon: title, benefit, conditions, Japan-time validity with 曜日, uses left and stores", async () => {
    routeBff({ [LIST]: () => json(wallet) });
    renderApp({ path: "/coupons" });

    const [goldCard, lineCard] = within(await screen.findByTestId("coupons-available")).getAllByTestId("coupon-card");
    expect(lineCard.textContent).toContain("LINE会員限定 ドリンク50円引き");
    expect(within(lineCard).getByTestId("coupon-benefit").textContent).toBe("¥50引き");
    expect(lineCard.textContent).toContain("ドリンク1杯に使えます。");
    expect(within(lineCard).getByTestId("coupon-validity").textContent).toBe("12月31日(木) 14:30まで有効");
    expect(within(lineCard).getByTestId("coupon-stores").textContent).toBe("吉祥寺店・渋谷店");
    expect(within(goldCard).getByTestId("coupon-benefit").textContent).toBe("10%オフ");
    expect(within(goldCard).getByTestId("coupon-validity").textContent).toBe("12月18日(金)まで有効");
    expect(goldCard.textContent).toContain("あと2回使えます");
    const used = within(screen.getByTestId("coupons-used")).getByTestId("coupon-card");
    expect(within(used).getByTestId("coupon-validity").textContent).toBe("11月16日(月) 12:05に使用");
    const expired = within(screen.getByTestId("coupons-expired")).getByTestId("coupon-card");
    expect(within(expired).getByTestId("coupon-validity").textContent).toBe("5月31日(日)に期限切れ");
    expect(within(expired).getByTestId("coupon-stores").textContent).toBe("全店舗");
  });

  it("reads completely in English, with the 12-hour clock", async () => {
    routeBff({ [LIST]: () => json(wallet) });
    renderApp({ path: "/coupons", session: fakeSession({ appLanguage: "en" }) });

    expect(await screen.findByRole("heading", { level: 1, name: "Coupons" })).toBeTruthy();
    const [goldCard, lineCard] = within(await screen.findByTestId("coupons-available")).getAllByTestId("coupon-card");
    expect(within(lineCard).getByTestId("coupon-benefit").textContent).toBe("¥50 off");
    expect(within(lineCard).getByTestId("coupon-validity").textContent).toBe("Valid until Thu, Dec 31, 2:30\u00a0PM");
    expect(within(goldCard).getByTestId("coupon-validity").textContent).toBe("Valid until Fri, Dec 18");
    expect(goldCard.textContent).toContain("2 uses left");
    expect(goldCard.textContent).toContain("Rank benefit");
    expect(screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent)).toEqual([
      "Ready to use",
      "Used",
      "Expired",
    ]);
    const used = within(screen.getByTestId("coupons-used")).getByTestId("coupon-card");
    expect(within(used).getByTestId("coupon-benefit").textContent).toBe("Free: 本日のドリップコーヒー(S)");
  });

  it("shows a skeleton while loading, then one error box whose retry loads the coupons", async () => {
    routeBff({ [LIST]: [() => json(errorBody("upstream_unavailable"), 502), () => json(wallet)] });
    renderApp({ path: "/coupons" });

    expect(screen.getByTestId("coupons-skeleton")).toBeTruthy();
    const alert = await screen.findByRole("alert");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    await userEvent.click(within(alert).getByRole("button", { name: "再読み込み" }));
    await waitFor(() => expect(screen.getAllByTestId("coupon-card")).toHaveLength(4));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says when there are no coupons, and when none is usable now", async () => {
    routeBff({ [LIST]: [() => json({ coupons: [] })] });
    const { unmount } = renderApp({ path: "/coupons" });
    expect((await screen.findByTestId("coupons-empty")).textContent).toContain("お持ちのクーポンはまだありません");
    unmount();

    routeBff({ [LIST]: [() => json({ coupons: [welcome] })] });
    renderApp({ path: "/coupons" });
    expect((await screen.findByTestId("coupons-available-empty")).textContent).toBe("いま使えるクーポンはありません。");
  });

  it("offers linking to a LINE user without a membership", async () => {
    routeBff({ [LIST]: () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/coupons" });

    expect((await screen.findByTestId("coupons-unlinked")).textContent).toContain("会員連携が必要です");
    expect(screen.getByTestId("link-start-button").getAttribute("href")).toBe("/link");
  });
});

describe("/coupons/:couponId", () => {
  it("opens a coupon full screen: its title, benefit, and that staff use it after scanning the member card", async () => {
    routeBff({ [LIST]: () => json(wallet), "GET /api/coupons/cpn_line": () => json(lineOnly) });
    renderApp({ path: "/coupons" });

    await userEvent.click(within(await screen.findByTestId("coupons-available")).getAllByTestId("coupon-card")[1] as HTMLElement);
    expect(await screen.findByRole("heading", { level: 1, name: "LINE会員限定 ドリンク50円引き" })).toBeTruthy();
    expect(screen.getByTestId("coupon-benefit").textContent).toBe("¥50引き");
    expect(screen.getByTestId("coupon-how-to-use").textContent).toContain("スタッフが会員証を読み取ったあと");
    expect(screen.getByRole("link", { name: "会員証を表示" }).getAttribute("href")).toBe("/card");
    expect(screen.getByTestId("coupon-back-link").getAttribute("href")).toBe("/coupons");
  });

  it("says a used coupon is used, with no way to show it at the register", async () => {
    routeBff({ "GET /api/coupons/cpn_welcome": () => json(welcome) });
    renderApp({ path: "/coupons/cpn_welcome" });

    expect((await screen.findByTestId("coupon-inactive-notice")).textContent).toBe("このクーポンは使用済みです。");
    expect(screen.queryByTestId("coupon-show-card")).toBeNull();
  });

  it("says a coupon that is not the member's was not found", async () => {
    routeBff({ "GET /api/coupons/cpn_other": () => json(errorBody("not_found"), 404) });
    renderApp({ path: "/coupons/cpn_other" });

    expect((await screen.findByTestId("coupon-not-found")).textContent).toBe("このクーポンは見つかりません。");
  });

  it("reads in English", async () => {
    routeBff({ "GET /api/coupons/cpn_line": () => json(lineOnly) });
    renderApp({ path: "/coupons/cpn_line", session: fakeSession({ appLanguage: "en" }) });

    expect((await screen.findByTestId("coupon-how-to-use")).textContent).toBe(
      "Before you pay, show your member card to the staff. They use this coupon after scanning your card.",
    );
    expect(screen.getByRole("link", { name: "Show member card" })).toBeTruthy();
    expect(screen.getByText("LINE members only")).toBeTruthy();
  });
});
