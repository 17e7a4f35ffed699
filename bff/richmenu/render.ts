import { Resvg } from "@resvg/resvg-js";
import { iconSvg, type IconName } from "./icons.ts";
import type { Bounds, Size } from "./layout.ts";
import type { MenuPalette } from "./brand-theme.ts";

// Draws a rich menu image from the config: an SVG of coloured buttons, icons and labels,
// turned into a PNG by resvg (prebuilt binaries, no native build). Japanese labels need a
// CJK font: system fonts are loaded, and `fontFiles` adds more (see README, "Rich menus").

/** Bump when the drawing changes, so apply uploads new images for unchanged configs. */
export const RENDERER_VERSION = "richmenu-renderer/2";

/** The brand's menu palette with the fonts the labels are drawn in. */
export interface ResolvedTheme extends MenuPalette {
  fontFamily: string;
  fontFiles: string[];
  systemFonts: boolean;
}

/**
 * The fonts, and a neutral palette for drawings made without a brand (tests of the renderer):
 * buildDesiredMenus always lays the brand's palette (brand-theme.ts) over these colours.
 */
export const DEFAULT_THEME: ResolvedTheme = {
  background: "#e9e2d6",
  button: "#fbf8f3",
  text: "#3b2a1a",
  icon: "#7a4b2a",
  tabBar: "#d8cdbd",
  tabText: "#6b5a48",
  activeTab: "#3b2a1a",
  activeTabText: "#ffffff",
  primary: "#3b2a1a",
  onPrimary: "#ffffff",
  fontFamily: "'Noto Sans CJK JP', 'Noto Sans JP', 'IPAexGothic', 'IPAGothic', 'Hiragino Sans', 'Yu Gothic', sans-serif",
  fontFiles: [],
  systemFonts: true,
};

/** A built-in icon, or the shop's logo. */
export type ButtonIcon = IconName | "logo";

export interface DrawnButton {
  bounds: Bounds;
  label: string;
  sublabel?: string;
  icon?: ButtonIcon;
  background?: string;
  foreground?: string;
}

export interface DrawnTab {
  bounds: Bounds;
  label: string;
  active: boolean;
}

export interface MenuDrawing {
  size: Size;
  theme: ResolvedTheme;
  tabs: DrawnTab[];
  buttons: DrawnButton[];
  /** The shop's logo (SVG text), drawn where a button's icon is "logo". */
  logoSvg?: string;
}

export interface FontOptions {
  /** Scan the machine's fonts (slower, ~0.1 s, but finds installed CJK fonts). Default true. */
  loadSystemFonts?: boolean;
  /** Absolute paths of extra font files. */
  fontFiles?: string[];
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);

/** Rough width of a label in em: CJK and full-width characters are square, Latin narrower. */
function widthInEm(text: string): number {
  let em = 0;
  for (const char of text)
    em += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 1 : 0.6;
  return Math.max(em, 1);
}

function text(
  content: string,
  { x, y, size, color, family, weight }: { x: number; y: number; size: number; color: string; family: string; weight: number },
): string {
  return (
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size.toFixed(1)}" font-weight="${weight}" ` +
    `font-family="${escapeXml(family)}" fill="${color}" text-anchor="middle" dominant-baseline="central">${escapeXml(content)}</text>`
  );
}

