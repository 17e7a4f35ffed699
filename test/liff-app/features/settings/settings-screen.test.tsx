import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { errorBody, linkedMe, unlinkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

function bffFor(remove: () => Response | Promise<Response>) {
  return routeBff({
    "GET /api/me": () => json(linkedMe),
    "DELETE /api/link": remove,
    // LINE confirms the switch on the second look, as the app polls after the unlink.
    "GET /api/link/rich-menu": [
      () => json({ menu: "default", state: "pending" }),
      () => json({ menu: "default", state: "applied" }),
    ],
  });
}

/** Where a link in the app would go: a client-side navigation, the cache kept. */
function goTo(path: string) {
  act(() => {
    history.pushState(null, "", path);
    dispatchEvent(new PopStateEvent("popstate"));
  });
}

async function openSettings() {
  renderApp({ path: "/settings" });
  const unlink = await screen.findByRole("button", { name: "会員連携を解除" });
  return { unlink, dialog: screen.getByTestId("unlink-dialog") as HTMLDialogElement };
}

describe("/settings", () => {
  it("leads a linked member to the phones that can show the card, on /card", async () => {
    bffFor(() => json({ link: { status: "unlinked" } }));
    await openSettings();

    const devices = screen.getByRole("region", { name: "会員証を表示できる端末" });
    expect(within(devices).getByRole("link", { name: "端末の一覧を開く" }).getAttribute("href")).toBe("/card#devices");
  });

  it("shows each store's address, hours, map and one-tap phone under the shop's contact", async () => {
    routeBff({ "GET /api/me": () => json(unlinkedMe) });
    renderApp({ path: "/settings" });

    const shibuya = await screen.findByRole("region", { name: "渋谷店" });
    expect(shibuya.textContent).toContain("東京都渋谷区神南1-2-3");
    expect(shibuya.textContent).toContain("8:00〜20:00（無休）");
    expect(within(shibuya).getByRole("link", { name: "渋谷店に電話する 03-1234-5601" }).getAttribute("href")).toBe(
      "tel:0312345601",
    );
    expect(screen.getByRole("region", { name: "吉祥寺店" })).toBeTruthy();
    await screen.findByTestId("settings-unlinked");
    expect(screen.queryByTestId("settings-devices")).toBeNull();
  });

  it("shows the linked member number and name", async () => {
    bffFor(() => json({ link: { status: "unlinked" } }));
    await openSettings();

    expect(screen.getAllByRole("heading", { level: 1 }).map((h) => h.textContent)).toEqual(["設定"]);
    const link = screen.getByRole("region", { name: "会員連携" });
    expect(within(link).getByTestId("settings-member-number").textContent).toBe("M-000123");
    expect(within(link).getByTestId("settings-member-name").textContent).toBe("山田 太郎");
  });

  it("asks for confirmation first, explaining what unlinking does; cancel changes nothing", async () => {
    const fetchMock = bffFor(() => json({ link: { status: "unlinked" } }));
    const { unlink, dialog } = await openSettings();
    expect(dialog.open).toBe(false);

    await userEvent.click(unlink);

    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute("aria-labelledby")).toBe(within(dialog).getByRole("heading").id);
    expect(within(dialog).getByRole("heading").textContent).toBe("会員連携を解除しますか？");
    expect(dialog.textContent).toContain("通常のメニューに戻ります");
    expect(dialog.textContent).toContain("ポイントと会員情報は会員アカウントに残ります");
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "キャンセル" }));

    await userEvent.click(within(dialog).getByRole("button", { name: "キャンセル" }));

    expect(dialog.open).toBe(false);
    expect(document.activeElement).toBe(unlink);
    expect(sentRequests(fetchMock).filter((r) => r.route === "DELETE /api/link")).toHaveLength(0);
    expect(location.pathname).toBe("/settings");
  });

  it("unlinks on confirm and goes home, showing the account unlinked with a notice", async () => {
    const fetchMock = bffFor(() => json({ link: { status: "unlinked" }, richMenu: "pending" }));
    const { unlink, dialog } = await openSettings();
    await userEvent.click(unlink);

    await userEvent.click(within(dialog).getByRole("button", { name: "解除する" }));

    const notice = await screen.findByTestId("flash-notice");
    expect(location.pathname).toBe("/");
    expect(notice.textContent).toContain("会員連携を解除しました");
    // Queued, not done: the menu goes back once LINE has confirmed it.
    const menu = within(notice).getByTestId("rich-menu-status");
    expect(menu.textContent).toBe("LINEのトークのメニューを切り替えています…");
    await waitFor(() => expect(menu.textContent).toBe("LINEのトークのメニューも通常のメニューに戻りました。"), { timeout: 5000 });
    expect(screen.getByTestId("link-status").dataset.linkStatus).toBe("unlinked");
    expect(screen.getByTestId("link-start-button")).toBeTruthy();
    expect(sentRequests(fetchMock).filter((r) => r.route === "DELETE /api/link")).toHaveLength(1);
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/me")).toHaveLength(1);
  });

  it("sends one DELETE however fast confirm is tapped", async () => {
    const fetchMock = bffFor(() => new Promise<Response>(() => {}));
    const { unlink, dialog } = await openSettings();
    await userEvent.click(unlink);
    const confirm = within(dialog).getByRole("button", { name: "解除する" });

    await userEvent.dblClick(confirm);

    await waitFor(() => expect(confirm.getAttribute("aria-disabled")).toBe("true"));
    expect(confirm.textContent).toBe("解除しています…");
    expect(sentRequests(fetchMock).filter((r) => r.route === "DELETE /api/link")).toHaveLength(1);
  });

  it("unlinks once for a double tap whose second tap lands right after the answer", async () => {
    const fetchMock = bffFor(() => json({ link: { status: "unlinked" } }));
    const { unlink, dialog } = await openSettings();
    await userEvent.click(unlink);

    await userEvent.dblClick(within(dialog).getByRole("button", { name: "解除する" }));

    await screen.findByTestId("flash-notice");
    expect(sentRequests(fetchMock).filter((r) => r.route === "DELETE /api/link")).toHaveLength(1);
  });

  it("shows no balance of the unlinked membership on /points afterwards, and asks the BFF afresh", async () => {
    const fetchMock = routeBff({
      "GET /api/me": () => json(linkedMe),
      "DELETE /api/link": () => json({ link: { status: "unlinked" } }),
      "GET /api/points": [() => json({ balance: 1280, expiringSoon: [] }), () => json(errorBody("not_linked"), 403)],
      "GET /api/points/history": () => json({ entries: [], nextCursor: null }),
    });
    renderApp({ path: "/points" });
    expect((await screen.findByTestId("points-balance-amount")).textContent).toContain("1,280");

    goTo("/settings");
    await userEvent.click(await screen.findByRole("button", { name: "会員連携を解除" }));
    await userEvent.click(within(screen.getByTestId("unlink-dialog")).getByRole("button", { name: "解除する" }));
    await screen.findByTestId("flash-notice");
    goTo("/points");

    expect(await screen.findByTestId("points-unlinked")).toBeTruthy();
    expect(screen.queryByText(/1,280/)).toBeNull();
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/points")).toHaveLength(2);
  });

  it("keeps the dialog open with the reason when unlinking fails, and retries from there", async () => {
    const fetchMock = bffFor(() => json(errorBody("upstream_timeout"), 504));
    const { unlink, dialog } = await openSettings();
    await userEvent.click(unlink);
    await userEvent.click(within(dialog).getByRole("button", { name: "解除する" }));

    expect((await within(dialog).findByRole("alert")).textContent).toContain("お店のシステムからの応答が遅れています");
    expect(dialog.open).toBe(true);
    expect(location.pathname).toBe("/settings");

    await userEvent.click(within(dialog).getByRole("button", { name: "解除する" }));
    await waitFor(() => expect(sentRequests(fetchMock).filter((r) => r.route === "DELETE /api/link")).toHaveLength(2));
  });

  it("says so when the account was unlinked meanwhile, and shows what is true now", async () => {
    routeBff({
      "GET /api/me": [() => json(linkedMe), () => json(unlinkedMe)],
      "DELETE /api/link": () => json(errorBody("not_linked"), 404),
    });
    const { unlink, dialog } = await openSettings();
    await userEvent.click(unlink);
    await userEvent.click(within(dialog).getByRole("button", { name: "解除する" }));

    expect((await within(dialog).findByTestId("unlink-error")).textContent).toContain("すでに解除されています");
    expect(await screen.findByTestId("settings-unlinked")).toBeTruthy();
  });

  it("offers linking when the account is not linked", async () => {
    routeBff({ "GET /api/me": () => json(unlinkedMe) });
    renderApp({ path: "/settings" });

    expect((await screen.findByTestId("settings-unlinked")).textContent).toContain("まだ会員連携していません");
    expect(screen.getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
    expect(screen.queryByRole("button", { name: "会員連携を解除" })).toBeNull();
  });

  it("switches the display language with a radio group", async () => {
    routeBff({ "GET /api/me": () => json(linkedMe) });
    renderApp({ path: "/settings" });
    const settings = await screen.findByTestId("settings-screen");
    const group = within(settings).getByRole("group", { name: "表示言語" });
    expect(within(group).getByRole("radio", { name: "日本語" })).toHaveProperty("checked", true);

    await userEvent.click(within(group).getByRole("radio", { name: "English" }));

    expect(screen.getByRole("heading", { level: 1, name: "Settings" })).toBeTruthy();
    expect(within(settings).getByRole("radio", { name: "English" })).toHaveProperty("checked", true);
    expect(screen.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
    expect(document.documentElement.lang).toBe("en");
  });

  it("tells the BFF the chosen language, for the LINE messages", async () => {
    const bff = routeBff({
      "GET /api/me": () => json(linkedMe),
      "PUT /api/me/language": () => new Response(null, { status: 204 }),
    });
    renderApp({ path: "/settings" });
    const settings = await screen.findByTestId("settings-screen");
    const group = within(settings).getByRole("group", { name: "表示言語" });
    expect(sentRequests(bff).filter((request) => request.route === "PUT /api/me/language")).toEqual([]);

    await userEvent.click(within(group).getByRole("radio", { name: "English" }));
    await userEvent.click(within(settings).getByRole("radio", { name: "日本語" }));

    await waitFor(() =>
      expect(sentRequests(bff).filter((request) => request.route === "PUT /api/me/language")).toEqual([
        { route: "PUT /api/me/language", body: { language: "en" } },
        { route: "PUT /api/me/language", body: { language: "ja" } },
      ]),
    );
  });

  it("tells the BFF the language once at start, without waiting for it or showing anything when it fails", async () => {
    const bff = routeBff({
      "GET /api/me": () => json(linkedMe),
      "PUT /api/me/language": () => json(errorBody("upstream_unavailable"), 503),
    });
    renderApp({ path: "/settings", session: fakeSession({ appLanguage: "en-US" }), tellsLanguageAtStart: true });
    expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeTruthy();
    expect(sentRequests(bff).filter((request) => request.route === "PUT /api/me/language")).toEqual([
      { route: "PUT /api/me/language", body: { language: "en" } },
    ]);
  });
});
