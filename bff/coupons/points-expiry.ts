import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { Language } from "../../shared/api.ts";
import type { PointsExpiryCandidate } from "../../shared/merchant-contract.ts";
import type { MessageKind } from "../delivery/kinds.ts";
import type { LineNotice, Outbox, PushSpec } from "../delivery/outbox.ts";
import type { Logger } from "../lib/log.ts";
import { DEFAULT_LANGUAGE, languagesOf } from "../lib/user-language.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { addJapanDays, japanDate } from "../reservations/japan-time.ts";
import { nextDaytimeInJapan, pointsExpiringMessage, pointsExpiringMessageId } from "./messages.ts";

// The reminder that a member's points are about to expire: a configurable number of days
// before (POINTS_EXPIRY_REMINDER_DAYS), once per member and expiry batch. The merchant may tell
// the BFF itself (the points.expiring event); the BFF also asks every day which linked members
// have points expiring within the window (listPointsExpiryCandidates). Whichever finds a batch
// first records it in points_expiry_reminders; the other then sends nothing. The message id is
// taken from the same pair, so two finds at the same moment still make one delivery.

export const DEFAULT_REMINDER_DAYS = 7;
/** The merchant's expiringSoon looks 60 days ahead; a reminder further out would be noise. */
export const MAX_REMINDER_DAYS = 60;
const PAGE_SIZE = 500;
const MAX_PAGES_PER_TICK = 20;
/** Reminders are kept this long after their points expired, then forgotten. */
const KEEP_AFTER_EXPIRY_DAYS = 30;

/**
 * Reads POINTS_EXPIRY_REMINDER_DAYS: unset means 7, "0" turns the BFF's own reminder off (the
 * merchant's events are still told). Anything else is an error naming the value.
 */
export function parseReminderDays(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_REMINDER_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0 || days > MAX_REMINDER_DAYS) {
    throw new Error(`POINTS_EXPIRY_REMINDER_DAYS: "${value}" is not a whole number of days from 0 to ${MAX_REMINDER_DAYS}`);
  }
  return days;
}

export interface ExpiringBatch {
  memberId: string;
  lineUserId: string;
  points: number;
  expiresOn: string;
  batchId: string;
}

interface ReminderContext {
  db: D1Database;
  liffId: string;
  now: number;
}

function reminderSpec(batch: ExpiringBatch, language: Language, liffId: string, notBefore?: number): PushSpec {
  return {
    id: pointsExpiringMessageId(batch.memberId, batch.batchId),
    kind: "points_expiring",
    to: batch.lineUserId,
    messages: [pointsExpiringMessage(batch, language, liffId)],
    ...(notBefore === undefined ? {} : { notBefore }),
  };
}

