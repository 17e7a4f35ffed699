import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BrandConfigError, contrastRatio, parseBrandConfig } from "../../shared/brand.ts";
import { brandStylesheet } from "../../liff-app/build/brand-plugin.ts";

const shipped: unknown = JSON.parse(readFileSync(new URL("../../brand/brand.config.json", import.meta.url), "utf8"));
const valid = parseBrandConfig(shipped);

function issuesOf(input: unknown): string[] {
  try {
    parseBrandConfig(input, "brand.config.json");
  } catch (error) {
    if (error instanceof BrandConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("parseBrandConfig", () => {
  it("accepts the shipped komorebi brand, with a design for each sandbox merchant rank", () => {
    expect(valid.shopName.ja).toBe("こもれび珈琲");
    expect(Object.keys(valid.ranks)).toEqual(["regular", "silver", "gold"]);
  });

  it("names the field of each bad value", () => {
    expect(
      issuesOf({
        ...valid,
        shopName: { ja: " ", en: "Komorebi Coffee" },
        colors: { ...valid.colors, accent: "brown" },
        links: { ...valid.links, privacyPolicy: "http://komorebi-coffee.example/privacy" },
        ranks: { Gold: valid.ranks.gold },
      }),
    ).toEqual([
      "shopName.ja: must not be empty",
      "colors.accent: must be a colour such as #7a4b2a",
      "ranks.Gold: must be the merchant's rank code, such as gold",
      "links.privacyPolicy: must be an https URL",
    ]);
  });

  it("refuses text colours that do not read on their background", () => {
    expect(
      issuesOf({
        ...valid,
        colors: { ...valid.colors, onPrimary: "#c8a27a" },
        ranks: { gold: { ...valid.ranks.gold, card: { ...valid.ranks.gold.card, foreground: "#ffffff" } } },
      }),
    ).toEqual([
      "colors.onPrimary: must contrast with primary at least 4.5:1 for legible text (it is 3.1:1)",
      "ranks.gold.card.foreground: must contrast with background at least 4.5:1 for legible text (it is 2.1:1)",
    ]);
  });

  it("needs a way to reach the shop, a logo that is an SVG path, and no unknown fields", () => {
    expect(issuesOf({ ...valid, logo: "../logo.png", contact: { hours: valid.contact.hours }, colour: "#000000" })).toEqual([
      "logo: must be the path of an .svg file next to the config, such as logo.svg",
      "contact.phone: needs a phone or a url",
      "colour: is not a brand config field",
    ]);
  });

  it("describes each store by the merchant's storeId, naming the bad field of a store", () => {
    expect(Object.keys(valid.stores)).toEqual(["store_shibuya", "store_kichijoji", "store_futakotamagawa"]);
    const shibuya = valid.stores.store_shibuya!;
    expect(
      issuesOf({
        ...valid,
        stores: {
          store_shibuya: { ...shibuya, phone: "call us", mapUrl: "http://maps.example/shibuya", hours: { ja: "8:00〜20:00" } },
          渋谷: shibuya,
        },
      }),
    ).toEqual([
      "stores.store_shibuya.hours.en: Invalid input: expected string, received undefined",
      "stores.store_shibuya.phone: must be a phone number such as 03-1234-5678",
      "stores.store_shibuya.mapUrl: must be an https URL",
      "stores.渋谷: must be the merchant's store id, such as store_shibuya",
    ]);
  });

  it("takes a brand without stores: the app then shows only what the merchant says", () => {
    const { stores: _stores, ...withoutStores } = valid;
    expect(parseBrandConfig(withoutStores).stores).toEqual({});
  });

  it("says which file is wrong in its message", () => {
    expect(() => parseBrandConfig({ ...valid, ranks: {} }, "brand/brand.config.json")).toThrow(
      "brand/brand.config.json is not a valid brand config:\n  ranks: must describe at least one rank",
    );
  });
});

describe("contrastRatio", () => {
  it("follows WCAG: black on white is 21:1, a colour on itself 1:1", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrastRatio("#7a4b2a", "#7a4b2a")).toBe(1);
  });
});

describe("brandStylesheet", () => {
  it("sets the brand colours as custom properties and one card design per rank", () => {
    const css = brandStylesheet(valid);
    expect(css).toContain("--primary: #7a4b2a;");
    expect(css).toContain("--page: #f7f2ea;");
    expect(css).toContain('.member-card[data-rank="gold"] { --card-background: #d4ac4c;');
  });
});
