import type { D1Database } from "@cloudflare/workers-types/experimental";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { LineMessaging } from "../line/messaging.ts";
import type { ReservationMerchant } from "../reservations/merchant.ts";
import { reservationReminderMessage } from "../reservations/messages.ts";
import { retryKeyForEvent } from "../webhook/retry-key.ts";
import { createPacer } from "./pacer.ts";
import { candidateWindow, planDueReminders, type DueReminder } from "./plan.ts";
import { claimReminders, recordReminderOutcomes, type ReminderOutcome } from "./send-log.ts";

// One cron run of the reminder job: page through the merchant's confirmed reservations of the
// next 48 hours, plan what is due, claim it in the send log, send it paced under LINE's rate
// limit, record the outcome. A run stops after `maxSends` claims (a Worker invocation has a
// subrequest budget); the next tick starts again from the first page, and the send log makes
// everything already sent a no-op, so no cursor can go stale when reservations change between
// runs. Failed sends are retried by the next tick with the same retry key.

export interface ReminderJobOptions {
  db: D1Database;
  merchant: ReservationMerchant;
  line: LineMessaging;
  log: Logger;
  liffId: string;
  /** The run's clock: the cron's scheduled time. */
  now: number;
  runId?: string;
  sendsPerSecond: number;
  /** Pushes in flight at once; a Worker has 6 simultaneous outgoing connections. */
  concurrency: number;
  /** Claims per run at most. */
  maxSends: number;
  pageSize?: number;
  /** Which users blocked the account, looked up once per page. */
  blockedAmong?: (lineUserIds: string[]) => Promise<Set<string>>;
}

export interface ReminderRunReport {
  scanned: number;
  due: number;
  claimed: number;
  sent: number;
  failed: number;
  skippedBlocked: number;
  /** True when maxSends cut the run short: the next tick carries on. */
  truncated: boolean;
}

export async function runReminderJob(options: ReminderJobOptions): Promise<ReminderRunReport> {
  const { db, merchant, line, log, now } = options;
  const runId = options.runId ?? crypto.randomUUID();
  const settings = await merchant.getSettings();
  const pacer = createPacer(options.sendsPerSecond);
  const window = candidateWindow(now);
  const report: ReminderRunReport = { scanned: 0, due: 0, claimed: 0, sent: 0, failed: 0, skippedBlocked: 0, truncated: false };

  const sendOne = async (reminder: DueReminder, blocked: Set<string>): Promise<ReminderOutcome> => {
    if (blocked.has(reminder.lineUserId)) return "skipped_blocked";
    const retryKey = await retryKeyForEvent(reminder.reminderId, "reservation-reminder");
    try {
      await pacer.take();
      await line.push(
        reminder.lineUserId,
        [reservationReminderMessage(reminder.reservation, reminder.kind, options.liffId)],
        retryKey,
      );
      return "sent";
    } catch (error) {
      log.warn("reminder not sent", {
        kind: reminder.kind,
        error: error instanceof UpstreamError ? error.message : error instanceof Error ? error.name : "unknown",
      });
      return "failed";
    }
  };

  let cursor: string | undefined;
  do {
    const page = await merchant.listReminderCandidates({ ...window, cursor, limit: options.pageSize ?? 500 });
    cursor = page.nextCursor ?? undefined;
    report.scanned += page.reservations.length;
    const due = planDueReminders(page.reservations, settings.reminders, now);
    report.due += due.length;
    if (due.length === 0) continue;

    const room = options.maxSends - report.claimed;
    const claimed = await claimReminders(db, due.slice(0, room), runId, now);
    if (due.length > room) report.truncated = true;
    report.claimed += claimed.length;
    if (claimed.length === 0) continue;

    const blocked = options.blockedAmong ? await options.blockedAmong([...new Set(claimed.map((r) => r.lineUserId))]) : new Set<string>();
    const outcomes: Array<{ reminderId: string; outcome: ReminderOutcome }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, claimed.length) }, async () => {
        while (next < claimed.length) {
          const reminder = claimed[next++]!;
          outcomes.push({ reminderId: reminder.reminderId, outcome: await sendOne(reminder, blocked) });
        }
      }),
    );
    await recordReminderOutcomes(db, outcomes, runId, now);
    for (const { outcome } of outcomes) {
      if (outcome === "sent") report.sent += 1;
      else if (outcome === "failed") report.failed += 1;
      else report.skippedBlocked += 1;
    }
  } while (cursor && !report.truncated);

  log.info("reminder run", { ...report });
  return report;
}
