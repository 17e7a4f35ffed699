/** "12.3%", or a dash without friends to divide by. */
export function percent(rate: number | null, language: string): string {
  if (rate === null) return "—";
  return new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-US", { style: "percent", maximumFractionDigits: 1 }).format(
    rate,
  );
}

/** A Japan month ("2026-12") as "2026年12月" or "December 2026". */
export function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-US", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "long",
  }).format(new Date(`${month}-15T12:00:00+09:00`));
}
