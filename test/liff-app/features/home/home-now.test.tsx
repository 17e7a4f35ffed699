import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { errorBody, linkedMe, requestUrl, unlinkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";
import { latestOrder, points, quietNowRoutes, reservations, silverMe } from "./home-fixtures.ts";

const never = () => new Promise<Response>(() => {});
// The blocks' code arrives as a chunk of its own after the first screen: slow on a busy machine.
const LAZY = { timeout: 5000 };

const busyRoutes = {
  "GET /api/me": () => json(silverMe),
  "GET /api/reservations": () => json(reservations),
  "GET /api/orders": () => json(latestOrder),
  "GET /api/points": () => json(points),
};

describe("home › what matters now", () => {
  it("shows the next reservation in Japan time with its weekday and store, the latest order's status, expiring points and the way to gold", async () => {
    const fetchMock = routeBff(busyRoutes);
    renderApp();

    const next = await screen.findByRole("region", { name: "次のご予約" }, LAZY);
    const link = within(next).getByRole("link");
    expect(link.getAttribute("href")).toBe("/reservations/rsv_0300");
    expect(link.textContent).toContain("12月24日(木) 10:00");
    expect(link.textContent).toContain("渋谷店 ・ テイスティング席");

    const order = screen.getByRole("region", { name: "最近のご注文" });
    expect(within(order).getByRole("link").getAttribute("href")).toBe("/orders/ord_0018");
    expect(within(order).getByTestId("latest-order-status").textContent).toBe("発送済み");
    expect(order.textContent).toContain("注文番号 1024-0018");
    expect(order.textContent).not.toContain("ord_0018");
    expect(order.textContent).toContain("¥3,240");

    const expiring = screen.getByRole("region", { name: "まもなく有効期限が切れるポイント" });
    expect(within(expiring).getByTestId("expiring-points-amount").textContent).toBe("120 pt");
    expect(within(expiring).getByTestId("expiring-points-date").textContent).toBe("12月31日(木)まで有効");
    expect(expiring.textContent).toContain("40 pt");

    const rank = screen.getByRole("region", { name: "次のランクまで" });
    expect(within(rank).getByTestId("rank-progress-remaining").textContent).toBe("あと¥3,200でゴールド");
    expect(within(rank).getByRole("progressbar", { name: "あと¥3,200でゴールド" })).toBeTruthy();
    expect(within(rank).getByTestId("rank-progress-amounts").textContent).toBe("¥76,800 / ¥80,000");

    // The orders list asks for one order only.
    const ordersUrls = fetchMock.mock.calls.map(([input]) => requestUrl(input)).filter((url) => url.startsWith("/api/orders"));
    expect(ordersUrls).toEqual(["/api/orders?limit=1"]);
  });

  it("says it in English: the rank's English name, a 12-hour clock", async () => {
    routeBff(busyRoutes);
    renderApp({ session: fakeSession({ appLanguage: "en" }) });

    const rank = await screen.findByRole("region", { name: "Next rank" }, LAZY);
    expect(within(rank).getByTestId("rank-progress-remaining").textContent).toBe("¥3,200 more to Gold");
    const next = await screen.findByRole("region", { name: "Your next visit" });
    expect(next.textContent).toContain("Thu, Dec 24, 10:00\u00a0AM");
    expect(next.textContent).toContain("Shibuya");
    expect(screen.getByTestId("latest-order-status").textContent).toBe("Shipped");
  });

  it("shows nothing about ranks at the top rank, and quiet blocks when there is nothing to report", async () => {
    routeBff({ "GET /api/me": () => json(linkedMe), ...quietNowRoutes });
    renderApp();

    expect((await screen.findByTestId("next-reservation-none", {}, LAZY)).textContent).toBe("これからのご予約はありません。");
    expect(screen.getByRole("link", { name: "来店予約をする" }).getAttribute("href")).toBe("/reservations/new");
    expect((await screen.findByTestId("latest-order-none")).textContent).toBe("ご注文はまだありません。");
    expect(screen.queryByTestId("rank-progress")).toBeNull();
    expect(screen.queryByTestId("expiring-points")).toBeNull();
  });

  it("loads each block on its own: one waiting keeps its skeleton while the others show", async () => {
    routeBff({ ...busyRoutes, "GET /api/orders": never });
    renderApp();

    await screen.findByTestId("next-reservation", {}, LAZY);
    await screen.findByTestId("expiring-points");
    expect(screen.getByTestId("latest-order-skeleton").getAttribute("aria-hidden")).toBe("true");
    expect(screen.getAllByRole("status").map((status) => status.textContent)).toContain("最新の情報を読み込み中です");
  });

  it("keeps the other blocks when some fail, with one error box whose retry asks again for the failed ones", async () => {
    const fetchMock = routeBff({
      ...busyRoutes,
      "GET /api/orders": [() => json(errorBody("upstream_unavailable"), 502), () => json(latestOrder)],
      "GET /api/points": [() => json(errorBody("upstream_timeout"), 504), () => json(points)],
    });
    renderApp();

    await screen.findByTestId("next-reservation", {}, LAZY);
    const alert = await screen.findByRole("alert");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.queryByTestId("latest-order")).toBeNull();
    expect(screen.getByTestId("member-card")).toBeTruthy();

    await userEvent.click(within(alert).getByRole("button", { name: "再読み込み" }));

    expect((await screen.findByTestId("latest-order-status")).textContent).toBe("発送済み");
    await screen.findByTestId("expiring-points");
    expect(screen.queryByRole("alert")).toBeNull();
    const routes = sentRequests(fetchMock).map(({ route }) => route);
    expect(routes.filter((route) => route === "GET /api/reservations")).toHaveLength(1);
    expect(routes.filter((route) => route === "GET /api/orders")).toHaveLength(2);
  });

  it("asks nothing of an unlinked customer: linking comes first", async () => {
    const fetchMock = routeBff({ "GET /api/me": () => json(unlinkedMe), ...quietNowRoutes });
    renderApp();

    await screen.findByRole("link", { name: "会員連携する" });
    expect(screen.queryByTestId("home-now")).toBeNull();
    expect(sentRequests(fetchMock).map(({ route }) => route)).toEqual(["GET /api/me"]);
  });
});
