import type { QuietHours, ReminderCandidate } from "../../shared/merchant-contract.ts";
import { addJapanDays, HOUR_MS, japanDate, japanHour, japanInstant } from "../reservations/japan-time.ts";

// Which reminders are due, as a pure function of the reservations, the merchant's schedule and
// the time. The send log (send-log.ts) makes each one go exactly once; this only decides.
//
// - day_before: at dayBeforeLocalHour on the Japan day before the slot's Japan date.
// - hours_before: hoursBefore hours before the slot.
// - A send time inside quiet hours moves to the end of them; one that would then fall at or
//   after the slot is dropped, and nothing at all is due while it is quiet.
// - A reminder whose planned time was before the reservation was booked (or moved) is
//   dropped: a booking at 23:30 for 10:00 the next day gets no "day before" reminder.
// - day_before is dropped once hours_before is due: one message, not two at once.
// - Ids carry the slot's start, so a moved reservation has new reminders, and the old ones
//   are never planned again.

export type ReminderKind = "day_before" | "hours_before";

export interface ReminderSchedule {
  dayBeforeLocalHour: number;
  hoursBefore: number;
  quietHours: QuietHours | null;
}

export interface DueReminder {
  reminderId: string;
  kind: ReminderKind;
  lineUserId: string;
  reservation: ReminderCandidate;
}

/** The window of slot starts a run must look at: the day-before reminder is at most 48 hours ahead. */
export function candidateWindow(now: number): { from: string; to: string } {
  return { from: new Date(now).toISOString(), to: new Date(now + 48 * HOUR_MS).toISOString() };
}

/** `<reservationId>:<kind>:<slot start ISO>`: stable across runs, new when the slot moves. */
export function reminderIdOf(reservationId: string, kind: ReminderKind, startsAt: string): string {
  return `${reservationId}:${kind}:${new Date(startsAt).toISOString()}`;
}

export function isQuiet(at: number, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.startHour === quiet.endHour) return false;
  const hour = japanHour(at);
  return quiet.startHour < quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

/** The planned time, or the end of the quiet hours it falls in. */
export function sendTime(planned: number, quiet: QuietHours | null): number {
  if (!quiet || !isQuiet(planned, quiet)) return planned;
  let end = japanInstant(japanDate(planned), quiet.endHour);
  if (end <= planned) end = japanInstant(addJapanDays(japanDate(planned), 1), quiet.endHour);
  return end;
}

/** The reminders due at `now` for these reservations (confirmed ones, as the merchant lists them). */
export function planDueReminders(candidates: readonly ReminderCandidate[], schedule: ReminderSchedule, now: number): DueReminder[] {
  if (isQuiet(now, schedule.quietHours)) return [];
  const due: DueReminder[] = [];
  for (const reservation of candidates) {
    if (reservation.lineUserId === null) continue;
    const start = Date.parse(reservation.startsAt);
    const bookedAt = Date.parse(reservation.bookedAt);
    if (start <= now) continue;

    const hoursPlanned = start - schedule.hoursBefore * HOUR_MS;
    const hoursAt = sendTime(hoursPlanned, schedule.quietHours);
    const hoursApplies = hoursPlanned >= bookedAt && hoursAt < start;

    const dayPlanned = japanInstant(addJapanDays(japanDate(start), -1), schedule.dayBeforeLocalHour);
    const dayAt = sendTime(dayPlanned, schedule.quietHours);
    const dayApplies = dayPlanned >= bookedAt && dayAt < start && (!hoursApplies || dayAt < hoursAt);

    const add = (kind: ReminderKind) =>
      due.push({ reminderId: reminderIdOf(reservation.reservationId, kind, reservation.startsAt), kind, lineUserId: reservation.lineUserId!, reservation });
    if (hoursApplies && hoursAt <= now) add("hours_before");
    else if (dayApplies && dayAt <= now) add("day_before");
  }
  return due;
}
