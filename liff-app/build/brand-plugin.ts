import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Plugin } from "vite";
import { BrandConfigError, parseBrandConfig, type BrandConfig } from "../../shared/brand.ts";

const BRAND_MODULE = "virtual:brand";
const BRAND_CSS = "virtual:brand.css";
// A path ending in .css, so Vite's CSS pipeline bundles it into the app's stylesheet: the
// colours arrive with the first paint (no flash of another colour) and need no inline style,
// which the CSP forbids.
const RESOLVED_BRAND_CSS = "/__brand.css";
const MAX_LOGO_BYTES = 8 * 1024;

/** The part of the brand the app's code reads; colours and card designs go to CSS instead. */
export interface AppBrand {
  shopName: BrandConfig["shopName"];
  shortName: BrandConfig["shortName"];
  logoUrl: string;
  rankNames: Partial<Record<string, { ja: string; en: string }>>;
  links: BrandConfig["links"];
  contact: BrandConfig["contact"];
  stores: BrandConfig["stores"];
}

export interface BrandPluginOptions {
  /** The merchant's brand/brand.config.json. */
  configPath: string;
}

/**
 * Validates the brand config when the build (or a test run) starts, failing with every bad
 * field named, and feeds it to the app: `virtual:brand` (names, logo, links, contact, stores),
 * `virtual:brand.css` (colours as custom properties, the member card per rank) and index.html
 * (title, favicon, theme colour, the names for the card drawn before the app).
 */
export function brandPlugin({ configPath }: BrandPluginOptions): Plugin {
  let loaded: { brand: BrandConfig; logoPath: string } | null = null;
  const load = () => (loaded ??= loadBrand(configPath));

  return {
    name: "brand",
    buildStart() {
      loaded = null;
      const { logoPath } = load();
      this.addWatchFile(configPath);
      this.addWatchFile(logoPath);
    },
    resolveId(id) {
      if (id === BRAND_MODULE) return `\0${BRAND_MODULE}`;
      if (id === BRAND_CSS) return RESOLVED_BRAND_CSS;
      return null;
    },
    load(id) {
      if (id === `\0${BRAND_MODULE}`) return brandModule(load().brand, load().logoPath);
      if (id === RESOLVED_BRAND_CSS) return brandStylesheet(load().brand);
      return null;
    },
    transformIndexHtml: {
      // Before Vite's own pass, so it turns the favicon's path into a built asset.
      order: "pre",
      handler(html, context) {
        const { brand, logoPath } = load();
        // The dev server serves files outside the app's root under /@fs/; the build resolves a
        // path relative to index.html and emits the file as an asset.
        const href = context.server
          ? `/@fs${logoPath.split("\\").join("/")}`
          : relative(dirname(context.filename), logoPath).split("\\").join("/");
        return {
          html: html.replace(/<title>.*<\/title>/, `<title>${escapeHtml(brand.shopName.ja)}</title>`),
          tags: [
            {
              tag: "link",
              attrs: { rel: "icon", type: "image/svg+xml", href },
              injectTo: "head",
            },
            // The shop's names for the card the page's first script draws before the app
            // (features/card/instant-card.ts), with the icon above as its logo: read from the
            // page, they keep the brand module out of that script.
            {
              tag: "script",
              attrs: { type: "application/json", id: "brand-header" },
              children: JSON.stringify({ shopName: brand.shopName, shortName: brand.shortName }).replaceAll("<", "\\u003c"),
              injectTo: "head",
            },
          ],
        };
      },
    },
  };
}

function loadBrand(configPath: string): { brand: BrandConfig; logoPath: string } {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BrandConfigError(configPath, [{ path: "", message: `cannot be read as JSON: ${reason}` }]);
  }
  const brand = parseBrandConfig(input, configPath);
  const logoPath = join(dirname(configPath), brand.logo);
  let logo: Buffer;
  try {
    logo = readFileSync(logoPath);
  } catch {
    throw new BrandConfigError(configPath, [{ path: "logo", message: `${logoPath} cannot be read` }]);
  }
  if (logo.byteLength > MAX_LOGO_BYTES)
    throw new BrandConfigError(configPath, [
      { path: "logo", message: `must be at most ${MAX_LOGO_BYTES / 1024} KB (it is ${logo.byteLength} bytes)` },
    ]);
  if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(logo.toString("utf8")))
    throw new BrandConfigError(configPath, [{ path: "logo", message: "must be an SVG file starting with <svg" }]);
  return { brand, logoPath };
}

function brandModule(brand: BrandConfig, logoPath: string): string {
  const appBrand: Omit<AppBrand, "logoUrl"> = {
    shopName: brand.shopName,
    shortName: brand.shortName,
    rankNames: Object.fromEntries(Object.entries(brand.ranks).map(([code, rank]) => [code, rank.name])),
    links: brand.links,
    contact: brand.contact,
    stores: brand.stores,
  };
  // ?no-inline: a file the header and the favicon share, not a data: URL inside the script.
  return [
    `import logoUrl from ${JSON.stringify(`${logoPath}?no-inline`)};`,
    `export const brand = { ...${JSON.stringify(appBrand)}, logoUrl };`,
  ].join("\n");
}

/** The brand's colours as the custom properties styles.css uses, and one card design per rank. */
export function brandStylesheet(brand: BrandConfig): string {
  const { primary, onPrimary, accent, background } = brand.colors;
  const root = [
    `--primary: ${primary};`,
    `--primary-deep: ${mix(primary, "#000000", 0.2)};`,
    `--primary-tint: ${mix(primary, "#ffffff", 0.9)};`,
    `--on-primary: ${onPrimary};`,
    `--accent: ${accent};`,
    `--page: ${background};`,
  ];
  const ranks = Object.entries(brand.ranks).map(
    ([code, { card }]) =>
      `.member-card[data-rank="${code}"] { --card-background: ${card.background}; --card-background-deep: ${mix(card.background, "#000000", 0.15)}; --card-foreground: ${card.foreground}; --card-accent: ${card.accent}; }`,
  );
  return [`:root { ${root.join(" ")} }`, ...ranks].join("\n");
}

/** Mixes two #rrggbb colours: `amount` of the way from `from` to `to`. */
function mix(from: string, to: string, amount: number): string {
  const channel = (hex: string, offset: number) => parseInt(hex.slice(offset, offset + 2), 16);
  return `#${[1, 3, 5]
    .map((offset) => Math.round(channel(from, offset) + (channel(to, offset) - channel(from, offset)) * amount))
    .map((value) => value.toString(16).padStart(2, "0"))
    .join("")}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
