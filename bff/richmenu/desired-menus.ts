import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  LINKED_MENU_KEY,
  RichMenuConfigError,
  UNLINKED_MENU_KEY,
  formatFieldPath,
  type AreaAction,
  type ConfigIssue,
  type MenuConfig,
  type RichMenuConfig,
} from "./config.ts";
import { boundsProblem, layoutBounds, MENU_SIZES, parseLayout, type Bounds, type Size } from "./layout.ts";
import { contentTypeOf, imageProblems, readImageInfo, sizeProblems } from "./line-limits.ts";
import { loadMenuBrand, paletteFromBrand, type MenuBrand } from "./brand-theme.ts";
import {
  buildMenuSvg,
  DEFAULT_THEME,
  findMissingGlyphs,
  renderPng,
  RENDERER_VERSION,
  type DrawnButton,
  type DrawnTab,
  type FontOptions,
  type ResolvedTheme,
} from "./render.ts";

// Turns the config into the exact rich menus LINE should hold: the rich menu objects, their
// images and their names. A menu's name ends in a hash of everything LINE would show, so
// "is this menu already there?" is a name lookup and a second apply changes nothing.

export type LineAction =
  | { type: "uri"; label: string; uri: string }
  | { type: "postback"; label: string; data: string; displayText?: string }
  | { type: "message"; label: string; text: string }
  | { type: "richmenuswitch"; label: string; richMenuAliasId: string; data: string };

/** The rich menu object sent to `POST /v2/bot/richmenu`. */
export interface LineRichMenu {
  size: Size;
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: { bounds: Bounds; action: LineAction }[];
}

export interface MenuImage {
  bytes: Uint8Array;
  contentType: "image/png" | "image/jpeg";
  source: "file" | "rendered";
}

export interface DesiredMenu {
  key: string;
  /** Every menu gets an alias named after its key; `linked` is the one the BFF uses. */
  aliasId: string;
  /** `<config name>:<key>:<hash12>` */
  name: string;
  /** The account's default menu (the unlinked menu). */
  isDefault: boolean;
  richMenu: LineRichMenu;
  image: MenuImage;
  /** Characters of a rendered image's labels that no installed font could draw. */
  missingGlyphs: string[];
}

export interface BuildDesiredMenusOptions {
  /** Image and font paths in the config are relative to this directory. */
  baseDir: string;
  /** The LIFF app id for "app" actions (LIFF_ID); falls back to the config's `liffId`. */
  liffId?: string;
  fonts?: FontOptions;
  /** The shop's colours and logo; brand/brand.config.json when left out. */
  brand?: MenuBrand;
  /**
   * Wraps an area's link (an app screen or a URL) in a tracked link, so its taps are counted;
   * `sourceId` is `<menu key>:<area index>`. Links stay as they are without it.
   */
  track?: (sourceId: string, uri: string) => string;
}

/** The id a rich menu area's taps are counted under: `<menu key>:<area index>`. */
export function richMenuAreaSourceId(menuKey: string, areaIndex: number): string {
  return `${menuKey}:${areaIndex}`;
}

const SWITCH_DATA_PREFIX = "richmenu-tab=";

/** The LIFF permanent link of an app screen: `https://liff.line.me/{liffId}/card`. */
export function liffPermanentLink(liffId: string, path: string): string {
  return `https://liff.line.me/${liffId}${path}`;
}

/** Resolves, renders and checks every menu; throws RichMenuConfigError naming bad fields. */
export function buildDesiredMenus(config: RichMenuConfig, options: BuildDesiredMenusOptions): DesiredMenu[] {
  const issues: ConfigIssue[] = [];
  const liffId = options.liffId ?? config.liffId;
  const brand = options.brand ?? loadMenuBrand();
  const menus: DesiredMenu[] = [];
  for (const [key, menu] of Object.entries(config.menus)) {
    const built = buildMenu(config, key, menu, { ...options, liffId, brand }, (path, message) =>
      issues.push({ path: formatFieldPath(["menus", key, ...path]), message }),
    );
    if (built) menus.push(built);
  }
  if (issues.length > 0) throw new RichMenuConfigError("the rich menu config", issues);
  // The default menu first: a friend sees it even while the rest are still being created.
  return menus.sort((a, b) => rank(a.key) - rank(b.key));
}

function rank(key: string): number {
  return key === UNLINKED_MENU_KEY ? 0 : key === LINKED_MENU_KEY ? 1 : 2;
}

type Report = (path: PropertyKey[], message: string) => void;

