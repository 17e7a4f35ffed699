import type { Language } from "./language.ts";

/**
 * Every number, amount, date and time the app shows, in one style per language. Dates and times
 * are Japan time wherever the phone is: the shop, its opening hours and a point's expiry day are
 * Japanese.
 */
export interface Formats {
  /** 3200 as "3,200". */
  number: (value: number) => string;
  /** 3200 as "¥3,200" in both languages (en-US's sign: ja-JP's would be the full-width "￥"). */
  yen: (amount: number) => string;
  /** A Japan calendar date ("2026-12-24") as "12月24日(木)" or "Thu, Dec 24". */
  date: (isoDate: string) => string;
  /** An instant as its Japan clock time: "14:05" or "2:05 PM" (a no-break space before PM). */
  time: (instant: string | number) => string;
  /** An instant as its Japan date and time: "12月24日(木) 14:05" or "Thu, Dec 24, 2:05 PM". */
  dateTime: (instant: string | number) => string;
  /** From one instant to a later one on the same day: "12月24日(木) 10:00–11:00", the range unbroken. */
  span: (startsAt: string, endsAt: string) => string;
  /** Which of a message's plural forms a count takes ("one" only for English 1). */
  pluralForm: (count: number) => PluralForm;
}

export type PluralForm = "one" | "other";

const locales: Record<Language, string> = { ja: "ja-JP", en: "en-US" };

/**
 * Each formatter is made on its first use: a phone's first Intl formatters take tens of
 * milliseconds to make (more with a Japan time zone), and the card at the register needs at most one.
 */
export function createFormats(language: Language): Formats {
  const locale = locales[language];
  const zone = { timeZone: "Asia/Tokyo" } as const;
  const number = once(() => new Intl.NumberFormat(locale));
  const yen = once(() => new Intl.NumberFormat("en-US", { style: "currency", currency: "JPY" }));
  const dateParts = { ...zone, month: language === "ja" ? "long" : "short", day: "numeric", weekday: "short" } as const;
  // Japanese clocks run 0–23; English keeps its usual 12-hour clock with AM/PM.
  const timeParts =
    language === "ja"
      ? ({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const)
      : ({ hour: "numeric", minute: "2-digit", hourCycle: "h12" } as const);
  const date = once(() => new Intl.DateTimeFormat(locale, dateParts));
  const time = once(() => keepDayPeriodWithTime(new Intl.DateTimeFormat(locale, { ...zone, ...timeParts })));
  const dateTime = once(() => keepDayPeriodWithTime(new Intl.DateTimeFormat(locale, { ...dateParts, ...timeParts })));
  const plurals = once(() => new Intl.PluralRules(locale));
  const asDate = (instant: string | number) => new Date(instant);
  return {
    number: (value) => number().format(value),
    yen: (amount) => yen().format(amount),
    // Noon in Japan: the same calendar day in every zone the formatter could slip into.
    date: (isoDate) => date().format(new Date(`${isoDate}T12:00:00+09:00`)),
    time: (instant) => time()(asDate(instant)),
    dateTime: (instant) => dateTime()(asDate(instant)),
    span: (startsAt, endsAt) => `${dateTime()(asDate(startsAt))}${TIME_RANGE_DASH}${time()(asDate(endsAt))}`,
    pluralForm: (count) => (plurals().select(count) === "one" ? "one" : "other"),
  };
}

/** `make()`'s value, made on the first call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

const NO_BREAK_SPACE = "\u00a0";

/**
 * The en dash between a span's two times, held to both by word joiners (U+2060): "11:00–12:30"
 * must not end a line at "11:00–" on a 320 px screen.
 */
const TIME_RANGE_DASH = "\u2060–\u2060";

/**
 * The formatter's text with a no-break space before AM/PM: on a 320 px screen "10:30 AM" must
 * not end a line at "10:30". (Japanese 24-hour times have no day period and come out as they are.)
 */
function keepDayPeriodWithTime(format: Intl.DateTimeFormat): (instant: Date) => string {
  return (instant) => {
    const parts = format.formatToParts(instant);
    return parts
      .map((part, index) =>
        part.type === "literal" && parts[index + 1]?.type === "dayPeriod"
          ? part.value.replace(/\s+/gu, NO_BREAK_SPACE)
          : part.value,
      )
      .join("");
  };
}
