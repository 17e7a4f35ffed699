import type { D1Database, Queue } from "@cloudflare/workers-types/experimental";
import { backoffMs } from "../delivery/retry-policy.ts";
import { queueMessage, sendToQueue, type DeliveryQueueMessage } from "../delivery/outbox.ts";
import { UpstreamError } from "../lib/errors.ts";
import { WebhookEvent } from "./events.ts";
import { handleWebhookEvent, type EventProgress, type WebhookDependencies } from "./handlers.ts";

// Processing one stored webhook event, from the queue. A failure (the merchant down, LINE
// unreachable for a link token) is retried with backoff; after MAX_EVENT_ATTEMPTS it is
// dead, visible with its reason on the deliveries page. Messages it causes go to the outbox
// under ids derived from the event, so a retry never sends anything twice.

/** Attempts before an event is given up (about 9 hours of backoff in all). */
export const MAX_EVENT_ATTEMPTS = 12;
/** A 'processing' claim older than this belonged to a consumer that died. */
const STALE_CLAIM_MS = 2 * 60_000;

export type EventDependencies = Omit<WebhookDependencies, "progress" | "saveProgress"> & {
  queue: Queue<DeliveryQueueMessage>;
  now?: () => number;
};

export type EventResult = "done" | "retrying" | "dead" | "not mine";

/** Claims, handles and records one stored event. Never throws: the outcome is in the row. */
export async function processWebhookEvent(deps: EventDependencies, webhookEventId: string): Promise<EventResult> {
  const now = deps.now?.() ?? Date.now();
  const row = await deps.db
    .prepare(
      `UPDATE webhook_events SET state = 'processing', claimed_at = ?2, attempts = attempts + 1
       WHERE webhook_event_id = ?1 AND payload IS NOT NULL
         AND ((state IN ('queued', 'retrying') AND next_attempt_at <= ?2) OR (state = 'processing' AND claimed_at < ?3))
       RETURNING event_type, payload, progress, attempts`,
    )
    .bind(webhookEventId, now, now - STALE_CLAIM_MS)
    .first<{ event_type: string; payload: string; progress: string | null; attempts: number }>();
  if (!row) return "not mine";
  const fields = { eventType: row.event_type, webhookEventId, attempt: row.attempts };

  const parsed = WebhookEvent.safeParse(JSON.parse(row.payload));
  if (!parsed.success) {
    await finish(deps.db, webhookEventId, "dead", now, "the stored event no longer parses");
    return "dead";
  }
  let progress: EventProgress = row.progress ? (JSON.parse(row.progress) as EventProgress) : {};
  const saveProgress = async (next: EventProgress) => {
    progress = next;
    await deps.db
      .prepare("UPDATE webhook_events SET progress = ?2 WHERE webhook_event_id = ?1")
      .bind(webhookEventId, JSON.stringify(next))
      .run();
  };
  try {
    const outcome = await handleWebhookEvent({ ...deps, progress, saveProgress }, parsed.data);
    await finish(deps.db, webhookEventId, "done", now, null);
    deps.log.info("webhook event processed", { ...fields, outcome });
    return "done";
  } catch (error) {
    const reason = describeError(error);
    if (row.attempts >= MAX_EVENT_ATTEMPTS) {
      await finish(deps.db, webhookEventId, "dead", now, `gave up after ${row.attempts} attempts: ${reason}`);
      deps.log.error("webhook event dead", { ...fields, error: reason });
      return "dead";
    }
    const delayMs = backoffMs(row.attempts);
    await finish(deps.db, webhookEventId, "retrying", now + delayMs, reason);
    deps.log.warn("webhook event failed; will retry", { ...fields, error: reason, retryInMs: delayMs });
    await sendToQueue(deps.queue, [queueMessage({ type: "webhook", id: webhookEventId }, now + delayMs, now)], deps.log);
    return "retrying";
  }
}

async function finish(
  db: D1Database,
  id: string,
  state: "done" | "retrying" | "dead",
  nextAttemptAt: number,
  error: string | null,
) {
  await db
    .prepare("UPDATE webhook_events SET state = ?2, next_attempt_at = ?3, last_error = ?4 WHERE webhook_event_id = ?1")
    .bind(id, state, nextAttemptAt, error)
    .run();
}

// Only our own error messages are kept: others (fetch failures, say) may quote URLs that
// hold LINE user ids.
function describeError(error: unknown): string {
  if (error instanceof UpstreamError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : "unknown";
}
