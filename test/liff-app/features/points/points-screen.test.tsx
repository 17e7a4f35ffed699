import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { PointHistoryResponse, PointsResponse } from "../../../../shared/api.ts";
import { errorBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff } from "../../render-app.tsx";

const BALANCE = "GET /api/points";
const HISTORY = "GET /api/points/history";

const points: PointsResponse = {
  balance: 1280,
  expiringSoon: [
    { points: 120, expiresOn: "2026-12-03" },
    { points: 45, expiresOn: "2027-01-10" },
  ],
};

const firstPage: PointHistoryResponse = {
  entries: [
    {
      entryId: "pe_6",
      kind: "earned_online",
      points: 36,
      // 00:30 on 2026-11-19 in Japan, still the 18th in UTC.
      occurredAt: "2026-11-18T15:30:00.000Z",
      storeName: null,
      orderId: "ord_0017",
      orderNumber: "1024-3717",
      note: null,
    },
    {
      entryId: "pe_5",
      kind: "earned_in_store",
      points: 58,
      occurredAt: "2026-11-14T00:10:00.000Z",
      storeName: "渋谷店",
      orderId: "ord_0005",
      orderNumber: "1024-3705",
      note: null,
    },
    {
      entryId: "pe_4",
      kind: "redeemed",
      points: -300,
      occurredAt: "2026-10-20T06:00:00.000Z",
      storeName: "吉祥寺店",
      orderId: null,
      orderNumber: null,
      note: null,
    },
  ],
  nextCursor: "cursor-2",
};

const secondPage: PointHistoryResponse = {
  entries: [
    {
      entryId: "pe_2",
      kind: "expired",
      points: -80,
      occurredAt: "2026-04-01T00:00:00.000Z",
      storeName: null,
      orderId: null,
      orderNumber: null,
      note: null,
    },
    {
      entryId: "pe_1",
      kind: "signup_bonus",
      points: 100,
      occurredAt: "2025-04-01T01:00:00.000Z",
      storeName: null,
      orderId: null,
      orderNumber: null,
      note: "ウェルカムポイント",
    },
  ],
  nextCursor: null,
};

const entries = () => screen.getAllByTestId("point-history-entry");

