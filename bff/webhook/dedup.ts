import type { D1Database } from "@cloudflare/workers-types/experimental";

// LINE may deliver one event more than once (redelivery after a timeout or a non-2xx answer,
// or two deliveries racing). The event id is claimed with one INSERT before any work: the
// table's primary key lets exactly one concurrent claim win, which a read-then-write or an
// in-memory set (one per isolate) could not promise.

/** True when this delivery is the first to claim the event, so it must be processed; false for a repeat. */
export async function claimWebhookEvent(db: D1Database, webhookEventId: string, eventType: string): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO webhook_events (webhook_event_id, event_type, received_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (webhook_event_id) DO NOTHING`,
    )
    .bind(webhookEventId, eventType, new Date().toISOString())
    .run();
  return result.meta.changes === 1;
}

/**
 * Gives a claim back after processing failed, so a later delivery of the same event can try
 * again. Side effects that happened before the failure may then repeat: pushes carry a retry
 * key derived from the event id and linking is idempotent, but a consumed account-link nonce
 * stays consumed (the retry reports an expired link and the customer starts over).
 */
export async function releaseWebhookEvent(db: D1Database, webhookEventId: string): Promise<void> {
  await db.prepare("DELETE FROM webhook_events WHERE webhook_event_id = ?1").bind(webhookEventId).run();
}
