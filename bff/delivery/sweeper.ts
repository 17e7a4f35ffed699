import type { D1Database, Queue } from "@cloudflare/workers-types/experimental";
import type { Logger } from "../lib/log.ts";
import type { LineMessaging } from "../line/messaging.ts";
import { STALE_CLAIM_MS } from "./consumer.ts";
import type { DeliveryQueueMessage } from "./outbox.ts";

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

export async function sweepOverdue({ db, queue, log, now }: SweepDependencies): Promise<SweepReport> {
  // Pushing next_attempt_at to now keeps a row from being nudged again for OVERDUE_MS.
  const [deliveries, events] = await db.batch<{ id: string }>([
    db
      .prepare(
        `UPDATE deliveries SET next_attempt_at = CASE WHEN state = 'sending' THEN next_attempt_at ELSE ?1 END
         WHERE delivery_id IN (
           SELECT delivery_id FROM deliveries
           WHERE (state IN ('queued', 'retrying') AND next_attempt_at < ?2) OR (state = 'sending' AND claimed_at < ?3)
           LIMIT ?4)
         RETURNING delivery_id AS id`,
      )
      .bind(now, now - OVERDUE_MS, now - STALE_CLAIM_MS, SWEEP_LIMIT),
    db
      .prepare(
        `UPDATE webhook_events SET next_attempt_at = CASE WHEN state = 'processing' THEN next_attempt_at ELSE ?1 END
         WHERE webhook_event_id IN (
           SELECT webhook_event_id FROM webhook_events
           WHERE (state IN ('queued', 'retrying') AND next_attempt_at < ?2) OR (state = 'processing' AND claimed_at < ?3)
           LIMIT ?4)
         RETURNING webhook_event_id AS id`,
      )
      .bind(now, now - OVERDUE_MS, now - STALE_CLAIM_MS, SWEEP_LIMIT),
  ]);
  const deliveryIds = (deliveries?.results ?? []).map((row) => row.id);
  const eventIds = (events?.results ?? []).map((row) => row.id);
  await send(queue, [
    ...deliveryIds.map((id) => ({ type: "delivery" as const, id })),
    ...eventIds.map((id) => ({ type: "webhook" as const, id })),
  ]);
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
  await send(
    deps.queue,
    results.map((row) => ({ type: "delivery" as const, id: row.id })),
  );
  if (results.length > 0) deps.log.info("deliveries waiting for quota resumed", { count: results.length, limit, used });
  return { reading, resumed: results.length };
}

async function send(queue: Queue<DeliveryQueueMessage>, bodies: DeliveryQueueMessage[]): Promise<void> {
  for (let index = 0; index < bodies.length; index += 100) {
    await queue.sendBatch(bodies.slice(index, index + 100).map((body) => ({ body })));
  }
}
