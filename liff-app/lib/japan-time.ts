import { useMemo } from "react";
import { useI18n } from "./i18n.tsx";
import type { Language } from "./language.ts";

const locales: Record<Language, string> = { ja: "ja-JP", en: "en-US" };

/**
 * Dates as the shop counts them, in Japan time wherever the phone is: points expire at the end
 * of a Japanese day, and a store visit happened at Japanese clock time.
 */
export function useJapanTime() {
  const { language } = useI18n();
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locales[language], {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "short",
      day: "numeric",
    });
    const dayAndTime = new Intl.DateTimeFormat(locales[language], {
      timeZone: "Asia/Tokyo",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
    });
    return {
      /** An instant ("2026-11-14T00:10:00Z") as its date and time in Japan. */
      dateTime: (instant: string) => dayAndTime.format(new Date(instant)),
      /** A Japanese calendar date ("2026-12-03") as that same date. */
      date: (isoDate: string) => day.format(new Date(`${isoDate}T12:00:00+09:00`)),
    };
  }, [language]);
}