describe("/points", () => {
  it("shows the one balance of store and online points, and what expires soon with its last day", async () => {
    routeBff({ [BALANCE]: () => json(points), [HISTORY]: () => json(firstPage) });
    renderApp({ path: "/points" });

    expect(await screen.findByRole("heading", { level: 1, name: "ポイント" })).toBeTruthy();
    expect((await screen.findByTestId("points-balance-amount")).textContent).toBe("1,280 pt");
    expect(screen.getByTestId("points-balance-panel").textContent).toContain("ひとつの残高");
    const expiring = screen.getAllByTestId("points-expiring-entry").map((entry) => entry.textContent);
    expect(expiring).toEqual(["120 pt12月3日(木)まで有効", "45 pt1月10日(日)まで有効"]);
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("says when nothing expires soon", async () => {
    routeBff({
      [BALANCE]: () => json({ balance: 0, expiringSoon: [] }),
      [HISTORY]: () => json({ entries: [], nextCursor: null }),
    });
    renderApp({ path: "/points" });

    expect((await screen.findByTestId("points-expiring")).textContent).toContain(
      "60日以内に有効期限が切れるポイントはありません。",
    );
    expect((await screen.findByTestId("point-history-empty")).textContent).toBe("ポイントの履歴はまだありません。");
  });

  it("lists the history newest first: what happened, points, Japan time, and the store or the order", async () => {
    routeBff({ [BALANCE]: () => json(points), [HISTORY]: () => json(firstPage) });
    renderApp({ path: "/points" });

    await screen.findAllByTestId("point-history-entry");
    const [online, inStore, redeemed] = entries();
    expect(online.dataset.kind).toBe("earned_online");
    expect(online.textContent).toContain("オンラインで獲得");
    expect(online.textContent).toContain("+36 pt");
    expect(online.querySelector("time")?.textContent).toBe("11月19日(木) 00:30");
    expect(within(online).getByRole("link", { name: "注文番号 1024-3717" }).getAttribute("href")).toBe("/orders/ord_0017");
    expect(inStore.textContent).toContain("店舗で獲得");
    expect(within(inStore).getByTestId("point-entry-store").textContent).toBe("渋谷店");
    expect(within(inStore).getByTestId("point-entry-order").getAttribute("href")).toBe("/orders/ord_0005");
    expect(redeemed.textContent).toContain("ポイント利用");
    expect(redeemed.textContent).toContain("−300 pt");
    expect(within(redeemed).getByTestId("point-entry-store").textContent).toBe("吉祥寺店");
    expect(within(redeemed).queryByTestId("point-entry-order")).toBeNull();
  });

  it("asks for the next page with the cursor on もっと見る, and stops at the last page", async () => {
    const fetchMock = routeBff({ [BALANCE]: () => json(points), [HISTORY]: [() => json(firstPage), () => json(secondPage)] });
    renderApp({ path: "/points" });

    await userEvent.click(await screen.findByRole("button", { name: "もっと見る" }));

    await waitFor(() => expect(entries()).toHaveLength(5));
    expect(entries().map((entry) => entry.dataset.kind)).toEqual([
      "earned_online",
      "earned_in_store",
      "redeemed",
      "expired",
      "signup_bonus",
    ]);
    expect(entries()[3].textContent).toContain("有効期限切れ");
    expect(entries()[4].textContent).toContain("入会特典");
    expect(entries()[4].textContent).toContain("ウェルカムポイント");
    const historyUrls = fetchMock.mock.calls
      .map(([url]) => new URL(requestUrl(url), "http://localhost"))
      .filter((url) => url.pathname === "/api/points/history");
    expect(historyUrls.map((url) => url.searchParams.get("cursor"))).toEqual([null, "cursor-2"]);
    expect(screen.queryByRole("button", { name: "もっと見る" })).toBeNull();
    expect(screen.getByText("5件の履歴を表示しています")).toBeTruthy();
  });

  it("loads the next page by itself when the end of the list scrolls into view", async () => {
    const observers: { callback: IntersectionObserverCallback; target: Element | null }[] = [];
    vi.stubGlobal(
      "IntersectionObserver",
      class {
        constructor(readonly callback: IntersectionObserverCallback) {}
        observe(target: Element) {
          observers.push({ callback: this.callback, target });
        }
        disconnect() {}
      },
    );
    routeBff({ [BALANCE]: () => json(points), [HISTORY]: [() => json(firstPage), () => json(secondPage)] });
    renderApp({ path: "/points" });
    await screen.findByRole("button", { name: "もっと見る" });

    const { callback, target } = observers[observers.length - 1];
    act(() => callback([{ isIntersecting: true, target } as IntersectionObserverEntry], {} as IntersectionObserver));

    await waitFor(() => expect(entries()).toHaveLength(5));
  });

  it("keeps the balance when the history fails, with a retry for the history alone", async () => {
    routeBff({
      [BALANCE]: () => json(points),
      [HISTORY]: [() => json(errorBody("upstream_unavailable"), 502), () => json(firstPage)],
    });
    renderApp({ path: "/points" });

    const history = await screen.findByTestId("point-history");
    await userEvent.click(await within(history).findByRole("button", { name: "再読み込み" }));
    expect(await screen.findAllByTestId("point-history-entry")).toHaveLength(3);
    expect(screen.getByTestId("points-balance-amount").textContent).toBe("1,280 pt");
  });

  it("keeps the places of the balance and the history while they load", async () => {
    routeBff({ [BALANCE]: () => new Promise<Response>(() => {}), [HISTORY]: () => new Promise<Response>(() => {}) });
    renderApp({ path: "/points" });

    expect(await screen.findByTestId("points-balance-skeleton")).toBeTruthy();
    expect(screen.getByTestId("point-history-skeleton")).toBeTruthy();
    expect(screen.getByTestId("points-screen").getAttribute("aria-busy")).toBe("true");
  });

  it("offers linking to an account that is not linked", async () => {
    routeBff({ [BALANCE]: () => json(errorBody("not_linked"), 404), [HISTORY]: () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/points" });

    const panel = await screen.findByTestId("points-unlinked");
    expect(panel.textContent).toContain("連携が必要です");
    expect(within(panel).getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
    expect(screen.queryByTestId("point-history")).toBeNull();
  });
});
