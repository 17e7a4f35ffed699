import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { DueReminder } from "./plan.ts";

// The reminder send log in D1 (strongly consistent): one row per reminder id. A run claims a
// reminder by INSERT … ON CONFLICT under the primary key before sending, so of two overlapping
// runs exactly one sends it. A failed send is claimable again by a later run, and so is a claim
// left pending by a run that died; both resend with the same X-Line-Retry-Key, so if the first
// attempt did reach LINE, LINE answers 409 instead of delivering twice.

/** A pending claim older than this belongs to a run that died; LINE keeps retry keys for 24 h. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;
/** Reminders per statement: they travel as one JSON parameter (D1 allows 100 bound parameters, not rows). */
const CHUNK = 500;

export type ReminderOutcome = "sent" | "failed" | "skipped_blocked";

/** Claims the due reminders no other run has; returns the ones this run must send. */
export async function claimReminders(db: D1Database, due: readonly DueReminder[], runId: string, now: number): Promise<DueReminder[]> {
  const claimed: DueReminder[] = [];
  for (let index = 0; index < due.length; index += CHUNK) {
    const chunk = due.slice(index, index + CHUNK);
    const rows = chunk.map((reminder) => ({
      id: reminder.reminderId,
      reservation: reminder.reservation.reservationId,
      kind: reminder.kind,
      slot: new Date(reminder.reservation.startsAt).toISOString(),
    }));
    // One statement: every row is inserted, or taken over when failed or stale, or left alone;
    // RETURNING names exactly the rows this run now holds.
    const { results } = await db
      .prepare(
        `INSERT INTO reminder_sends (reminder_id, reservation_id, kind, slot_starts_at, state, attempts, claimed_at, run_id)
         SELECT value ->> 'id', value ->> 'reservation', value ->> 'kind', value ->> 'slot', 'pending', 1, ?2, ?3
         FROM json_each(?1) WHERE true
         ON CONFLICT (reminder_id) DO UPDATE SET
           state = 'pending', attempts = reminder_sends.attempts + 1, claimed_at = excluded.claimed_at, run_id = excluded.run_id
         WHERE reminder_sends.state = 'failed' OR (reminder_sends.state = 'pending' AND reminder_sends.claimed_at < ?4)
         RETURNING reminder_id AS id`,
      )
      .bind(JSON.stringify(rows), now, runId, now - STALE_CLAIM_MS)
      .all<{ id: string }>();
    const mine = new Set(results.map((row) => row.id));
    claimed.push(...chunk.filter((reminder) => mine.has(reminder.reminderId)));
  }
  return claimed;
}

/** Records how this run's sends went; a claim another run has since taken over is left alone. */
export async function recordReminderOutcomes(
  db: D1Database,
  outcomes: ReadonlyArray<{ reminderId: string; outcome: ReminderOutcome }>,
  runId: string,
  now: number,
): Promise<void> {
  for (let index = 0; index < outcomes.length; index += CHUNK) {
    const rows = outcomes.slice(index, index + CHUNK).map(({ reminderId, outcome }) => ({ id: reminderId, outcome }));
    await db
      .prepare(
        `UPDATE reminder_sends SET state = outcome.value ->> 'outcome',
           sent_at = CASE WHEN outcome.value ->> 'outcome' = 'sent' THEN ?2 ELSE reminder_sends.sent_at END
         FROM json_each(?1) AS outcome
         WHERE reminder_sends.reminder_id = outcome.value ->> 'id' AND reminder_sends.run_id = ?3 AND reminder_sends.state = 'pending'`,
      )
      .bind(JSON.stringify(rows), now, runId)
      .run();
  }
}

/** Forgets reminders of slots that started more than two days ago (the cron runs it). */
export async function pruneReminderSends(db: D1Database, now = Date.now()): Promise<number> {
  const result = await db
    .prepare("DELETE FROM reminder_sends WHERE slot_starts_at < ?1")
    .bind(new Date(now - 2 * 24 * 60 * 60 * 1000).toISOString())
    .run();
  return result.meta.changes;
}
