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
