import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { errorBody, linkedMe, namelessMe, staffMe, unlinkedMe, requestUrl, TEST_REQUEST_ID } from "../../fixtures.ts";
import { TEST_ID_TOKEN, json, renderApp, routeBff, sentRequests, stubBff } from "../../render-app.tsx";
import { quietNowRoutes } from "./home-fixtures.ts";

describe("home screen", () => {
  it("calls GET /api/me with the LIFF ID token as a Bearer token", async () => {
    const fetchMock = stubBff(() => json(linkedMe));
    renderApp();

    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    const [url, init] = fetchMock.mock.calls[0];
    expect(requestUrl(url)).toBe("/api/me");
    expect(new Headers(init?.headers).get("authorization")).toBe(`Bearer ${TEST_ID_TOKEN}`);
  });

  it("shows skeletons marked busy while /api/me loads", async () => {
    stubBff(() => new Promise<Response>(() => {}));
    renderApp();

    expect(screen.getByTestId("home-skeleton")).toBeTruthy();
    expect(screen.getByRole("region", { name: "読み込み中…" }).getAttribute("aria-busy")).toBe("true");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("shows a linked member's card: name, rank, member number and points", async () => {
    stubBff(() => json(linkedMe));
    renderApp();

    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    expect(screen.getByTestId("link-status").dataset.linkStatus).toBe("linked");
    expect(screen.getByTestId("link-status").textContent).toContain("会員連携済み");
    const card = screen.getByRole("region", { name: "会員情報" });
    expect(within(card).getByTestId("member-name").textContent).toBe("山田 太郎 様");
    expect(within(card).getByTestId("member-rank").textContent).toContain("ゴールド");
    expect(within(card).getByTestId("member-number").textContent).toBe("M-000123");
    expect(within(card).getByTestId("points-balance").textContent).toBe("1,280 pt");
    expect(screen.queryByTestId("link-benefits")).toBeNull();
    expect(screen.queryByTestId("staff-panel")).toBeNull();
    expect(screen.getByRole("region", { name: "山田 太郎さん、こんにちは" }).getAttribute("aria-busy")).toBe("false");
  });

  it("explains why linking helps and offers linking or registering when the account is not linked", async () => {
    stubBff(() => json(unlinkedMe));
    renderApp();

    await screen.findByRole("heading", { level: 1, name: "佐藤 花子さん、こんにちは" });
    expect(screen.getByTestId("link-status").dataset.linkStatus).toBe("unlinked");
    expect(screen.getByTestId("link-status").textContent).toContain("会員連携前");
    const benefits = screen.getByRole("region", { name: "会員連携でもっと便利に" });
    expect(benefits.textContent).toContain("ポイント");
    expect(benefits.textContent).toContain("予約");
    expect(screen.queryByTestId("points-balance")).toBeNull();
    expect(screen.getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
    expect(screen.getByRole("link", { name: "はじめての方はこちら（新規会員登録）" }).getAttribute("href")).toBe(
      "/link/register",
    );
    expect(screen.queryByTestId("member-menu")).toBeNull();
  });

  it("links a linked member to their member card, points, orders, reservations, coupons and settings", async () => {
    stubBff(() => json(linkedMe));
    renderApp();

    const menu = await screen.findByRole("navigation", { name: "会員メニュー" });
    expect(within(menu).getByRole("link", { name: "会員証を表示" }).getAttribute("href")).toBe("/card");
    expect(within(menu).getByRole("link", { name: "ポイント" }).getAttribute("href")).toBe("/points");
    expect(within(menu).getByRole("link", { name: "注文履歴" }).getAttribute("href")).toBe("/orders");
    expect(within(menu).getByRole("link", { name: "予約" }).getAttribute("href")).toBe("/reservations");
    expect(within(menu).getByRole("link", { name: "クーポン" }).getAttribute("href")).toBe("/coupons");
    expect(within(menu).getByRole("link", { name: "設定" }).getAttribute("href")).toBe("/settings");
    expect(screen.queryByTestId("link-start-button")).toBeNull();
  });

  it("lists a staff member's stores in a staff panel, with the way to the staff screen", async () => {
    stubBff(() => json(staffMe));
    renderApp();

    const panel = await screen.findByRole("region", { name: "スタッフ" });
    expect(
      within(panel)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["渋谷店", "新宿店"]);
    expect(within(panel).getByRole("link", { name: "スタッフ画面を開く" }).getAttribute("href")).toBe("/staff");
  });

  it("greets neutrally when the profile has no display name", async () => {
    stubBff(() => json(namelessMe));
    renderApp();

    await screen.findByRole("heading", { level: 1, name: "こんにちは" });
    expect(screen.queryByText(/null|undefined/)).toBeNull();
    expect(screen.getByTestId("points-balance").textContent).toBe("1,280 pt");
  });

  it.each([
    ["upstream_unavailable", 502, "お店のシステムにつながりませんでした"],
    ["upstream_invalid", 502, "お店のシステムにつながりませんでした"],
    ["upstream_timeout", 504, "お店のシステムからの応答が遅れています"],
    ["internal", 500, "予期しないエラーが発生しました"],
  ] as const)("explains a %s error and offers a retry", async (code, status, message) => {
    stubBff(() => json(errorBody(code), status));
    renderApp();

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(message);
    // A short support reference, not the whole request id.
    expect(alert.textContent).toContain("サポート用の番号: 3f6c1a9e");
    expect(alert.textContent).not.toContain(TEST_REQUEST_ID);
    expect(within(alert).getByRole("button", { name: "再読み込み" })).toBeTruthy();
  });

  it("shows a network message when the request gets no answer (after one quiet retry)", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const fetchMock = stubBff(() => Promise.reject(new TypeError("Failed to fetch")));
      renderApp();
      await vi.advanceTimersByTimeAsync(1000); // TanStack Query's first retry delay

      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toContain("通信できませんでした");
      expect(fetchMock).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refetches on Retry and shows the member once the BFF answers", async () => {
    const fetchMock = routeBff({
      "GET /api/me": [() => json(errorBody("upstream_timeout"), 504), () => json(linkedMe)],
      ...quietNowRoutes,
    });
    renderApp();

    await userEvent.click(await screen.findByRole("button", { name: "再読み込み" }));

    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
    await screen.findByTestId("next-reservation", {}, { timeout: 5000 });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(sentRequests(fetchMock).filter(({ route }) => route === "GET /api/me")).toHaveLength(2);
  });

  it("puts the staff entry first for staff, above the link status", async () => {
    stubBff(() => json(staffMe));
    renderApp();

    const panel = await screen.findByTestId("staff-panel");
    const status = screen.getByTestId("link-status");
    expect(panel.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