/** The menu as an SVG document; deterministic, so its hash identifies the image's design. */
export function buildMenuSvg({ size, theme, tabs, buttons, logoSvg }: MenuDrawing): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="${size.width}" height="${size.height}" fill="${theme.background}"/>`,
  ];
  const gap = Math.max(4, Math.round(Math.min(size.width, size.height) * 0.006));

  for (const tab of tabs) {
    const { x, y, width, height } = tab.bounds;
    parts.push(
      `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${tab.active ? theme.activeTab : theme.tabBar}"/>`,
    );
    if (!tab.active)
      parts.push(`<rect x="${x}" y="${y + height - gap}" width="${width}" height="${gap}" fill="${theme.background}"/>`);
    const fontSize = Math.min(height * 0.36, (width * 0.8) / widthInEm(tab.label));
    parts.push(
      text(tab.label, {
        x: x + width / 2,
        y: y + height / 2,
        size: fontSize,
        color: tab.active ? theme.activeTabText : theme.tabText,
        family: theme.fontFamily,
        weight: 700,
      }),
    );
  }

  for (const button of buttons) {
    const { x, y, width, height } = button.bounds;
    const inner = { x: x + gap, y: y + gap, width: width - 2 * gap, height: height - 2 * gap };
    const radius = Math.round(Math.min(inner.width, inner.height) * 0.06);
    parts.push(
      `<rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" rx="${radius}" fill="${button.background ?? theme.button}"/>`,
    );
    const color = button.foreground ?? theme.text;
    const centreX = inner.x + inner.width / 2;
    const labelSize = Math.min(inner.height * 0.13, (inner.width * 0.84) / widthInEm(button.label));
    const sublabelSize = button.sublabel ? Math.min(labelSize * 0.55, (inner.width * 0.84) / widthInEm(button.sublabel)) : 0;
    const iconSize = button.icon ? Math.min(inner.width, inner.height) * 0.34 : 0;
    const spacing = labelSize * 0.35;
    const blockHeight = iconSize + (iconSize ? spacing : 0) + labelSize + (sublabelSize ? spacing * 0.6 + sublabelSize : 0);
    let top = inner.y + (inner.height - blockHeight) / 2;
    if (button.icon) {
      const place = { cx: centreX, cy: top + iconSize / 2, size: iconSize };
      parts.push(
        button.icon === "logo"
          ? logoImage(logoSvg, place)
          : iconSvg(button.icon, { ...place, color: button.foreground ?? theme.icon }),
      );
      top += iconSize + spacing;
    }
    parts.push(
      text(button.label, { x: centreX, y: top + labelSize / 2, size: labelSize, color, family: theme.fontFamily, weight: 700 }),
    );
    top += labelSize + spacing * 0.6;
    if (button.sublabel) {
      parts.push(
        text(button.sublabel, {
          x: centreX,
          y: top + sublabelSize / 2,
          size: sublabelSize,
          color,
          family: theme.fontFamily,
          weight: 400,
        }),
      );
    }
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** The logo as an embedded SVG image, centred on (cx, cy); nothing without a logo. */
function logoImage(logoSvg: string | undefined, { cx, cy, size }: { cx: number; cy: number; size: number }): string {
  if (!logoSvg) return "";
  const href = `data:image/svg+xml;base64,${Buffer.from(logoSvg, "utf8").toString("base64")}`;
  return (
    `<image x="${(cx - size / 2).toFixed(1)}" y="${(cy - size / 2).toFixed(1)}" width="${size.toFixed(1)}" ` +
    `height="${size.toFixed(1)}" href="${href}"/>`
  );
}

function resvgFontOptions(fonts: FontOptions, defaultFontFamily?: string) {
  return {
    loadSystemFonts: fonts.loadSystemFonts ?? true,
    fontFiles: fonts.fontFiles ?? [],
    ...(defaultFontFamily ? { defaultFontFamily } : {}),
  };
}

/** Renders an SVG to PNG bytes. */
export function renderPng(svg: string, fonts: FontOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, { font: resvgFontOptions(fonts), logLevel: "off" });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * The characters of `labels` that no available font can draw. resvg leaves such glyphs out
 * silently, which would upload a menu with blank buttons; each character is drawn in its own
 * cell of one small image, and an empty cell means the glyph is missing.
 */
export function findMissingGlyphs(labels: string[], family: string, fonts: FontOptions = {}): string[] {
  const characters = [...new Set(labels.join("").replace(/\s/g, ""))];
  if (characters.length === 0) return [];
  const cell = 40;
  const columns = 16;
  const rows = Math.ceil(characters.length / columns);
  const glyphs = characters.map((char, index) =>
    text(char, {
      x: (index % columns) * cell + cell / 2,
      y: Math.floor(index / columns) * cell + cell / 2,
      size: 28,
      color: "#000000",
      family,
      weight: 400,
    }),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${columns * cell}" height="${rows * cell}">${glyphs.join("")}</svg>`;
  const image = new Resvg(svg, { font: resvgFontOptions(fonts), logLevel: "off" }).render();
  const { pixels, width } = image;
  return characters.filter((_, index) => {
    const left = (index % columns) * cell;
    const top = Math.floor(index / columns) * cell;
    for (let y = top; y < top + cell; y++) {
      for (let x = left; x < left + cell; x++) if (pixels[(y * width + x) * 4 + 3] !== 0) return false;
    }
    return true;
  });
}
