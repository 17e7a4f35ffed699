import { describe, expect, it } from "vitest";
import type { ReminderCandidate } from "../../../shared/merchant-contract.ts";
import { isQuiet, planReminders, reminderIdOf, sendTime, type ReminderSchedule } from "../../../bff/reminders/plan.ts";

const schedule: ReminderSchedule = { dayBeforeLocalHour: 18, hoursBefore: 2, quietHours: { startHour: 21, endHour: 8 } };
const at = (iso: string) => Date.parse(iso);
const USER = `U${"a".repeat(32)}`;

function reservation(startsAt: string, bookedAt = "2026-11-01T00:00:00+09:00", id = "rsv_1"): ReminderCandidate {
  return {
    reservationId: id,
    storeName: "渋谷店",
    serviceName: "テイスティング席",
    startsAt,
    partySize: 2,
    bookedAt,
    lineUserId: USER,
  };
}
const kinds = (candidates: ReminderCandidate[], now: string, s = schedule) =>
  planReminders(candidates, s, at(now), 0).map((due) => due.kind);

// A horizon of 0: what is due at that moment.
describe("planReminders, due now", () => {
  it("is due the day before at the merchant's Japan hour, then hours before", () => {
    const slot = [reservation("2026-11-20T14:00:00+09:00")];
    expect(kinds(slot, "2026-11-19T17:59:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-19T18:00:00+09:00")).toEqual(["day_before"]);
    expect(kinds(slot, "2026-11-20T11:59:00+09:00")).toEqual(["day_before"]);
    expect(kinds(slot, "2026-11-20T12:00:00+09:00")).toEqual(["hours_before"]);
    expect(kinds(slot, "2026-11-20T14:00:00+09:00")).toEqual([]);
  });

  it("names reminders by reservation, kind and slot start, so a moved reservation has new ids", () => {
    const [before] = planReminders([reservation("2026-11-20T14:00:00+09:00")], schedule, at("2026-11-20T12:30:00+09:00"), 0);
    const [moved] = planReminders([reservation("2026-11-20T15:00:00+09:00")], schedule, at("2026-11-20T13:30:00+09:00"), 0);
    expect(before!.reminderId).toBe("rsv_1:hours_before:2026-11-20T05:00:00.000Z");
    expect(moved!.reminderId).toBe(reminderIdOf("rsv_1", "hours_before", "2026-11-20T06:00:00.000Z"));
    expect(moved!.reminderId).not.toBe(before!.reminderId);
  });

  it("sends nothing inside quiet hours and moves a quiet send time to their end", () => {
    // A 09:00 slot: 2 hours before is 07:00, quiet until 08:00.
    const slot = [reservation("2026-11-20T09:00:00+09:00")];
    expect(kinds(slot, "2026-11-20T07:30:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-20T08:00:00+09:00")).toEqual(["hours_before"]);
    expect(kinds(slot, "2026-11-19T22:00:00+09:00")).toEqual([]);
    expect(isQuiet(at("2026-11-19T21:00:00+09:00"), schedule.quietHours)).toBe(true);
    expect(isQuiet(at("2026-11-19T20:59:00+09:00"), schedule.quietHours)).toBe(false);
    expect(sendTime(at("2026-11-19T23:00:00+09:00"), schedule.quietHours)).toBe(at("2026-11-20T08:00:00+09:00"));
  });

  it("drops a reminder that quiet hours would push to or past the slot", () => {
    // 08:30 slot: 2 hours before is 06:30 → 08:00, still before the slot; a 08:00 slot gets none.
    expect(kinds([reservation("2026-11-20T08:30:00+09:00")], "2026-11-20T08:00:00+09:00")).toEqual(["hours_before"]);
    expect(kinds([reservation("2026-11-20T08:00:00+09:00")], "2026-11-20T08:00:00+09:00")).toEqual([]);
  });

  it("a 23:30 JST booking for the next morning gets no day-before reminder, only the hours-before one", () => {
    const booked = "2026-11-19T23:30:00+09:00"; // 14:30Z, still 19 November in UTC as well
    const slot = [reservation("2026-11-20T11:00:00+09:00", booked)];
    expect(kinds(slot, "2026-11-20T08:00:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-20T09:00:00+09:00")).toEqual(["hours_before"]);
  });

  it("a 23:30 JST booking for the day after next gets its day-before reminder on the Japan day before", () => {
    const slot = [reservation("2026-11-21T11:00:00+09:00", "2026-11-19T23:30:00+09:00")];
    expect(kinds(slot, "2026-11-20T17:59:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-20T18:00:00+09:00")).toEqual(["day_before"]);
  });

  it("a slot just after midnight is reminded at 18:00 on the Japan day before, not the UTC one", () => {
    // 00:30 JST on 21 November is 15:30Z on 20 November; the day before in Japan is 20 November.
    const slot = [reservation("2026-11-21T00:30:00+09:00")];
    expect(kinds(slot, "2026-11-19T18:00:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-20T18:00:00+09:00")).toEqual(["day_before"]);
    // 2 hours before is 22:30, quiet; its end (08:00) is after the slot: no second reminder.
    expect(kinds(slot, "2026-11-20T22:30:00+09:00")).toEqual([]);
    expect(kinds(slot, "2026-11-20T20:59:00+09:00")).toEqual(["day_before"]);
  });

  it("skips reservations without a LINE user and slots already started", () => {
    const unlinked = { ...reservation("2026-11-20T14:00:00+09:00"), lineUserId: null };
    expect(kinds([unlinked], "2026-11-20T12:30:00+09:00")).toEqual([]);
    expect(kinds([reservation("2026-11-20T12:00:00+09:00")], "2026-11-20T12:30:00+09:00")).toEqual([]);
  });

  it("without quiet hours sends at the planned times, night included", () => {
    const open = { ...schedule, quietHours: null };
    expect(kinds([reservation("2026-11-21T00:30:00+09:00")], "2026-11-20T22:30:00+09:00", open)).toEqual(["hours_before"]);
  });
});
