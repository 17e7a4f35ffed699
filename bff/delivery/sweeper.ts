import type { D1Database, Queue } from "@cloudflare/workers-types/experimental";
import type { Logger } from "../lib/log.ts";
import type { LineMessaging } from "../line/messaging.ts";
import { STALE_CLAIM_MS } from "./consumer.ts";
import { sendToQueue, type DeliveryQueueMessage } from "./outbox.ts";

// The cron's half of the pipeline. The queue message is only a nudge; the D1 row is the truth.
// A nudge lost (a queue send that failed after the row was written, a consumer that died with
// the batch) shows as a row overdue by minutes: the sweeper nudges it again. Rows waiting for
// the monthly quota go back to the queue once LINE says there is room.

/** A row this far past its time has lost its queue message. */
export const OVERDUE_MS = 2 * 60_000;
/** Nudges per tick at most: a backlog larger than this is the consumers' normal work, not loss. */
const SWEEP_LIMIT = 5000;

export interface SweepDependencies {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  log: Logger;
  now: number;
}

export interface SweepReport {
  deliveries: number;
  webhookEvents: number;
}

/**
 * Rows of one table queued or retrying past OVERDUE_MS, or held by a claim older than
 * STALE_CLAIM_MS. Pushing next_attempt_at to now keeps a row from being nudged again for
 * OVERDUE_MS (a claimed row keeps its time: the claim's age is what counts).
 */
function overdue(
  db: D1Database,
  rows: { table: "deliveries" | "webhook_events"; id: "delivery_id" | "webhook_event_id"; busy: "sending" | "processing" },
  now: number,
) {
  return db
    .prepare(
      `UPDATE ${rows.table} SET next_attempt_at = CASE WHEN state = '${rows.busy}' THEN next_attempt_at ELSE ?1 END
       WHERE ${rows.id} IN (
         SELECT ${rows.id} FROM ${rows.table}
         WHERE (state IN ('queued', 'retrying') AND next_attempt_at < ?2) OR (state = '${rows.busy}' AND claimed_at < ?3)
         LIMIT ?4)
       RETURNING ${rows.id} AS id`,
    )
    .bind(now, now - OVERDUE_MS, now - STALE_CLAIM_MS, SWEEP_LIMIT);
}

export async function sweepOverdue({ db, queue, log, now }: SweepDependencies): Promise<SweepReport> {
  // Pushing next_attempt_at to now keeps a row from being nudged again for OVERDUE_MS.
  const [deliveries, events] = await db.batch<{ id: string }>([
    overdue(db, { table: "deliveries", id: "delivery_id", busy: "sending" }, now),
    overdue(db, { table: "webhook_events", id: "webhook_event_id", busy: "processing" }, now),
  ]);
  const deliveryIds = (deliveries?.results ?? []).map((row) => row.id);
  const eventIds = (events?.results ?? []).map((row) => row.id);
  const bodies: DeliveryQueueMessage[] = [
    ...deliveryIds.map((id) => ({ type: "delivery" as const, id })),
    ...eventIds.map((id) => ({ type: "webhook" as const, id })),
  ];
  await sendToQueue(
    queue,
    bodies.map((body) => ({ body })),
    log,
  );
  if (deliveryIds.length + eventIds.length > 0) {
    log.warn("overdue work nudged again", { deliveries: deliveryIds.length, webhookEvents: eventIds.length });
  }
  return { deliveries: deliveryIds.length, webhookEvents: eventIds.length };
}

export interface QuotaReading {
  limit: number | null;
  used: number;
  at: number;
}

/**
 * Reads LINE's monthly quota (kept for the deliveries page) and, when deliveries are waiting for
 * it and there is room again (a new month, a bigger plan), queues as many as fit.
 * https://developers.line.biz/en/reference/messaging-api/#get-quota
 */
export async function checkQuota(
  deps: SweepDependencies & { line: LineMessaging },
): Promise<{ reading: QuotaReading; resumed: number }> {
  const { limit, used } = await deps.line.quota();
  const reading: QuotaReading = { limit, used, at: deps.now };
  await deps.db
    .prepare(
      `INSERT INTO job_state (name, value, updated_at) VALUES ('line_quota', ?1, ?2)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(JSON.stringify(reading), deps.now)
    .run();
  const room = limit === null ? SWEEP_LIMIT : Math.min(SWEEP_LIMIT, Math.max(0, limit - used));
  if (room === 0) return { reading, resumed: 0 };
  // A message refused for the quota was never delivered: it starts a fresh 24-hour retry window.
  const { results } = await deps.db
    .prepare(
      `UPDATE deliveries SET state = 'queued', attempts = 0, first_attempt_at = NULL, next_attempt_at = ?1, last_error = NULL
       WHERE delivery_id IN (SELECT delivery_id FROM deliveries WHERE state = 'quota_exhausted' ORDER BY created_at LIMIT ?2)
       RETURNING delivery_id AS id`,
    )
    .bind(deps.now, room)
    .all<{ id: string }>();
  await sendToQueue(
    deps.queue,
    results.map((row) => ({ body: { type: "delivery" as const, id: row.id } })),
    deps.log,
  );
  if (results.length > 0) deps.log.info("deliveries waiting for quota resumed", { count: results.length, limit, used });
  return { reading, resumed: results.length };
}
