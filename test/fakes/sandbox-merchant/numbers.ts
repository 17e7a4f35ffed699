import { z } from "zod";
import type { MerchantDatabase } from "./database.ts";

// The numbers customers see and quote on the phone, as a shop's systems print them: one series
// per kind for the whole merchant, kept in its SQLite (number_sequences). Ids stay internal.

const formats = {
  // 10240001 → "1024-0001"
  order: (value: number) => `${String(value).slice(0, 4)}-${String(value).slice(4)}`,
  // 4801 → "R-4801"
  reservation: (value: number) => `R-${value}`,
} as const;

/** The next number in a series; call it inside the write's transaction, so no two share one. */
export function nextNumber(db: MerchantDatabase, series: keyof typeof formats): string {
  db.run("UPDATE number_sequences SET last_value = last_value + 1 WHERE name = ?", [series]);
  const { value } = db.row(
    "SELECT last_value AS value FROM number_sequences WHERE name = ?",
    [series],
    z.object({ value: z.number().int() }),
  )!;
  return formats[series](value);
}
