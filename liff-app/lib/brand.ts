import { brand } from "virtual:brand";
import type { StoreDetails } from "../../shared/brand.ts";
import type { Language } from "./language.ts";

// The merchant's brand (brand/brand.config.json), validated at build time by
// liff-app/build/brand-plugin.ts; its colours reach the stylesheet, not this module.
export { brand };

/** The rank's name in the customer's language; the merchant's own name for a rank the config lacks. */
export function rankName(rank: { code: string; name: string }, language: Language): string {
  return brand.rankNames[rank.code]?.[language] ?? rank.name;
}

/** The brand config's details of a store (address, hours, phone, map), by the merchant's storeId. */
export function storeDetails(storeId: string): StoreDetails | null {
  return Object.hasOwn(brand.stores, storeId) ? (brand.stores[storeId] ?? null) : null;
}

/** The store's name in the customer's language: the brand config's, else the merchant's own. */
export function storeName(storeId: string, merchantName: string, language: Language): string {
  return storeDetails(storeId)?.name[language] ?? merchantName;
}

/** The `tel:` URI of a phone number as the config writes it (the hyphens are for reading). */
export function telUri(phone: string): string {
  return `tel:${phone.replaceAll("-", "")}`;
}
