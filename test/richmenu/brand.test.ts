import { describe, expect, it } from "vitest";
import { loadMenuBrand, paletteFromBrand, type MenuBrand } from "../../bff/richmenu/brand-theme.ts";
import { buildDesiredMenus } from "../../bff/richmenu/desired-menus.ts";
import { parseRichMenuConfig, type RichMenuConfig } from "../../bff/richmenu/config.ts";
import { buildMenuSvg, DEFAULT_THEME } from "../../bff/richmenu/render.ts";
import { TEST_LIFF_ID, testConfig } from "./config-fixtures.ts";

const noFonts = { loadSystemFonts: false };
const shopBrand = loadMenuBrand();
const otherLogo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1f5f8b"/></svg>';
const otherBrand: MenuBrand = {
  colors: { primary: "#1f5f8b", onPrimary: "#ffffff", accent: "#9cc3dd", background: "#f2f6f9" },
  logoSvg: otherLogo,
};

function brandedConfig() {
  const config = testConfig();
  Object.assign(config.menus.unlinked.areas[0], { style: "primary" });
  config.menus.linked.areas[0].icon = "logo";
  return parseRichMenuConfig(config);
}

const build = (brand: MenuBrand) =>
  buildDesiredMenus(brandedConfig(), { baseDir: ".", liffId: TEST_LIFF_ID, fonts: noFonts, brand });

describe("rich menu images › the shop's brand", () => {
  it("takes the palette from brand/brand.config.json: the primary colour for icons, the active tab and the main button", () => {
    const palette = paletteFromBrand(shopBrand.colors);
    expect(palette).toMatchObject({
      icon: shopBrand.colors.primary,
      activeTab: shopBrand.colors.primary,
      activeTabText: shopBrand.colors.onPrimary,
      primary: shopBrand.colors.primary,
      onPrimary: shopBrand.colors.onPrimary,
    });
    const svg = buildMenuSvg({
      size: { width: 1200, height: 405 },
      theme: { ...DEFAULT_THEME, ...palette },
      tabs: [{ bounds: { x: 0, y: 0, width: 600, height: 60 }, label: "メニュー", active: true }],
      buttons: [{ bounds: { x: 0, y: 60, width: 600, height: 345 }, label: "会員証", icon: "logo" }],
      logoSvg: shopBrand.logoSvg,
    });
    expect(svg).toContain(`fill="${shopBrand.colors.primary}"`);
    expect(svg).toContain(`fill="${palette.background}"`);
    expect(svg).toContain(`href="data:image/svg+xml;base64,${Buffer.from(shopBrand.logoSvg).toString("base64")}"`);
  });

  it("renders other images, under other names, when the brand's colours or logo change", () => {
    const shop = build(shopBrand);
    const other = build(otherBrand);
    const logoOnly = build({ ...shopBrand, logoSvg: otherLogo });
    for (const [index, menu] of shop.entries()) {
      expect(other[index].name).not.toBe(menu.name);
      expect(Buffer.from(other[index].image.bytes).equals(Buffer.from(menu.image.bytes))).toBe(false);
    }
    // Only the linked menu shows the logo.
    expect(logoOnly.map((menu) => menu.name === shop.find((m) => m.key === menu.key)?.name)).toEqual([true, false, true]);
  });

  it("lets a menu config's own theme win over the brand's palette", () => {
    const themed = parseRichMenuConfig({ ...testConfig(), theme: { activeTab: "#000000" } });
    const names = (c: RichMenuConfig) =>
      buildDesiredMenus(c, { baseDir: ".", liffId: TEST_LIFF_ID, fonts: noFonts, brand: otherBrand }).map((m) => m.name);
    const plain = names(parseRichMenuConfig(testConfig()));
    expect(names(themed)).not.toEqual(plain);
    expect(names(parseRichMenuConfig(testConfig()))).toEqual(plain);
  });
});
