import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { WebhookEvent } from "./events.ts";

// The webhook inbox. LINE redelivers an event only when it got no 2xx, so once the BFF has
// answered 200 a failure is the BFF's to retry: every event is stored whole, before the
// answer, and processed from the queue (process.ts). The table's primary key makes a
// redelivered or racing copy of an event a no-op: exactly one INSERT per webhookEventId wins.

/** Stores the events not seen before; returns the ids that are new (to be processed). */
export async function storeWebhookEvents(db: D1Database, events: readonly WebhookEvent[], now = Date.now()): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => ({ id: event.webhookEventId, type: event.type, payload: JSON.stringify(event) }));
  const { results } = await db
    .prepare(
      `INSERT INTO webhook_events (webhook_event_id, event_type, received_at, payload, state, attempts, next_attempt_at)
       SELECT value ->> 'id', value ->> 'type', ?2, value ->> 'payload', 'queued', 0, ?3 FROM json_each(?1) WHERE true
       ON CONFLICT (webhook_event_id) DO NOTHING
       RETURNING webhook_event_id AS id`,
    )
    .bind(JSON.stringify(rows), new Date(now).toISOString(), now)
    .all<{ id: string }>();
  const fresh = new Set(results.map((row) => row.id));
  // In the order LINE sent them: a follow before the message that follows it.
  return rows.map((row) => row.id).filter((id) => fresh.has(id));
}
