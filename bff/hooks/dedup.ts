import type { D1Database } from "@cloudflare/workers-types/experimental";

// A merchant retries an event until it gets a 2xx (and an attacker may replay a captured one
// within the signature's tolerance): each event id is claimed once, and the message it causes
// is recorded in the delivery outbox under an id derived from the event, so whatever is
// repeated, the customer gets one message. Sending (and retrying) is the pipeline's job.

/** How long event ids are remembered: far longer than any merchant keeps retrying. */
export const MERCHANT_EVENT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** True the first time an event id is seen; false for a repeat. */
export async function claimMerchantEvent(
  db: D1Database,
  eventId: string,
  eventType: string,
  deliveryId: string | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO merchant_events (event_id, event_type, received_at, delivery_id) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (event_id) DO NOTHING`,
    )
    .bind(eventId, eventType, now, deliveryId)
    .run();
  return result.meta.changes === 1;
}

/** Forgets event ids past MERCHANT_EVENT_TTL_MS (the cron runs it). */
export async function pruneMerchantEvents(db: D1Database, now = Date.now()): Promise<number> {
  const result = await db
    .prepare("DELETE FROM merchant_events WHERE received_at < ?1")
    .bind(now - MERCHANT_EVENT_TTL_MS)
    .run();
  return result.meta.changes;
}
