import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ConsoleDashboardResponse, DashboardDay } from "../../../../shared/api.ts";
import { errorBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff } from "../../render-app.tsx";

const day = (date: string, friends: number, linked: number, source: DashboardDay["source"]): DashboardDay => ({
  day: date,
  friends,
  linked,
  linkRate: friends > 0 ? linked / friends : null,
  source,
});

const dashboard = (overrides: Partial<ConsoleDashboardResponse> = {}): ConsoleDashboardResponse => ({
  asOf: "2026-12-10T03:00:00.000Z",
  days: 30,
  friends: 1200,
  blocked: 80,
  linked: 300,
  linkRate: 0.25,
  merchantLinked: { count: 950, countedAt: "2026-12-09T15:10:00.000Z" },
  series: [
    day("2026-12-08", 1180, 280, "events"),
    day("2026-12-09", 1190, 290, "snapshot"),
    day("2026-12-10", 1200, 300, "live"),
  ],
  newLinks: {
    days: [{ day: "2026-12-09", app: 5, register: 2, account_link: 1 }],
    total: { app: 5, register: 2, account_link: 1 },
  },
  messages: {
    month: "2026-12",
    byKind: [
      { kind: "reservation_reminder", sent: 30 },
      { kind: "order_confirmation", sent: 12 },
      { kind: "future_kind", sent: 1 },
    ],
    total: 43,
    quota: { limit: 5000, used: 45, readAt: "2026-12-10T02:55:00.000Z" },
  },
  app: { month: "2026-12", orders: 7, reservations: 3 },
  ...overrides,
});

const admin = { "GET /api/console/me": () => json({ name: "高橋 美咲" }) };

describe("/console/dashboard", () => {
  it("shows the numbers now, with the footnote on which links are counted", async () => {
    routeBff({ ...admin, "GET /api/console/dashboard": () => json(dashboard()) });
    renderApp({ path: "/console" });
    const totals = await screen.findByTestId("dashboard-totals", {}, { timeout: 5000 });
    expect(within(totals).getByTestId("dashboard-friends").textContent).toBe("友だち1,200");
    expect(within(totals).getByTestId("dashboard-blocked").textContent).toBe("ブロック80");
    expect(within(totals).getByTestId("dashboard-linked").textContent).toBe("会員連携300※");
    expect(within(totals).getByTestId("dashboard-linkRate").textContent).toBe("連携率25%※");
    expect(screen.getByTestId("dashboard-footnote").textContent).toContain("このアプリ");
    expect(screen.getByTestId("dashboard-footnote").textContent).toContain("管理画面を導入してからの記録");
    // The merchant's own count covers every route, as the cron last took it.
    expect(screen.getByTestId("dashboard-merchant-linked").textContent).toBe(
      "ショップに記録されている会員連携は全経路で950人です（12月10日(木) 00:10に集計）。",
    );
    // 03:00 UTC is noon in Japan.
    expect(screen.getByTestId("dashboard-as-of").textContent).toContain("12:00");
  });

  it("gives screen readers the link rate per day as a table, which a button also shows", async () => {
    routeBff({ ...admin, "GET /api/console/dashboard": () => json(dashboard()) });
    renderApp({ path: "/console/dashboard" });
    const figure = await screen.findByTestId("dashboard-rate-chart", {}, { timeout: 5000 });
    expect(figure.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    expect(figure.querySelector("figcaption")?.textContent).toContain("最新 25%");
    const table = within(figure).getByRole("table", { name: "連携率の推移" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      "12月8日(火)1,18028023.7%推定",
      "12月9日(水)1,19029024.4%記録",
      "12月10日(木)1,20030025%現在",
    ]);
    // An estimated day is drawn dashed, and the chart says why.
    expect(figure.querySelector(".chart__line--estimated")).not.toBeNull();
    expect(screen.getByText(/点線の日は記録/)).toBeTruthy();
    const toggle = within(figure).getByRole("button", { name: "表で表示" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await userEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(table.parentElement?.className).not.toContain("visually-hidden");
  });

  it("counts new links by route, and messages by kind against the plan's quota", async () => {
    routeBff({ ...admin, "GET /api/console/dashboard": () => json(dashboard()) });
    renderApp({ path: "/console/dashboard" });
    const totals = await screen.findByTestId("dashboard-links-total", {}, { timeout: 5000 });
    expect(totals.textContent).toBe("アプリ5人会員登録2人トークで連携1人");
    const messages = screen.getByTestId("dashboard-messages-table");
    expect(
      within(messages)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual(["種類通数", "予約のリマインド30", "注文の確認12", "future_kind1", "合計43"]);
    expect(screen.getByTestId("dashboard-quota").textContent).toContain("5,000");
    expect(screen.getByRole("meter", { name: "プランの上限に対する今月の配信数" }).getAttribute("value")).toBe("45");
    expect(screen.getByTestId("dashboard-orders").textContent).toBe("注文7件");
    expect(screen.getByTestId("dashboard-reservations").textContent).toBe("予約3件");
  });

  it("says 上限なし when LINE reports no limit", async () => {
    const unlimited = dashboard();
    unlimited.messages.quota = { limit: null, used: 45, readAt: "2026-12-10T02:55:00.000Z" };
    routeBff({ ...admin, "GET /api/console/dashboard": () => json(unlimited) });
    renderApp({ path: "/console/dashboard" });
    const quota = await screen.findByTestId("dashboard-quota", {}, { timeout: 5000 });
    expect(quota.textContent).toContain("上限なし");
    expect(screen.queryByRole("meter")).toBeNull();
  });

  it("shows a skeleton while loading, an error with a retry, then the numbers", async () => {
    let release: () => void = () => undefined;
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/dashboard": [
        () => json(errorBody("internal"), 500),
        () => new Promise<Response>((resolve) => (release = () => resolve(json(dashboard())))),
      ],
    });
    renderApp({ path: "/console/dashboard" });
    await userEvent.click(await screen.findByRole("button", { name: /もう一度|再読み込み|再試行/ }, { timeout: 5000 }));
    expect(await screen.findByTestId("dashboard-skeleton", {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("ダッシュボードを読み込み中です");
    release();
    expect(await screen.findByTestId("dashboard-totals", {}, { timeout: 5000 })).toBeTruthy();
    const calls = fetchMock.mock.calls.map(([input]) => requestUrl(input)).filter((url) => url.includes("dashboard"));
    expect(calls.every((url) => url.includes("days=30"))).toBe(true);
  });

  it("asks for 90 days when chosen", async () => {
    const fetchMock = routeBff({ ...admin, "GET /api/console/dashboard": () => json(dashboard()) });
    renderApp({ path: "/console/dashboard" });
    await userEvent.click(await screen.findByRole("radio", { name: "90日間" }, { timeout: 5000 }));
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([input]) => requestUrl(input)).some((url) => url.includes("days=90"))).toBe(true),
    );
  });
});