/** The batches among these that a reminder was already recorded for, as "member batch" keys. */
async function remindedAmong(db: D1Database, batches: readonly ExpiringBatch[]): Promise<Set<string>> {
  if (batches.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT r.member_id AS memberId, r.batch_id AS batchId FROM points_expiry_reminders r
       JOIN json_each(?1) j ON r.member_id = j.value ->> 'memberId' AND r.batch_id = j.value ->> 'batchId'`,
    )
    .bind(JSON.stringify(batches.map(({ memberId, batchId }) => ({ memberId, batchId }))))
    .all<{ memberId: string; batchId: string }>();
  return new Set(results.map((row) => `${row.memberId} ${row.batchId}`));
}

async function recordReminders(db: D1Database, batches: readonly ExpiringBatch[], now: number): Promise<void> {
  if (batches.length === 0) return;
  await db
    .prepare(
      `INSERT INTO points_expiry_reminders (member_id, batch_id, expires_on, points, recorded_at)
       SELECT value ->> 'memberId', value ->> 'batchId', value ->> 'expiresOn', value ->> 'points', ?2 FROM json_each(?1) WHERE true
       ON CONFLICT (member_id, batch_id) DO NOTHING`,
    )
    .bind(
      JSON.stringify(batches.map(({ memberId, batchId, expiresOn, points }) => ({ memberId, batchId, expiresOn, points }))),
      now,
    )
    .run();
}

export type ReminderOutcome = LineNotice | "already_reminded" | "already_expired";

/**
 * The reminder for one batch the merchant told of (points.expiring): recorded in the outbox
 * first, then noted, so a failure between the two leaves a retry that records nothing new.
 */
export async function remindPointsExpiring(
  context: ReminderContext & { outbox: Pick<Outbox, "push">; language: Language },
  batch: ExpiringBatch,
): Promise<ReminderOutcome> {
  const { db, outbox, liffId, now, language } = context;
  if (batch.expiresOn < japanDate(now)) return "already_expired";
  if ((await remindedAmong(db, [batch])).size > 0) return "already_reminded";
  const notice = await outbox.push(reminderSpec(batch, language, liffId));
  await recordReminders(db, [batch], now);
  return notice;
}

export interface PointsExpiryJobDependencies {
  db: D1Database;
  merchant: Pick<MerchantClient, "listPointsExpiryCandidates">;
  outbox: Pick<Outbox, "pushMany">;
  /** Kinds the merchant switched off: with points_expiring off the pass asks the merchant nothing. */
  off: ReadonlySet<MessageKind>;
  log: Logger;
  liffId: string;
  now: number;
  /** POINTS_EXPIRY_REMINDER_DAYS, parsed. */
  daysBefore: number;
  pagesPerTick?: number;
}

export type PointsExpiryJobResult =
  { ran: false; reason: "off" | "done" } | { ran: true; day: string; reminded: number; finished: boolean };

/**
 * The BFF's own pass, once a Japan day: every linked member whose points expire between today
 * and `daysBefore` days on, not yet reminded of that batch, gets the reminder (in the Japan
 * daytime). A pass cut short carries on from its cursor on the next tick.
 */
export async function runPointsExpiryReminders(deps: PointsExpiryJobDependencies): Promise<PointsExpiryJobResult> {
  const { db, merchant, outbox, log, liffId, now, daysBefore, pagesPerTick = MAX_PAGES_PER_TICK } = deps;
  if (daysBefore === 0 || deps.off.has("points_expiring")) return { ran: false, reason: "off" };
  const today = japanDate(now);
  const run = await db
    .prepare("SELECT cursor, completed_at AS completedAt FROM coupon_job_runs WHERE job = 'points_expiry' AND period = ?1")
    .bind(today)
    .first<{ cursor: string | null; completedAt: number | null }>();
  if (run?.completedAt != null) return { ran: false, reason: "done" };

  const saveProgress = (cursor: string | null, completedAt: number | null) =>
    db
      .prepare(
        `INSERT INTO coupon_job_runs (job, period, cursor, completed_at) VALUES ('points_expiry', ?1, ?2, ?3)
         ON CONFLICT (job, period) DO UPDATE SET cursor = excluded.cursor, completed_at = excluded.completed_at
         WHERE coupon_job_runs.completed_at IS NULL`,
      )
      .bind(today, cursor, completedAt)
      .run();

  const range = { from: today, through: addJapanDays(today, daysBefore) };
  const notBefore = nextDaytimeInJapan(now);
  let reminded = 0;
  let cursor = run?.cursor ?? undefined;
  for (let page = 0; page < pagesPerTick; page += 1) {
    const candidates = await merchant.listPointsExpiryCandidates(range, { cursor, limit: PAGE_SIZE });
    const batches = candidates.members.filter((batch: PointsExpiryCandidate) => batch.expiresOn >= today);
    const already = await remindedAmong(db, batches);
    const fresh = batches.filter((batch) => !already.has(`${batch.memberId} ${batch.batchId}`));
    const languages = await languagesOf(
      db,
      fresh.map((batch) => batch.lineUserId),
    );
    await outbox.pushMany(
      fresh.map((batch) => reminderSpec(batch, languages.get(batch.lineUserId) ?? DEFAULT_LANGUAGE, liffId, notBefore)),
    );
    await recordReminders(db, fresh, now);
    reminded += fresh.length;
    if (candidates.nextCursor === null) {
      await saveProgress(null, now);
      await forgetOldReminders(db, today);
      log.info("points-expiring reminders recorded", { day: today, reminded });
      return { ran: true, day: today, reminded, finished: true };
    }
    cursor = candidates.nextCursor;
    await saveProgress(cursor, null);
  }
  log.info("points-expiring reminders: the pass carries on next tick", { day: today, reminded });
  return { ran: true, day: today, reminded, finished: false };
}

/** Drops reminders of batches long expired, and the daily pass records past that age. */
async function forgetOldReminders(db: D1Database, today: string): Promise<void> {
  const before = addJapanDays(today, -KEEP_AFTER_EXPIRY_DAYS);
  await db.batch([
    db.prepare("DELETE FROM points_expiry_reminders WHERE expires_on < ?1").bind(before),
    db.prepare("DELETE FROM coupon_job_runs WHERE job = 'points_expiry' AND period < ?1").bind(before),
  ]);
}
