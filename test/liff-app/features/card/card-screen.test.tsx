import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { errorBody, linkedMe, unlinkedMe } from "../../fixtures.ts";
import { json, renderApp, routeBff } from "../../render-app.tsx";

describe("/card", () => {
  it("shows the member card: name, rank, member number as text and points", async () => {
    routeBff({ "GET /api/me": () => json(linkedMe) });
    renderApp({ path: "/card" });

    const card = await screen.findByRole("region", { name: "会員情報" });
    expect(screen.getAllByRole("heading", { level: 1 }).map((h) => h.textContent)).toEqual(["会員証"]);
    expect(within(card).getByTestId("member-name").textContent).toBe("山田 太郎 様");
    expect(within(card).getByTestId("member-rank").textContent).toContain("ゴールド");
    expect(within(card).getByTestId("member-number").textContent).toBe("M-000123");
    expect(within(card).getByTestId("points-balance").textContent).toBe("1,280 pt");
    expect(screen.getByRole("link", { name: "連携の設定" }).getAttribute("href")).toBe("/settings");
    expect(screen.getByRole("link", { name: /ホームへ戻る/ }).getAttribute("href")).toBe("/");
    expect(screen.queryByTestId("flash-notice")).toBeNull();
  });

  it("offers linking or registering instead of a card when the account is not linked", async () => {
    routeBff({ "GET /api/me": () => json(unlinkedMe) });
    renderApp({ path: "/card" });

    const panel = await screen.findByTestId("card-unlinked");
    expect(panel.textContent).toContain("連携が必要です");
    expect(within(panel).getByRole("link", { name: "会員情報と連携する" }).getAttribute("href")).toBe("/link");
    expect(within(panel).getByRole("link", { name: /新規会員登録/ }).getAttribute("href")).toBe("/link/register");
    expect(screen.queryByTestId("member-card")).toBeNull();
  });

  it("keeps the card's place while loading", async () => {
    routeBff({ "GET /api/me": () => new Promise<Response>(() => {}) });
    renderApp({ path: "/card" });

    expect(await screen.findByTestId("card-skeleton")).toBeTruthy();
    expect(screen.getByTestId("card-screen").getAttribute("aria-busy")).toBe("true");
  });

  it("offers a retry when the card cannot be loaded", async () => {
    routeBff({ "GET /api/me": [() => json(errorBody("upstream_unavailable"), 502), () => json(linkedMe)] });
    renderApp({ path: "/card" });

    await userEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "再読み込み" }));
    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
  });
});