function buildMenu(
  config: RichMenuConfig,
  key: string,
  menu: MenuConfig,
  options: BuildDesiredMenusOptions & { brand: MenuBrand },
  report: Report,
): DesiredMenu | null {
  const layout = parseLayout(menu.layout);
  if (layout === null) return null;
  const theme = resolveTheme(config, menu, options.brand);

  const suppliedImage = menu.image ? readSuppliedImage(resolve(options.baseDir, menu.image.file), report) : null;
  if (menu.image && suppliedImage === null) return null;
  const size = menuSize(menu, suppliedImage?.info);
  const sizeIssues = sizeProblems(size);
  sizeIssues.forEach((problem) => report(["size"], problem));
  if (sizeIssues.length > 0) return null;
  if (suppliedImage && (suppliedImage.info.width !== size.width || suppliedImage.info.height !== size.height)) {
    const { width, height } = suppliedImage.info;
    report(["image"], `the image is ${width}×${height} px but the menu is ${size.width}×${size.height} px`);
    return null;
  }

  const tabKeys = layout.tabs ? (menu.tabs ?? []) : [];
  const placed = layoutBounds(layout, size, tabKeys.length);
  const tabs = tabKeys.map((tabKey, index) => {
    const label = config.menus[tabKey]?.tabLabel ?? tabKey;
    return { key: tabKey, label, bounds: placed.tabs[index] };
  });
  const areaBounds = menu.areas.map((area, index) => area.bounds ?? placed.cells[index]);

  let valid = true;
  areaBounds.forEach((bounds, index) => {
    const problem = boundsProblem(bounds, size);
    if (problem) {
      report(["areas", index, "bounds"], problem);
      valid = false;
    }
  });
  const actions = menu.areas.map((area, index) => {
    const plain = lineAction(area.action, area.label, options.liffId);
    const action =
      plain?.type === "uri" && options.track
        ? { ...plain, uri: options.track(richMenuAreaSourceId(key, index), plain.uri) }
        : plain;
    if (action === null) {
      report(
        ["areas", index, "action"],
        'opens an app screen, which needs the LIFF app id: set LIFF_ID or "liffId" in the config',
      );
      valid = false;
    }
    return action;
  });
  if (!valid) return null;

  const areas = [
    ...tabs.map((tab) => ({ bounds: tab.bounds, action: switchTo(tab.key, tab.label) })),
    ...menu.areas.map((_, index) => ({ bounds: areaBounds[index], action: actions[index]! })),
  ];

  let image: MenuImage;
  let imageIdentity: unknown;
  let missingGlyphs: string[] = [];
  if (suppliedImage) {
    image = { bytes: suppliedImage.bytes, contentType: contentTypeOf(suppliedImage.info.format), source: "file" };
    imageIdentity = { file: sha256(suppliedImage.bytes) };
  } else {
    const fonts: FontOptions = {
      loadSystemFonts: options.fonts?.loadSystemFonts ?? theme.systemFonts,
      fontFiles: [...(options.fonts?.fontFiles ?? []), ...theme.fontFiles.map((file) => resolve(options.baseDir, file))],
    };
    const drawing = {
      size,
      theme,
      tabs: tabs.map<DrawnTab>((tab) => ({ bounds: tab.bounds, label: tab.label, active: tab.key === key })),
      buttons: menu.areas.map<DrawnButton>((area, index) => ({
        bounds: areaBounds[index],
        label: area.label,
        sublabel: area.sublabel,
        icon: area.icon,
        background: area.background ?? (area.style === "primary" ? theme.primary : undefined),
        foreground: area.foreground ?? (area.style === "primary" ? theme.onPrimary : undefined),
      })),
      logoSvg: options.brand.logoSvg,
    };
    const svg = buildMenuSvg(drawing);
    const drawnText = [...drawing.tabs.map((tab) => tab.label), ...drawing.buttons.flatMap((b) => [b.label, b.sublabel ?? ""])];
    missingGlyphs = findMissingGlyphs(drawnText, theme.fontFamily, fonts);
    image = { bytes: renderPng(svg, fonts), contentType: "image/png", source: "rendered" };
    // The design, not the pixels: the same config gives the same name on any machine. Missing
    // glyphs are part of it, so a menu uploaded without its font is replaced once one is there.
    imageIdentity = {
      svg: sha256(svg),
      renderer: RENDERER_VERSION,
      fontFiles: theme.fontFiles,
      systemFonts: theme.systemFonts,
      missingGlyphs,
    };
    imageProblems(image.bytes, size).forEach((problem) => report(["image"], `the rendered image ${problem}`));
  }

  const content = { size, selected: menu.selected, chatBarText: menu.chatBarText, areas };
  const hash = sha256(JSON.stringify({ menu: content, image: imageIdentity })).slice(0, 12);
  const name = `${config.name}:${key}:${hash}`;
  return {
    key,
    aliasId: key,
    name,
    isDefault: key === UNLINKED_MENU_KEY,
    richMenu: { size, selected: menu.selected, name, chatBarText: menu.chatBarText, areas },
    image,
    missingGlyphs,
  };
}

/** The brand's palette, then the config's theme, then the menu's own: the most specific wins. */
function resolveTheme(config: RichMenuConfig, menu: MenuConfig, brand: MenuBrand): ResolvedTheme {
  return { ...DEFAULT_THEME, ...paletteFromBrand(brand.colors), ...config.theme, ...menu.theme };
}

function menuSize(menu: MenuConfig, imageSize?: Size): Size {
  if (menu.size === undefined) return imageSize ? { width: imageSize.width, height: imageSize.height } : MENU_SIZES.large;
  return typeof menu.size === "string" ? MENU_SIZES[menu.size] : menu.size;
}

function readSuppliedImage(path: string, report: Report) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    report(["image", "file"], `cannot be read (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  const info = readImageInfo(bytes);
  const problems = imageProblems(bytes);
  problems.forEach((problem) => report(["image", "file"], problem));
  if (info === null || problems.length > 0) return null;
  return { bytes, info };
}

function switchTo(menuKey: string, label: string): LineAction {
  return { type: "richmenuswitch", label, richMenuAliasId: menuKey, data: `${SWITCH_DATA_PREFIX}${menuKey}` };
}

/** The LINE action for an area; null when an app link has no LIFF id to go with it. */
function lineAction(action: AreaAction, label: string, liffId: string | undefined): LineAction | null {
  switch (action.type) {
    case "app":
      return liffId ? { type: "uri", label, uri: liffPermanentLink(liffId, action.path) } : null;
    case "uri":
      return { type: "uri", label, uri: action.uri };
    case "postback":
      return { type: "postback", label, data: action.data, ...(action.displayText ? { displayText: action.displayText } : {}) };
    case "message":
      return { type: "message", label, text: action.text };
    case "tab":
      return switchTo(action.menu, label);
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
