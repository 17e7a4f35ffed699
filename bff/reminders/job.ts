import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { Outbox } from "../delivery/outbox.ts";
import { MAX_QUEUE_DELAY_SECONDS } from "../delivery/outbox.ts";
import type { Logger } from "../lib/log.ts";
import { DEFAULT_LANGUAGE, languagesOf } from "../lib/user-language.ts";
import type { ReservationMerchant } from "../reservations/merchant.ts";
import { reservationReminderMessage, reservationServiceParams } from "../reservations/messages.ts";
import { candidateWindow, planReminders } from "./plan.ts";

// The reminder planner, run by the cron. It does not send: it records each reminder in the
// delivery outbox ahead of its hour (up to 12 hours ahead, what a queue message can be
// delayed), and the queue releases it on the hour to consumers that send in parallel under
// LINE's rate limit. So 100,000 reminders for 18:00 are recorded during the afternoon and all go
// out in the minute after 18:00, instead of trickling out of one invocation for an hour.
//
// A pass lists the merchant's confirmed reservations of the next 48 hours page by page. A tick
// lists at most `perTick` of them and leaves a cursor in D1; the next tick resumes there rather
// than listing the window again. A new pass starts `intervalMs` after the last one started;
// when a pass ends, reminders it did not see again (cancelled or moved at the merchant) are
// dropped. Reservations changed through the app drop theirs at once (routes/reservations.ts).
// Reminder ids carry the slot, and the outbox ignores an id it has, so overlapping passes and
// ticks record each reminder once.

export interface ReminderPlannerOptions {
  db: D1Database;
  merchant: Pick<ReservationMerchant, "getSettings" | "listReminderCandidates">;
  outbox: Outbox;
  log: Logger;
  liffId: string;
  /** The tick's clock: the cron's scheduled time. */
  now: number;
  /** Reservations listed per tick at most. */
  perTick: number;
  /** Time between the starts of two passes. */
  intervalMs: number;
  pageSize?: number;
}

export interface PlannerState {
  passId: string;
  startedAt: number;
  window: { from: string; to: string };
  cursor: string | null;
  completedAt: number | null;
}

export interface ReminderPlanReport {
  passId: string;
  /** "started" a new pass, "resumed" one, or "idle" (the last pass is complete and recent). */
  mode: "started" | "resumed" | "idle";
  listed: number;
  recorded: number;
  /** Reminders dropped because their reservation was no longer listed (only when a pass completes). */
  dropped: number;
  completed: boolean;
}

const STATE_NAME = "reminder_planner";
/** How far ahead reminders are recorded: a queue message is delayed at most this long. */
export const PLAN_HORIZON_MS = MAX_QUEUE_DELAY_SECONDS * 1000;

export async function loadPlannerState(db: D1Database): Promise<PlannerState | null> {
  const row = await db.prepare("SELECT value FROM job_state WHERE name = ?1").bind(STATE_NAME).first<{ value: string }>();
  return row ? (JSON.parse(row.value) as PlannerState) : null;
}

async function savePlannerState(db: D1Database, state: PlannerState, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO job_state (name, value, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(STATE_NAME, JSON.stringify(state), now)
    .run();
}

export async function runReminderPlanner(options: ReminderPlannerOptions): Promise<ReminderPlanReport> {
  const { db, merchant, outbox, log, now } = options;
  const previous = await loadPlannerState(db);
  let state: PlannerState;
  let mode: ReminderPlanReport["mode"];
  if (previous && previous.completedAt === null) {
    state = previous;
    mode = "resumed";
  } else if (previous && now - previous.startedAt < options.intervalMs) {
    return { passId: previous.passId, mode: "idle", listed: 0, recorded: 0, dropped: 0, completed: true };
  } else {
    state = { passId: crypto.randomUUID(), startedAt: now, window: candidateWindow(now), cursor: null, completedAt: null };
    mode = "started";
  }

  const settings = await merchant.getSettings();
  const report: ReminderPlanReport = { passId: state.passId, mode, listed: 0, recorded: 0, dropped: 0, completed: false };
  do {
    const page = await merchant.listReminderCandidates({
      ...state.window,
      cursor: state.cursor ?? undefined,
      limit: options.pageSize ?? 500,
    });
    report.listed += page.reservations.length;
    const planned = planReminders(page.reservations, settings.reminders, now, PLAN_HORIZON_MS);
    // One query for the page's recipients, not one per reminder.
    const languages = await languagesOf(
      db,
      planned.map((reminder) => reminder.lineUserId),
    );
    report.recorded += await outbox.pushMany(
      planned.map((reminder) => ({
        id: reminder.reminderId,
        kind: "reservation_reminder" as const,
        to: reminder.lineUserId,
        messages: [
          reservationReminderMessage(
            reminder.reservation,
            reminder.kind,
            options.liffId,
            languages.get(reminder.lineUserId) ?? DEFAULT_LANGUAGE,
          ),
        ],
        subject: `reservation:${reminder.reservation.reservationId}`,
        notBefore: reminder.sendAt,
        service: { params: reservationServiceParams(reminder.reservation) },
      })),
      state.passId,
    );
    state = { ...state, cursor: page.nextCursor };
    // Saved after every page: a tick that dies resumes from the last page it finished.
    if (state.cursor === null) state = { ...state, completedAt: now };
    await savePlannerState(db, state, now);
  } while (state.cursor !== null && report.listed < options.perTick);

  if (state.completedAt !== null) {
    report.completed = true;
    report.dropped = await dropUnseenReminders(db, state, now);
  }
  log.info("reminder planner", { ...report });
  return report;
}

/**
 * Reminders still waiting whose reservation this complete pass did not list: cancelled or moved
 * at the merchant since they were recorded. Only those planned by an earlier pass, due after
 * the pass started (so inside its window), and not yet sending.
 */
async function dropUnseenReminders(db: D1Database, state: PlannerState, now: number): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE deliveries SET state = 'cancelled', last_error = 'the reservation is no longer listed by the merchant', next_attempt_at = ?3
       WHERE kind = 'reservation_reminder' AND state IN ('queued', 'retrying') AND plan_pass IS NOT NULL AND plan_pass != ?1
         AND not_before > ?2`,
    )
    .bind(state.passId, state.startedAt, now)
    .run();
  return result.meta.changes;
}
