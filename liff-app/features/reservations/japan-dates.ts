import { useMemo } from "react";
import { useI18n } from "../../lib/i18n.tsx";
import type { Language } from "../../lib/language.ts";

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Japan calendar date ("2026-11-23") of an instant, wherever the phone is. */
export function japanDateOf(instant: number): string {
  return new Date(instant + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** `count` Japan dates from the one of `now`, the days a customer may pick from. */
export function nextJapanDates(now: number, count: number): string[] {
  const today = Date.parse(`${japanDateOf(now)}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(today + index * DAY_MS).toISOString().slice(0, 10));
}

const locales: Record<Language, string> = { ja: "ja-JP", en: "en-US" };

/** Reservation dates and times as the store keeps them: in Japan time. */
export function useReservationFormat() {
  const { language } = useI18n();
  return useMemo(() => {
    const zone = { timeZone: "Asia/Tokyo" } as const;
    const dayChip = new Intl.DateTimeFormat(locales[language], { ...zone, month: "numeric", day: "numeric", weekday: "short" });
    const time = new Intl.DateTimeFormat(locales[language], { ...zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const dateTime = new Intl.DateTimeFormat(locales[language], {
      ...zone,
      year: "numeric",
      month: "short",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    return {
      /** A Japan date ("2026-11-23") as "11/23(月)". */
      day: (isoDate: string) => dayChip.format(new Date(`${isoDate}T12:00:00+09:00`)),
      /** An instant as its Japan clock time ("10:00"). */
      time: (instant: string) => time.format(new Date(instant)),
      /** An instant as its Japan date and time. */
      dateTime: (instant: string) => dateTime.format(new Date(instant)),
      /** A slot from start to end ("2026年11月23日(月) 10:00–11:00"). */
      span: (startsAt: string, endsAt: string) => `${dateTime.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`,
    };
  }, [language]);
}
