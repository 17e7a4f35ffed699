import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRichMenuConfig, parseRichMenuConfig } from "../../bff/richmenu/config.ts";
import { buildDesiredMenus } from "../../bff/richmenu/desired-menus.ts";
import { imageProblems, readImageInfo, RICH_MENU_LIMITS } from "../../bff/richmenu/line-limits.ts";
import { buildMenuSvg, DEFAULT_THEME, findMissingGlyphs, renderPng } from "../../bff/richmenu/render.ts";
import { DEFAULT_CONFIG_PATH } from "../../bff/richmenu/cli.ts";
import { TEST_LIFF_ID, testConfig } from "./config-fixtures.ts";
import { gifBytes, jpegBytes, pngBytes } from "./image-fixtures.ts";

const noFonts = { loadSystemFonts: false };

describe("rich menu images › LINE's limits", () => {
  it("reads the format and size of PNG and JPEG headers", () => {
    expect(readImageInfo(pngBytes(2500, 1686))).toEqual({ format: "png", width: 2500, height: 1686 });
    expect(readImageInfo(jpegBytes(1200, 810))).toEqual({ format: "jpeg", width: 1200, height: 810 });
    expect(readImageInfo(gifBytes(2500, 843))).toBeNull();
  });

  it("accepts 800 to 2500 px wide, at least 250 px high, width/height at least 1.45, up to 1 MB", () => {
    expect(imageProblems(pngBytes(2500, 1686))).toEqual([]);
    expect(imageProblems(pngBytes(800, 250))).toEqual([]);
    expect(imageProblems(jpegBytes(2500, 843))).toEqual([]);
    expect(imageProblems(pngBytes(1450, 1000, RICH_MENU_LIMITS.image.maxBytes))).toEqual([]);
  });

  it("refuses an image too small", () => {
    expect(imageProblems(pngBytes(799, 300))).toEqual(["width 799 px is outside 800–2500 px"]);
    expect(imageProblems(pngBytes(1000, 249))).toEqual(["height 249 px is below 250 px"]);
    expect(imageProblems(pngBytes(2501, 843))).toEqual(["width 2501 px is outside 800–2500 px"]);
  });

  it("refuses an image of the wrong ratio", () => {
    expect(imageProblems(pngBytes(1000, 700))).toEqual(["width/height 1.43 is below 1.45"]);
  });

  it("refuses an image too big", () => {
    expect(imageProblems(pngBytes(2500, 1686, 1_000_001))).toEqual(["is 1.00 MB, over LINE's 1.00 MB limit"]);
  });

  it("refuses an image of the wrong format", () => {
    expect(imageProblems(gifBytes(2500, 843))).toEqual(["is not a PNG or JPEG image"]);
    expect(imageProblems(new TextEncoder().encode("<svg/>"))).toEqual(["is not a PNG or JPEG image"]);
  });

  it("refuses an image whose size is not the menu's", () => {
    expect(imageProblems(pngBytes(2500, 843), { width: 2500, height: 1686 })).toEqual([
      "is 2500×843 px but the menu is 2500×1686 px",
    ]);
  });
});

describe("rich menu images › rendered from the config", () => {
  it("renders the sample config's menus as PNGs of the menu's size, far under 1 MB", () => {
    const config = loadRichMenuConfig(DEFAULT_CONFIG_PATH);
    const menus = buildDesiredMenus(config, {
      baseDir: dirname(DEFAULT_CONFIG_PATH),
      liffId: "2000000000-devmock",
      fonts: noFonts,
    });
    expect(menus.map((menu) => menu.key)).toEqual(["unlinked", "linked", "linked-news"]);
    for (const menu of menus) {
      expect(readImageInfo(menu.image.bytes)).toEqual({ format: "png", ...menu.richMenu.size });
      expect(imageProblems(menu.image.bytes, menu.richMenu.size)).toEqual([]);
      expect(menu.image.bytes.byteLength).toBeLessThan(RICH_MENU_LIMITS.image.maxBytes / 4);
      expect(menu.name).toMatch(new RegExp(`^komorebi:${menu.key}:[0-9a-f]{12}$`));
      expect(menu.richMenu.areas.length).toBeLessThanOrEqual(RICH_MENU_LIMITS.maxAreas);
    }
    const linked = menus[1].richMenu;
    expect(linked.areas.slice(0, 3).map((area) => area.action)).toEqual([
      { type: "richmenuswitch", label: "メニュー", richMenuAliasId: "linked", data: "richmenu-tab=linked" },
      { type: "richmenuswitch", label: "お知らせ", richMenuAliasId: "linked-news", data: "richmenu-tab=linked-news" },
      { type: "uri", label: "会員証", uri: "https://liff.line.me/2000000000-devmock/card" },
    ]);
  });

  it("names a menu by its content: the same config gives the same name, a changed label another", () => {
    const build = (label: string) => {
      const config = testConfig();
      config.menus.linked.areas[0].label = label;
      return buildDesiredMenus(parseRichMenuConfig(config), { baseDir: ".", liffId: TEST_LIFF_ID, fonts: noFonts });
    };
    const [first, again, changed] = [build("会員証"), build("会員証"), build("デジタル会員証")];
    expect(again.map((menu) => menu.name)).toEqual(first.map((menu) => menu.name));
    expect(changed[1].name).not.toBe(first[1].name);
    expect(changed[0].name).toBe(first[0].name);
  });

  it("reports every character no font can draw (here: no fonts at all), so apply can refuse blank buttons", () => {
    expect(findMissingGlyphs(["会員証", "Shop 会員"], DEFAULT_THEME.fontFamily, noFonts)).toEqual([
      "会",
      "員",
      "証",
      "S",
      "h",
      "o",
      "p",
    ]);
  });

  it("draws buttons and a tab bar into an SVG of the menu's size, escaping label text", () => {
    const svg = buildMenuSvg({
      size: { width: 2500, height: 843 },
      theme: DEFAULT_THEME,
      tabs: [{ bounds: { x: 0, y: 0, width: 2500, height: 126 }, label: "A&B", active: true }],
      buttons: [{ bounds: { x: 0, y: 126, width: 2500, height: 717 }, label: "<会員証>", icon: "card" }],
    });
    expect(svg).toContain('width="2500" height="843"');
    expect(svg).toContain("A&amp;B");
    expect(svg).toContain("&lt;会員証&gt;");
    expect(readImageInfo(renderPng(svg, noFonts))).toEqual({ format: "png", width: 2500, height: 843 });
  });
});
