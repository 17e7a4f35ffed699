import { createMessageBatch, env } from "cloudflare:test";
import type { Bindings } from "../../../bff/env.ts";
import type { DeliveryQueueMessage } from "../../../bff/delivery/outbox.ts";
import { runQueueBatch } from "../../../bff/index.ts";
import { STALE_CLAIM_MS } from "../../../bff/delivery/consumer.ts";

// The queue consumer, driven by the tests. The Worker under test gets a recording stand-in for
// its queue (Miniflare's broker would deliver in the background, on its own clock), and
// `drainDeliveries` plays the queue: it runs the real consumer on every row that is due. The
// rows in D1 are the pipeline's truth, so this is what the queue would deliver, minus timing.

/** What the Worker sent to its queue during the tests, newest last. */
export const queuedMessages: Array<{ body: DeliveryQueueMessage; delaySeconds: number }> = [];

export const recordingQueue = {
  async send(body: DeliveryQueueMessage, options?: { delaySeconds?: number }) {
    queuedMessages.push({ body, delaySeconds: options?.delaySeconds ?? 0 });
  },
  async sendBatch(messages: Iterable<{ body: DeliveryQueueMessage; delaySeconds?: number }>) {
    for (const message of messages) queuedMessages.push({ body: message.body, delaySeconds: message.delaySeconds ?? 0 });
  },
} as unknown as Bindings["DELIVERY_QUEUE"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes due webhook events and deliveries until none is due or in another consumer's hands. */
export async function drainDeliveries(bindings: Partial<Bindings> = {}, at?: number): Promise<void> {
  const db = env.DB;
  for (let round = 0; round < 100; round++) {
    // Without a simulated time, each round is now: work recorded by the last round is due.
    const now = at ?? Date.now();
    const { results } = await db
      .prepare(
        `SELECT 'webhook' AS type, webhook_event_id AS id, state FROM webhook_events
           WHERE payload IS NOT NULL AND ((state IN ('queued', 'retrying') AND next_attempt_at <= ?1) OR state = 'processing')
         UNION ALL
         SELECT 'delivery' AS type, delivery_id AS id, CASE WHEN state = 'sending' AND claimed_at < ?2 THEN 'stale' ELSE state END AS state
           FROM deliveries WHERE (state IN ('queued', 'retrying') AND next_attempt_at <= ?1) OR state = 'sending'`,
      )
      .bind(now, now - STALE_CLAIM_MS)
      .all<{ type: "webhook" | "delivery"; id: string; state: string }>();
    if (results.length === 0) return;
    const due = results.filter((row) => row.state !== "sending" && row.state !== "processing");
    if (due.length === 0) {
      // Only rows a concurrent call of the same test is sending: wait for it.
      await sleep(20);
      continue;
    }
    await runBatch(
      due.map(({ type, id }) => ({ type, id })),
      bindings,
      now,
    );
  }
  // What is left is held by calls running beside this one (or by a simulated clock's claim):
  // theirs to finish.
}

/** Runs the Worker's queue handler on exactly these messages, at a chosen time. */
export async function runBatch(
  bodies: DeliveryQueueMessage[],
  bindings: Partial<Bindings> = {},
  now = Date.now(),
): Promise<void> {
  const batch = createMessageBatch<DeliveryQueueMessage>(
    "line-deliveries",
    bodies.map((body, index) => ({ id: `test-${index}-${crypto.randomUUID()}`, timestamp: new Date(now), body, attempts: 1 })),
  );
  const started = Date.now();
  // A simulated time runs on from `now` at the real clock's pace.
  const clock = now > started + 1000 ? () => now + (Date.now() - started) : undefined;
  await runQueueBatch(batch as never, { ...(env as Bindings), DELIVERY_QUEUE: recordingQueue, ...bindings }, clock);
}

/**
 * Runs the consumer on a simulated clock from `start`: whenever nothing is due, the clock jumps
 * to the next retry. Ends when nothing is left to retry or `limitMs` of simulated time passed;
 * resolves to the simulated time used.
 */
export async function settleDeliveries(
  start = Date.now(),
  limitMs = 48 * 3600_000,
  bindings: Partial<Bindings> = {},
): Promise<number> {
  let now = start;
  for (;;) {
    await drainDeliveries(bindings, now);
    const next = await env.DB.prepare(
      `SELECT min(next_attempt_at) AS at FROM (
         SELECT next_attempt_at FROM deliveries WHERE state IN ('queued', 'retrying')
         UNION ALL SELECT next_attempt_at FROM webhook_events WHERE state IN ('queued', 'retrying') AND payload IS NOT NULL)`,
    ).first<{ at: number | null }>();
    if (next?.at == null || next.at - start > limitMs) return now - start;
    if (next.at <= now - 1000) {
      const stuck = await env.DB.prepare(
        "SELECT delivery_id, state, next_attempt_at, attempts FROM deliveries WHERE state IN ('queued', 'retrying') ORDER BY next_attempt_at LIMIT 3",
      ).all();
      throw new Error(`deliveries do not move: ${JSON.stringify(stuck.results)} at ${now}`);
    }
    now = Math.max(now, next.at);
  }
}

/** A delivery's row as the pipeline left it. */
export async function deliveryRow(deliveryId: string) {
  return env.DB.prepare(
    "SELECT state, attempts, last_error, next_attempt_at, first_attempt_at, channel FROM deliveries WHERE delivery_id = ?1",
  )
    .bind(deliveryId)
    .first<{
      state: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: number;
      first_attempt_at: number | null;
      channel: string;
    }>();
}
