import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A small valid config for tests, as plain JSON to mutate. Its menus are 1200×405, the
// smallest common size, because PNG encoding dominates the time a test apply takes.

export const TEST_LIFF_ID = "2000000000-testmenu";

export function testConfig() {
  return {
    name: "testshop",
    menus: {
      unlinked: {
        chatBarText: "メニュー",
        selected: true,
        size: { width: 1200, height: 405 },
        layout: "1x2",
        areas: [
          { label: "会員連携", icon: "link", action: { type: "app", path: "/link" } },
          {
            label: "お問い合わせ",
            icon: "chat",
            action: { type: "postback", data: "action=contact", displayText: "お問い合わせ" },
          },
        ],
      },
      linked: {
        chatBarText: "会員メニュー",
        size: { width: 1200, height: 405 },
        layout: "tabs+1x3",
        tabs: ["linked", "linked-news"],
        tabLabel: "メニュー",
        areas: [
          { label: "会員証", icon: "card", action: { type: "app", path: "/card" } },
          { label: "ポイント", icon: "points", action: { type: "app", path: "/points" } },
          { label: "ショップ", icon: "shop", action: { type: "uri", uri: "https://shop.example/" } },
        ],
      },
      "linked-news": {
        chatBarText: "会員メニュー",
        size: { width: 1200, height: 405 },
        layout: "tabs+1x2",
        tabs: ["linked", "linked-news"],
        tabLabel: "お知らせ",
        areas: [
          { label: "お知らせ", icon: "news", action: { type: "message", text: "お知らせ" } },
          { label: "メニューへ", action: { type: "tab", menu: "linked" } },
        ],
      },
    },
  };
}

export type TestConfig = ReturnType<typeof testConfig>;

/** Writes `config` to a fresh temporary directory; returns the file's path. */
export function writeConfig(config: unknown, directory = mkdtempSync(join(tmpdir(), "richmenu-test-"))): string {
  const path = join(directory, "richmenu.config.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
