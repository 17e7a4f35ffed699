/** "12.3%", or a dash without friends to divide by. */
export function percent(rate: number | null, language: string): string {
  if (rate === null) return "—";
  return new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-US", { style: "percent", maximumFractionDigits: 1 }).format(
    rate,
  );
}
