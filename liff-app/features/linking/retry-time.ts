import type { Language } from "../../lib/language.ts";

const locales: Record<Language, string> = { ja: "ja-JP", en: "en-GB" };

/**
 * When linking may be tried again: whole minutes to wait and the clock time in Japan (where the
 * shop and the rate limit's window are), rounded up to the minute so "after 14:10" is true.
 */
export function describeRetryTime(
  answeredAt: number,
  retryAfterSeconds: number,
  language: Language,
): { minutes: number; clock: string } {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const retryAt = Math.ceil((answeredAt + retryAfterSeconds * 1000) / 60_000) * 60_000;
  const clock = new Intl.DateTimeFormat(locales[language], {
    timeZone: "Asia/Tokyo",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(retryAt);
  return { minutes, clock };
}
