import type { D1Database } from "@cloudflare/workers-types/experimental";

// A merchant retries an event until it gets a 2xx (and an attacker may replay a captured one
// within the signature's tolerance): each event id is claimed with one upsert before anything
// is sent, so exactly one delivery goes on. A claim whose send failed, or that was abandoned
// mid-send, can be claimed again by a later delivery; its LINE retry key stays the same, so
// a message that did reach LINE is still not sent twice.

/** A claim still pending after this was abandoned (the Worker died while sending). */
export const ABANDONED_CLAIM_AFTER_MS = 2 * 60_000;
/** How long event ids are remembered: far longer than any merchant keeps retrying. */
export const MERCHANT_EVENT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type MerchantEventOutcome = "sent" | "skipped_blocked" | "failed";

/** True when this delivery is the one to handle the event; false for a repeat of a handled (or in-flight) one. */
export async function claimMerchantEvent(db: D1Database, eventId: string, eventType: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO merchant_events (event_id, event_type, received_at, outcome) VALUES (?1, ?2, ?3, 'pending')
       ON CONFLICT (event_id) DO UPDATE SET outcome = 'pending', received_at = excluded.received_at
       WHERE merchant_events.outcome = 'failed'
          OR (merchant_events.outcome = 'pending' AND merchant_events.received_at < ?4)`,
    )
    .bind(eventId, eventType, now, now - ABANDONED_CLAIM_AFTER_MS)
    .run();
  return result.meta.changes === 1;
}

export async function recordMerchantEventOutcome(db: D1Database, eventId: string, outcome: MerchantEventOutcome): Promise<void> {
  await db.prepare("UPDATE merchant_events SET outcome = ?2 WHERE event_id = ?1").bind(eventId, outcome).run();
}

/** Forgets event ids past MERCHANT_EVENT_TTL_MS (the cron runs it). */
export async function pruneMerchantEvents(db: D1Database, now = Date.now()): Promise<number> {
  const result = await db.prepare("DELETE FROM merchant_events WHERE received_at < ?1").bind(now - MERCHANT_EVENT_TTL_MS).run();
  return result.meta.changes;
}
