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

export interface PlannedReminder extends DueReminder {
  /** When to send it (epoch ms): its planned time, or the end of quiet hours, or now for one overdue. */
  sendAt: number;
}

/**
 * The reminders of these reservations that go out by `now + horizonMs`, each with its send
 * time, so they can be recorded ahead and released on the hour. One whose time has passed but
 * whose slot has not is sent now (or when quiet hours end); a day-before reminder whose
 * hours-before one is already due is dropped: one message, not two at once.
 */
export function planReminders(
  candidates: readonly ReminderCandidate[],
  schedule: ReminderSchedule,
  now: number,
  horizonMs: number,
): PlannedReminder[] {
  const planned: PlannedReminder[] = [];
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

    const sendAtOf = (at: number) => (at <= now ? sendTime(now, schedule.quietHours) : at);
    const add = (kind: ReminderKind, at: number) => {
      // Overdue: now, unless now is quiet, then when the quiet hours end (if still before the slot).
      const sendAt = sendAtOf(at);
      if (sendAt >= start || sendAt > now + horizonMs) return;
      planned.push({
        reminderId: reminderIdOf(reservation.reservationId, kind, reservation.startsAt),
        kind,
        lineUserId: reservation.lineUserId!,
        reservation,
        sendAt,
      });
    };
    if (hoursApplies) add("hours_before", hoursAt);
    // A late day-before reminder that would go out with (or after) the hours-before one is dropped.
    if (dayApplies && !(hoursApplies && sendAtOf(dayAt) >= hoursAt)) add("day_before", dayAt);
  }
  return planned;
}
