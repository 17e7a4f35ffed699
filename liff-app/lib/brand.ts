import { brand } from "virtual:brand";
import type { Language } from "./language.ts";

// The merchant's brand (brand/brand.config.json), validated at build time by
// liff-app/build/brand-plugin.ts; its colours reach the stylesheet, not this module.
export { brand };

/** The rank's name in the customer's language; the merchant's own name for a rank the config lacks. */
export function rankName(rank: { code: string; name: string }, language: Language): string {
  return brand.rankNames[rank.code]?.[language] ?? rank.name;
}
