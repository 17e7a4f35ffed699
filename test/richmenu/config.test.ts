import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRichMenuConfig, parseRichMenuConfig, RichMenuConfigError, type ConfigIssue } from "../../bff/richmenu/config.ts";
import { buildDesiredMenus } from "../../bff/richmenu/desired-menus.ts";
import { TEST_LIFF_ID, testConfig, writeConfig, type TestConfig } from "./config-fixtures.ts";
import { jpegBytes, pngBytes } from "./image-fixtures.ts";

const noFonts = { loadSystemFonts: false };

/** The issues a config is rejected with (fails the test when it is accepted). */
function issuesOf(change: (config: TestConfig & Record<string, unknown>) => void): ConfigIssue[] {
  const config = testConfig() as TestConfig & Record<string, unknown>;
  change(config);
  try {
    parseRichMenuConfig(config);
  } catch (error) {
    if (error instanceof RichMenuConfigError) return error.issues;
    throw error;
  }
  throw new Error("the config was accepted");
}

/** The issues raised once images and sizes are resolved. */
function resolveIssuesOf(config: unknown, directory?: string): ConfigIssue[] {
  const path = writeConfig(config, directory);
  try {
    buildDesiredMenus(loadRichMenuConfig(path), { baseDir: dirname(path), liffId: TEST_LIFF_ID, fonts: noFonts });
  } catch (error) {
    if (error instanceof RichMenuConfigError) return error.issues;
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("rich menu config › validation names the bad field", () => {
  it("accepts the test config", () => {
    expect(() => parseRichMenuConfig(testConfig())).not.toThrow();
  });

  it("a URI that is not https", () => {
    expect(issuesOf((c) => (c.menus.linked.areas[2].action = { type: "uri", uri: "http://shop.example/" }))).toEqual([
      { path: "menus.linked.areas[2].action.uri", message: "must be https" },
    ]);
  });

  it("chat bar text over LINE's 14 characters, and a label over 20", () => {
    const issues = issuesOf((c) => {
      c.menus.unlinked.chatBarText = "こもれび珈琲の会員メニューはこちら";
      c.menus.linked.areas[0].label = "会員証".repeat(7);
    });
    expect(issues).toEqual([
      { path: "menus.unlinked.chatBarText", message: "must be at most 14 characters (LINE's limit)" },
      { path: "menus.linked.areas[0].label", message: "must be at most 20 characters (LINE's limit for labels)" },
    ]);
  });

  it("a missing linked menu, whose alias the BFF links members to", () => {
    expect(issuesOf((c) => delete (c.menus as Partial<TestConfig["menus"]>).linked)).toContainEqual({
      path: "menus",
      message: 'must have a menu "linked" (the menu linked members see)',
    });
  });

  it("a menu key that cannot be an alias id", () => {
    expect(issuesOf((c) => Object.assign(c.menus, { "Linked News": c.menus["linked-news"] }))).toContainEqual({
      path: "menus.Linked News",
      message: "the key must be 1 to 32 characters of a-z, 0-9, _ and - (a menu's key is also its alias id)",
    });
  });

  it("an unknown action type, a misspelt field and an unknown icon", () => {
    const issues = issuesOf((c) => {
      Object.assign(c.menus.unlinked.areas[0], { action: { type: "camera" }, icon: "rocket" });
      Object.assign(c.menus.unlinked.areas[1], { lable: "typo" });
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: "menus.unlinked.areas[0].action.type",
          message: 'must have a "type" of "app", "uri", "postback", "message" or "tab"',
        },
        { path: "menus.unlinked.areas[0].icon", message: expect.stringMatching(/^must be one of card, points/) },
        { path: "menus.unlinked.areas[1]", message: expect.stringContaining('"lable"') },
      ]),
    );
  });

  it("an app path that is not a path, and postback data over 300 characters", () => {
    const issues = issuesOf((c) => {
      c.menus.linked.areas[0].action = { type: "app", path: "card" };
      c.menus.unlinked.areas[1].action = { type: "postback", data: "x".repeat(301), displayText: "ok" };
    });
    expect(issues).toEqual([
      { path: "menus.unlinked.areas[1].action.data", message: "must be at most 300 characters" },
      { path: "menus.linked.areas[0].action.path", message: "must be a path in the app starting with /, such as /card" },
    ]);
  });

  it("a grid with the wrong number of areas, and a custom layout without bounds", () => {
    const issues = issuesOf((c) => {
      c.menus.linked.areas.pop();
      c.menus.unlinked.layout = "custom";
    });
    expect(issues).toEqual([
      { path: "menus.unlinked.areas[0].bounds", message: 'is required by the "custom" layout' },
      { path: "menus.unlinked.areas[1].bounds", message: 'is required by the "custom" layout' },
      { path: "menus.linked.areas", message: 'the "tabs+1x3" layout needs exactly 3 areas, got 2' },
    ]);
  });

  it("tabs to a menu that does not exist or has no tab label, and a tab action to an unknown menu", () => {
    const issues = issuesOf((c) => {
      c.menus.linked.tabs = ["linked", "linked-news", "coupons"];
      delete (c.menus["linked-news"] as { tabLabel?: string }).tabLabel;
      c.menus["linked-news"].areas[1].action = { type: "tab", menu: "nope" };
    });
    expect(issues).toEqual([
      { path: "menus.linked.tabs[1]", message: 'menu "linked-news" needs a "tabLabel" to appear in a tab bar' },
      { path: "menus.linked.tabs[2]", message: 'there is no menu "coupons"' },
      { path: "menus.linked-news.tabs[1]", message: 'menu "linked-news" needs a "tabLabel" to appear in a tab bar' },
      { path: "menus.linked-news.areas[1].action.menu", message: 'there is no menu "nope"' },
    ]);
  });

  it("more than 20 areas once the tab bar is counted", () => {
    const issues = issuesOf((c) => {
      c.menus.linked.layout = "tabs+3x5";
      c.menus.linked.areas = Array.from({ length: 15 }, (_, index) => ({
        label: `${index}`,
        icon: "star",
        action: { type: "app", path: "/" },
      }));
      c.menus.linked.tabs = ["linked", "linked-news", "unlinked", "a", "b", "c"];
    });
    expect(issues).toContainEqual({ path: "menus.linked.areas", message: "has 15 areas plus 6 tabs; LINE allows at most 20" });
    const tooMany = issuesOf((c) => {
      c.menus.unlinked.layout = "custom";
      c.menus.unlinked.areas = Array.from({ length: 21 }, () => ({
        label: "x",
        icon: "star",
        action: { type: "app", path: "/" },
        bounds: { x: 0, y: 0, width: 10, height: 10 },
      }));
    });
    expect(tooMany).toContainEqual({ path: "menus.unlinked.areas", message: "must have at most 20 areas (LINE's limit)" });
  });

  it("a file that is not JSON", () => {
    const path = writeConfig({});
    writeFileSync(path, "{ name: komorebi");
    expect(() => loadRichMenuConfig(path)).toThrow(/cannot be read as JSON/);
  });
});

