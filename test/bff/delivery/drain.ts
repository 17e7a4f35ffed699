import { createMessageBatch, env } from "cloudflare:test";
import type { Bindings } from "../../../bff/env.ts";
import type { DeliveryQueueMessage } from "../../../bff/delivery/outbox.ts";
import { runQueueBatch } from "../../../bff/index.ts";

// The queue consumer, driven by the tests. Miniflare's own queue broker also delivers to the
// Worker in the background; the rows' claims make the two harmless to each other. Tests call
// `drainDeliveries` to run everything that is due now, so an assertion never races the broker.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes due webhook events and deliveries until none is due or in another consumer's hands. */
export async function drainDeliveries(bindings: Partial<Bindings> = {}, now = Date.now()): Promise<void> {
  const db = env.DB;
  for (let round = 0; round < 100; round++) {
    const { results } = await db
      .prepare(
        `SELECT 'webhook' AS type, webhook_event_id AS id, state FROM webhook_events
           WHERE payload IS NOT NULL AND ((state IN ('queued', 'retrying') AND next_attempt_at <= ?1) OR state = 'processing')
         UNION ALL
         SELECT 'delivery' AS type, delivery_id AS id, state FROM deliveries
           WHERE (state IN ('queued', 'retrying') AND next_attempt_at <= ?1) OR state = 'sending'`,
      )
      .bind(now + 1000)
      .all<{ type: "webhook" | "delivery"; id: string; state: string }>();
    if (results.length === 0) return;
    const due = results.filter((row) => row.state !== "sending" && row.state !== "processing");
    if (due.length === 0) {
      // Only work another consumer holds (the broker): wait for it.
      await sleep(20);
      continue;
    }
    await runBatch(due.map(({ type, id }) => ({ type, id })), bindings, now);
  }
  throw new Error("deliveries did not settle after 100 rounds");
}

/** Runs the Worker's queue handler on exactly these messages, at a chosen time. */
export async function runBatch(bodies: DeliveryQueueMessage[], bindings: Partial<Bindings> = {}, now = Date.now()): Promise<void> {
  const batch = createMessageBatch<DeliveryQueueMessage>(
    "line-deliveries",
    bodies.map((body, index) => ({ id: `test-${index}-${crypto.randomUUID()}`, timestamp: new Date(now), body, attempts: 1 })),
  );
  const realNow = Date.now;
  const started = realNow();
  // The consumer reads the clock through Date.now: a test that simulates hours moves it.
  if (now > started + 1000) Date.now = () => now + (realNow() - started);
  try {
    await runQueueBatch(batch as never, { ...(env as Bindings), ...bindings });
  } finally {
    Date.now = realNow;
  }
}
