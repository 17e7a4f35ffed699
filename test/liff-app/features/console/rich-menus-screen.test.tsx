import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ConsoleRichMenusResponse } from "../../../../shared/api.ts";
import { errorBody, requestBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const richMenus = (overrides: Partial<ConsoleRichMenusResponse> = {}): ConsoleRichMenusResponse => ({
  configName: "komorebi",
  exportedAt: "2026-12-01T01:00:00.000Z",
  stale: null,
  tracked: true,
  menus: [
    {
      key: "linked",
      name: "komorebi:linked:c3fc6b606ac8",
      audience: "linked",
      chatBarText: "会員メニュー",
      layout: "tabs+2x3",
      size: { width: 2500, height: 1686 },
      missingGlyphs: [],
      areas: [
        { index: 0, label: "会員証", sublabel: null, action: "app", target: "/card", taps: 1234 },
        { index: 1, label: "お知らせ", sublabel: "新しい豆", action: "postback", target: "action=news", taps: null },
      ],
    },
  ],
  plan: {
    actions: [
      { kind: "create-menu", description: "create   komorebi:linked:c3fc6b606ac8  (2500×1686 PNG, 120 KB, rendered)" },
      { kind: "update-alias", description: "alias    linked → new linked menu (was rm-old)" },
    ],
    changes: 2,
    refusals: [],
  },
  ...overrides,
});

const admin = { "GET /api/console/me": () => json({ name: "高橋 美咲" }) };
const image = {
  "GET /api/console/rich-menus/linked/image": () => new Response(PNG, { headers: { "content-type": "image/png" } }),
};

describe("/console/rich-menus", () => {
  it("shows each menu's image, its buttons with taps, and not measured where a button is not tracked", async () => {
    routeBff({ ...admin, ...image, "GET /api/console/rich-menus": () => json(richMenus()) });
    renderApp({ path: "/console/rich-menus" });
    const menu = await screen.findByTestId("rich-menu-linked", {}, { timeout: 5000 });
    expect(within(menu).getByRole("heading", { level: 3 }).textContent).toContain("会員連携済みの方向け");
    const img = await within(menu).findByRole("img", { name: "linkedメニューの画像" }, { timeout: 5000 });
    expect(img.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(within(menu).getByTestId("taps-linked-0").textContent).toBe("1,234");
    expect(within(menu).getByTestId("taps-linked-1").textContent).toBe("未計測");
    expect(screen.getByTestId("rich-menus-changes").textContent).toBe("2件の変更");
  });

  it("says taps are not measured yet, and why, when the exported links are not tracked", async () => {
    routeBff({ ...admin, ...image, "GET /api/console/rich-menus": () => json(richMenus({ tracked: false })) });
    renderApp({ path: "/console/rich-menus" });
    const note = await screen.findByTestId("rich-menus-taps-note", {}, { timeout: 5000 });
    expect(note.textContent).toContain("まだ計測していません");
    expect(note.textContent).toContain("BFF_PUBLIC_URL");
  });

  it("applies only after the confirmation, and says what was applied", async () => {
    const fetchMock = routeBff({
      ...admin,
      ...image,
      "GET /api/console/rich-menus": () => json(richMenus()),
      "POST /api/console/rich-menus/apply": () =>
        json({ done: richMenus().plan!.actions, changes: 2 } satisfies { done: unknown[]; changes: number }),
    });
    renderApp({ path: "/console/rich-menus" });
    await userEvent.click(await screen.findByRole("button", { name: "LINEに反映する" }, { timeout: 5000 }));
    const dialog = screen.getByTestId("rich-menus-apply-dialog");
    expect(within(dialog).getByText(/2件の変更をLINEに反映します/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole("button", { name: "やめる" }));
    expect(sentRequests(fetchMock).map((r) => r.route)).not.toContain("POST /api/console/rich-menus/apply");

    await userEvent.click(screen.getByRole("checkbox", { name: "設定にない古いメニューも削除する" }));
    await userEvent.click(screen.getByRole("button", { name: "LINEに反映する" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "反映する" }));
    await waitFor(() => expect(screen.getByTestId("rich-menus-apply-result").textContent).toContain("2件の変更を反映しました"), {
      timeout: 5000,
    });
    expect(screen.getByTestId("rich-menus-apply-result").textContent).toContain("npm run richmenu resync");
    const apply = fetchMock.mock.calls.find(([input, init]) => requestUrl(input).includes("/apply") && init?.method === "POST");
    expect(JSON.parse(requestBody(apply?.[1]))).toEqual({ deleteStale: true });
  });

  it("does not offer apply for an export made for another config, and says what to run", async () => {
    routeBff({ ...admin, ...image, "GET /api/console/rich-menus": () => json(richMenus({ stale: "config_changed" })) });
    renderApp({ path: "/console/rich-menus" });
    const stale = await screen.findByTestId("rich-menus-stale", {}, { timeout: 5000 });
    expect(stale.textContent).toContain("npm run richmenu -- export");
    expect(screen.getByRole("button", { name: "LINEに反映する" })).toHaveProperty("disabled", true);
  });

  it("offers a retry when the menus cannot be loaded", async () => {
    routeBff({
      ...admin,
      ...image,
      "GET /api/console/rich-menus": [() => json(errorBody("internal"), 500), () => json(richMenus())],
    });
    renderApp({ path: "/console/rich-menus" });
    await userEvent.click(await screen.findByRole("button", { name: /もう一度|再読み込み|再試行/ }, { timeout: 5000 }));
    expect(await screen.findByTestId("rich-menu-linked", {}, { timeout: 5000 })).toBeTruthy();
  });
});
