import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ConsoleAuditResponse } from "../../../../shared/api.ts";
import { errorBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const auditPage = (entries: ConsoleAuditResponse["entries"], nextBefore: number | null): ConsoleAuditResponse => ({
  entries,
  nextBefore,
});

const entry = (auditId: number, action: string, occurredAt: string): ConsoleAuditResponse["entries"][number] => ({
  auditId,
  staffName: "高橋 美咲",
  action,
  target: `cmp_${auditId}`,
  detail: { recipients: 1200 },
  occurredAt,
});

describe("/console access", () => {
  it("shows everyone who is not an admin a neutral page with the way home, and nothing about the console", async () => {
    const fetchMock = routeBff({ "GET /api/console/me": () => json(errorBody("forbidden", "Forbidden"), 403) });
    renderApp({ path: "/console" });

    const page = await screen.findByTestId("page-unavailable", {}, { timeout: 5000 });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("このページは表示できません");
    expect(within(page).getByRole("link", { name: "ホームへ戻る" }).getAttribute("href")).toBe("/");
    expect(document.body.textContent).not.toMatch(/管理|配信|セグメント|履歴|console/i);
    expect(sentRequests(fetchMock).map((r) => r.route)).toEqual(["GET /api/console/me"]);
  });

  it("offers a retry when the console cannot be loaded, and opens it after", async () => {
    let calls = 0;
    routeBff({
      "GET /api/console/me": () => (++calls === 1 ? json(errorBody("internal", "boom"), 500) : json({ name: "高橋 美咲" })),
      "GET /api/console/audit": () => json(auditPage([], null)),
    });
    renderApp({ path: "/console/audit" });
    await screen.findByRole("heading", { name: "管理画面を読み込めませんでした" }, { timeout: 5000 });
    await userEvent.click(screen.getByRole("button", { name: /もう一度|再読み込み|再試行/ }));
    expect(await screen.findByTestId("console-admin")).toHaveProperty("textContent", "高橋 美咲さんでログイン中");
  });
});

describe("/console for an admin", () => {
  it("opens on the first area, the dashboard, with the menu and who is signed in", async () => {
    routeBff({
      "GET /api/console/me": () => json({ name: "高橋 美咲" }),
      "GET /api/console/dashboard": () => json(errorBody("internal", "boom"), 500),
      "GET /api/console/audit": () => json(auditPage([], null)),
    });
    renderApp({ path: "/console" });
    const nav = await screen.findByRole("navigation", { name: "管理メニュー" }, { timeout: 5000 });
    expect(within(nav).getAllByRole("link").length).toBeGreaterThanOrEqual(1);
    await waitFor(() =>
      expect(
        within(nav)
          .getAllByRole("link")
          .find((link) => link.getAttribute("aria-current") === "page")?.textContent,
      ).toBe("ダッシュボード"),
    );
    expect(window.location.pathname).toBe("/console/dashboard");
  });

  it("lists console actions in Japan time with the action named, and loads older ones on request", async () => {
    const fetchMock = routeBff({
      "GET /api/console/me": () => json({ name: "高橋 美咲" }),
      "GET /api/console/audit": [
        () =>
          json(
            auditPage(
              [entry(8, "campaign.send", "2026-11-30T15:30:00.000Z"), entry(7, "future.thing", "2026-11-30T02:00:00.000Z")],
              7,
            ),
          ),
        () => json(auditPage([entry(3, "segment.save", "2026-11-30T01:00:00.000Z")], null)),
      ],
    });
    renderApp({ path: "/console/audit" });
    const table = await screen.findByRole("table", {}, { timeout: 5000 });
    const rows = within(table).getAllByRole("row").slice(1);
    // 15:30 UTC on 30 November is 0:30 on 1 December in Japan.
    expect(rows[0]?.textContent).toMatch(/12月1日.*0:30.*高橋 美咲.*配信を開始.*cmp_8.*recipients: 1200/);
    // An action this build does not know shows as recorded, not as a missing string.
    expect(rows[1]?.textContent).toContain("future.thing");
    await userEvent.click(screen.getByRole("button", { name: "さらに表示" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(4));
    const auditCalls = fetchMock.mock.calls
      .map(([input]) => requestUrl(input))
      .filter((url) => url.includes("/api/console/audit"));
    expect(auditCalls).toHaveLength(2);
    expect(auditCalls[1]).toContain("before=7");
  });
});
