import type { Fulfilment } from "../../shared/merchant-contract.ts";

// The carrier's tracking page for a parcel. The merchant's own URL wins: it knows which carrier
// and which service it booked (a carrier's name is free text here, and one carrier runs several
// tracking systems), and a carrier that moves its page is fixed there for every shop at once.
// Only when the merchant sends none is one built, for the three carriers most Japanese shops use,
// from their public one-number search pages.

const CARRIER_PAGES: ReadonlyArray<{ names: RegExp; page: (digits: string) => string }> = [
  {
    names: /ヤマト|クロネコ|yamato|kuroneko/i,
    page: (digits) => `https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=${digits}`,
  },
  {
    names: /佐川|sagawa/i,
    page: (digits) => `https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=${digits}`,
  },
  {
    names: /日本郵便|郵便局|ゆうパック|ゆうパケット|japan ?post/i,
    page: (digits) =>
      `https://trackings.post.japanpost.jp/services/srv/search/direct?searchKind=S002&locale=ja&reqCodeNo1=${digits}`,
  },
];

/** The tracking page of a domestic parcel number (10 to 14 digits, hyphens allowed) with a known carrier; null otherwise. */
export function carrierTrackingUrl(carrier: string | null, trackingNumber: string | null): string | null {
  if (!carrier || !trackingNumber) return null;
  const digits = trackingNumber.replace(/[-\s]/g, "");
  if (!/^[0-9]{10,14}$/.test(digits)) return null;
  return CARRIER_PAGES.find((known) => known.names.test(carrier))?.page(digits) ?? null;
}

/** The fulfilment with `trackingUrl` set: the merchant's when it gave one, else one built for a known carrier. */
export function withTrackingUrl(fulfilment: Fulfilment): Fulfilment {
  if (fulfilment.type !== "delivery") return fulfilment;
  return {
    ...fulfilment,
    trackingUrl: fulfilment.trackingUrl ?? carrierTrackingUrl(fulfilment.carrier, fulfilment.trackingNumber),
  };
}
