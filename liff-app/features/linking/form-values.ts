// Normalising and checking what customers type, mirroring the BFF's schemas (shared/) without
// bringing zod into the browser. Japanese keyboards often produce full-width digits, letters
// and dashes; they are turned into what the merchant expects before checking.

/** Full-width letters and digits to ASCII, half-width katakana to full-width (NFKC). */
export function toNarrow(value: string): string {
  return value.normalize("NFKC");
}

// "ー" is what a Japanese keyboard in kana mode types for "-"; the others are look-alike dashes.
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff0d\uff70]/g;

export function normalizeMemberNumber(value: string): string {
  return toNarrow(value).replace(/\s+/g, "").replace(DASHES, "-");
}

export function normalizeDigits(value: string): string {
  return toNarrow(value).replace(/\s+/g, "");
}

/** A Japanese phone number as digits only: hyphens, spaces and brackets dropped. */
export function normalizePhone(value: string): string {
  return toNarrow(value)
    .replace(DASHES, "-")
    .replace(/[\s()-]/g, "");
}

/** Katakana for a name reading: hiragana is converted, half-width kana widened. */
export function normalizeKana(value: string): string {
  return toNarrow(value)
    .trim()
    .replace(/[\u3041-\u3096]/g, (hiragana) => String.fromCharCode(hiragana.charCodeAt(0) + 0x60));
}

export const MEMBER_NUMBER = /^[0-9A-Za-z-]{1,32}$/;
export const PIN = /^\d{4,8}$/;
export const ONE_TIME_CODE = /^\d{6}$/;
export const KANA = /^[ァ-ヶー　 ]+$/;
export const PHONE = /^0\d{9,10}$/;
// The same pattern as zod's z.email(), which the BFF checks with.
export const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** Today in Japan as YYYY-MM-DD: birth dates are compared with the customer's calendar. */
export function todayInJapan(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** A real calendar date (YYYY-MM-DD) between 1900-01-01 and `today`. */
export function isPlausibleBirthDate(value: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  return value >= "1900-01-01" && value <= today;
}
