// Japan time without a date library: Asia/Tokyo has had no daylight saving since 1951, so a
// fixed +09:00 offset is exact. Customers book and merchants set hours in Japan time; the BFF
// and the merchant exchange instants.

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The Japan calendar date (YYYY-MM-DD) of an instant. */
export function japanDate(at: number): string {
  return new Date(at + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Japan hour of the day (0–23) of an instant. */
/** The Japan month of an instant, "2026-12": message counts are kept per calendar month in Japan. */
export function japanMonth(at: number): string {
  return japanDate(at).slice(0, 7);
}

export function japanHour(at: number): number {
  return new Date(at + JAPAN_OFFSET_MS).getUTCHours();
}

/** The instant of a Japan date at a Japan hour (the hour may run past 23 into the next days). */
export function japanInstant(date: string, hour: number): number {
  return Date.parse(`${date}T00:00:00Z`) - JAPAN_OFFSET_MS + hour * HOUR_MS;
}

/** A Japan date some days later (or earlier). */
export function addJapanDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A slot as the messages show it: "11月3日(火) 10:00", or "Tue, Nov 3, 10:00 (Japan time)" in English. */
export function formatJapanDateTime(at: number, language: "ja" | "en"): string {
  const formatter = new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-US", {
    timeZone: "Asia/Tokyo",
    month: language === "ja" ? "numeric" : "short",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts = formatter.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const time = `${part("hour")}:${part("minute")}`;
  return language === "ja"
    ? `${part("month")}月${part("day")}日(${part("weekday")}) ${time}`
    : `${part("weekday")}, ${part("month")} ${part("day")}, ${time} (Japan time)`;
}
