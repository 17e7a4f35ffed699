import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBrandConfig, type BrandConfig } from "../../shared/brand.ts";

// The rendered rich menus wear the shop's brand (brand/brand.config.json): the palette is mixed
// from its four colours and the logo can stand in for an icon, so a new brand needs no second
// set of colours here. A menu config's own `theme` still wins where a designer wants to adjust.

export const DEFAULT_BRAND_PATH = fileURLToPath(new URL("../../brand/brand.config.json", import.meta.url));

/** What a rendered menu takes from the brand. */
export interface MenuBrand {
  colors: BrandConfig["colors"];
  /** The logo file's SVG text. */
  logoSvg: string;
}

/** The colours a rendered menu is drawn with (render.ts adds the fonts for its ResolvedTheme). */
export interface MenuPalette {
  background: string;
  button: string;
  text: string;
  icon: string;
  tabBar: string;
  tabText: string;
  activeTab: string;
  activeTabText: string;
  /** An area with `"style": "primary"` (the menu's main call to action). */
  primary: string;
  onPrimary: string;
}

/** Reads and validates the brand config and its logo; throws naming each bad field. */
export function loadMenuBrand(configPath = DEFAULT_BRAND_PATH): MenuBrand {
  const config = parseBrandConfig(JSON.parse(readFileSync(configPath, "utf8")), configPath);
  return { colors: config.colors, logoSvg: readFileSync(resolve(dirname(configPath), config.logo), "utf8") };
}

/**
 * The menu's palette from the brand: buttons a shade lighter than the page colour on a ground
 * tinted with the accent, labels in a deep shade of the primary colour, icons and the active tab
 * in the primary colour itself.
 */
export function paletteFromBrand(colors: BrandConfig["colors"]): MenuPalette {
  const ground = mix(colors.background, colors.accent, 0.3);
  const tabBar = mix(colors.background, colors.accent, 0.5);
  const text = mix(colors.primary, "#000000", 0.5);
  return {
    background: ground,
    button: mix(colors.background, "#ffffff", 0.5),
    text,
    icon: colors.primary,
    tabBar,
    tabText: mix(text, tabBar, 0.2),
    activeTab: colors.primary,
    activeTabText: colors.onPrimary,
    primary: colors.primary,
    onPrimary: colors.onPrimary,
  };
}

/** `a` moved `share` of the way to `b` (0 keeps `a`, 1 gives `b`), per sRGB channel. */
function mix(a: string, b: string, share: number): string {
  const channel = (hex: string, offset: number) => parseInt(hex.slice(offset, offset + 2), 16);
  return `#${[1, 3, 5]
    .map((offset) => Math.round(channel(a, offset) * (1 - share) + channel(b, offset) * share))
    .map((value) => value.toString(16).padStart(2, "0"))
    .join("")}`;
}