describe("rich menu config › checks that need the image size", () => {
  it("an area outside the image", () => {
    const config = testConfig() as Record<string, unknown> & TestConfig;
    Object.assign(config.menus.unlinked, {
      layout: "custom",
      areas: config.menus.unlinked.areas.map((area, index) => ({
        ...area,
        bounds: { x: index * 600, y: 0, width: 700, height: 405 },
      })),
    });
    expect(resolveIssuesOf(config)).toEqual([
      { path: "menus.unlinked.areas[1].bounds", message: "reaches (1300, 405), outside the 1200×405 image" },
    ]);
  });

  it("an app screen without a LIFF app id", () => {
    const path = writeConfig(testConfig());
    expect(() => buildDesiredMenus(loadRichMenuConfig(path), { baseDir: dirname(path), fonts: noFonts })).toThrow(
      /menus\.unlinked\.areas\[0\]\.action: opens an app screen, which needs the LIFF app id/,
    );
  });

  it("an explicit size LINE refuses", () => {
    const config = testConfig();
    Object.assign(config.menus.unlinked, { size: { width: 1000, height: 800 } });
    expect(resolveIssuesOf(config)).toEqual([{ path: "menus.unlinked.size", message: "width/height 1.25 is below 1.45" }]);
  });

  it("a supplied image that is missing, or whose size differs from the menu's", () => {
    const config = testConfig();
    Object.assign(config.menus.unlinked, { image: { file: "missing.png" } });
    expect(resolveIssuesOf(config)).toEqual([
      { path: "menus.unlinked.image.file", message: expect.stringMatching(/^cannot be read/) },
    ]);

    const directory = dirname(writeConfig({}));
    writeFileSync(join(directory, "menu.jpg"), jpegBytes(2500, 1686));
    Object.assign(config.menus.unlinked, { image: { file: "menu.jpg" } });
    expect(resolveIssuesOf(config, directory)).toEqual([
      { path: "menus.unlinked.image", message: "the image is 2500×1686 px but the menu is 1200×405 px" },
    ]);
  });

  it("takes a supplied image's size when the menu gives none", () => {
    const config = testConfig();
    const directory = dirname(writeConfig({}));
    writeFileSync(join(directory, "menu.png"), pngBytes(1200, 405));
    Object.assign(config.menus.unlinked, { image: { file: "menu.png" }, size: undefined });
    const path = writeConfig(config, directory);
    const [unlinked] = buildDesiredMenus(loadRichMenuConfig(path), { baseDir: directory, liffId: TEST_LIFF_ID, fonts: noFonts });
    expect(unlinked.richMenu.size).toEqual({ width: 1200, height: 405 });
    expect(unlinked.image).toMatchObject({ contentType: "image/png", source: "file" });
    expect(unlinked.richMenu.areas.map((area) => area.bounds)).toEqual([
      { x: 0, y: 0, width: 600, height: 405 },
      { x: 600, y: 0, width: 600, height: 405 },
    ]);
  });
});
