import type { D1Database, D1PreparedStatement, Queue } from "@cloudflare/workers-types/experimental";
import type { Logger } from "../lib/log.ts";
import type { Message } from "../line/messaging.ts";
import { isBlocked } from "../webhook/friends.ts";
import { retryKeyForEvent } from "./retry-key.ts";
import type { DeliveryKind, MessageKind } from "./kinds.ts";

// The outbox: whatever causes a LINE message records it here, in D1, before the request or job
// that caused it answers; then it nudges the queue. The consumer (consumer.ts) sends it. A
// Worker that dies between the two loses nothing: the sweeper (sweeper.ts) re-nudges rows no
// consumer took. Delivery ids come from the cause, so recording the same cause twice (a retry,
// a redelivered event, two overlapping cron runs) records one delivery.

/**
 * What the queue carries: only which row to look at (a campaign: go on sending it; a register
 * write: apply it to the merchant, bff/staff/deferred-writes.ts).
 */
export type DeliveryQueueMessage =
  | { type: "delivery"; id: string }
  | { type: "webhook"; id: string }
  | { type: "campaign"; id: string }
  | { type: "register_write"; id: string };

/** What the customer can be told about the LINE message an action causes. */
export type LineNotice = "queued" | "off" | "blocked";

export type DeliveryState = "queued" | "sending" | "sent" | "retrying" | "dead" | "quota_exhausted" | "cancelled";

/** A LINE MINI App service message's template parameters (the template comes from configuration). */
export interface ServiceMessageSpec {
  params: Record<string, string>;
}

export type DeliveryPayload =
  | { messages: Message[]; service?: ServiceMessageSpec }
  | { replyToken: string; messages: Message[] }
  | { linked: boolean }
  | { to: string[]; messages: Message[] };

/** LINE takes at most 500 user ids per multicast. https://developers.line.biz/en/reference/messaging-api/#send-multicast-message */
export const MULTICAST_MAX_RECIPIENTS = 500;

/** The same messages to many users (a campaign whose message is the same for all): one multicast. */
export interface MulticastSpec {
  /** Stable for the cause, like a push's. */
  id: string;
  kind: MessageKind;
  /** 1 to 500 LINE user ids. */
  to: readonly string[];
  messages: Message[];
  subject?: string;
}

export interface PushSpec {
  /** Stable for the cause: the same cause must give the same id. */
  id: string;
  kind: MessageKind;
  to: string;
  messages: Message[];
  /** "reservation:<id>": lets a cancellation drop what is still waiting. */
  subject?: string;
  /** Epoch ms before which it must not be sent (a reminder recorded ahead of its hour). */
  notBefore?: number;
  /**
   * Parameters for a service message: with a template configured for the kind and a notification
   * token kept for the subject, it goes as a service message instead of the push.
   */
  service?: ServiceMessageSpec;
}

export interface ReplySpec extends Omit<PushSpec, "notBefore" | "service"> {
  /** Used once; if LINE refuses the token the message goes as a push with the delivery's retry key. */
  replyToken: string;
}

export interface OutboxOptions {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  log: Logger;
  /** Kinds the merchant switched off (LINE_MESSAGES_OFF). */
  off: ReadonlySet<MessageKind>;
  now?: () => number;
}

export interface Outbox {
  push(spec: PushSpec): Promise<LineNotice>;
  reply(spec: ReplySpec): Promise<LineNotice>;
  /** Many pushes at once (the reminder planner): one statement per 500 and one queue call per 100. Returns how many were new. */
  pushMany(specs: readonly PushSpec[], planPass?: string): Promise<number>;
  /** Records that this user's rich menu must follow their link status; the newest wish wins. */
  showRichMenu(lineUserId: string, linked: boolean): Promise<void>;
  /** Drops deliveries about a subject that have not gone yet (a reservation cancelled or moved). */
  cancelSubject(subject: string, kind: MessageKind, reason: string): Promise<number>;
}

/** Queues delay a message 12 hours at most; anything later waits in D1 for the sweeper. */
export const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;
const INSERT_CHUNK = 500;
const QUEUE_BATCH = 100;

/** A queue message for a row, delayed until `dueAt` (never negative). */
export function queueMessage(
  body: DeliveryQueueMessage,
  dueAt: number,
  now: number,
): { body: DeliveryQueueMessage; delaySeconds: number } {
  return { body, delaySeconds: Math.max(0, Math.ceil((dueAt - now) / 1000)) };
}

/**
 * Sends queue messages in batches of 100 (what one Queues call takes). A failure is logged, not
 * thrown: the rows are recorded in D1, and the sweeper nudges them again within minutes.
 */
export async function sendToQueue(
  queue: Queue<DeliveryQueueMessage>,
  messages: ReadonlyArray<{ body: DeliveryQueueMessage; delaySeconds?: number }>,
  log: Logger,
): Promise<void> {
  for (let index = 0; index < messages.length; index += QUEUE_BATCH) {
    const batch = messages.slice(index, index + QUEUE_BATCH);
    try {
      await queue.sendBatch(batch);
    } catch (error) {
      log.error("queue send failed; the sweeper will pick the rows up", {
        count: batch.length,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
}

export const richMenuDeliveryId = (lineUserId: string) => `richmenu:${lineUserId}`;

export function createOutbox(options: OutboxOptions): Outbox {
  const now = options.now ?? Date.now;

  async function nudge(ids: Array<{ id: string; notBefore: number }>): Promise<void> {
    const at = now();
    const messages = ids
      .map(({ id, notBefore }) => queueMessage({ type: "delivery", id }, notBefore, at))
      .filter((message) => message.delaySeconds <= MAX_QUEUE_DELAY_SECONDS);
    await sendToQueue(options.queue, messages, options.log);
  }

  async function record(channel: "push" | "reply", spec: PushSpec, payload: DeliveryPayload): Promise<LineNotice> {
    if (options.off.has(spec.kind)) return "off";
    if (await isBlocked(options.db, spec.to)) return "blocked";
    const at = now();
    const notBefore = spec.notBefore ?? at;
    const inserted = await insertStatement(options.db, [
      { ...spec, channel, payload: JSON.stringify(payload), retryKey: await deliveryRetryKey(spec.id), notBefore, at },
    ]).all<{ id: string }>();
    if (inserted.results.length > 0) await nudge([{ id: spec.id, notBefore }]);
    return "queued";
  }

  return {
    push: (spec) => record("push", spec, pushPayload(spec)),
    reply: (spec) => record("reply", spec, { replyToken: spec.replyToken, messages: spec.messages }),
    async pushMany(specs, planPass) {
      const wanted = specs.filter((spec) => !options.off.has(spec.kind));
      const at = now();
      const fresh: Array<{ id: string; notBefore: number }> = [];
      for (let index = 0; index < wanted.length; index += INSERT_CHUNK) {
        const rows = await Promise.all(
          wanted.slice(index, index + INSERT_CHUNK).map(async (spec) => ({
            ...spec,
            channel: "push" as const,
            payload: JSON.stringify(pushPayload(spec)),
            retryKey: await deliveryRetryKey(spec.id),
            notBefore: spec.notBefore ?? at,
            at,
          })),
        );
        const { results } = await insertStatement(options.db, rows, planPass).all<{ id: string; fresh: number }>();
        const byId = new Map(rows.map((row) => [row.id, row.notBefore]));
        for (const row of results) if (row.fresh) fresh.push({ id: row.id, notBefore: byId.get(row.id)! });
      }
      await nudge(fresh);
      return fresh.length;
    },
    async showRichMenu(lineUserId, linked) {
      const at = now();
      const id = richMenuDeliveryId(lineUserId);
      // A wish that arrives while a consumer is applying the previous one keeps the row
      // 'sending' with a new version: that consumer then queues it again instead of marking
      // it sent, so link → unlink → link in quick succession always ends on the last wish.
      await options.db
        .prepare(
          `INSERT INTO deliveries (delivery_id, kind, channel, line_user_id, payload, retry_key, state, not_before, next_attempt_at, created_at)
           VALUES (?1, 'rich_menu', 'rich_menu', ?2, ?3, ?4, 'queued', ?5, ?5, ?5)
           ON CONFLICT (delivery_id) DO UPDATE SET
             payload = excluded.payload, version = deliveries.version + 1,
             state = CASE WHEN deliveries.state = 'sending' THEN 'sending' ELSE 'queued' END,
             attempts = 0, first_attempt_at = NULL, last_error = NULL, sent_at = NULL,
             not_before = excluded.not_before, next_attempt_at = excluded.next_attempt_at, created_at = excluded.created_at`,
        )
        .bind(id, lineUserId, JSON.stringify({ linked } satisfies DeliveryPayload), await deliveryRetryKey(id), at)
        .run();
      await nudge([{ id, notBefore: at }]);
    },
    async cancelSubject(subject, kind, reason) {
      const result = await options.db
        .prepare(
          `UPDATE deliveries SET state = 'cancelled', last_error = ?3
           WHERE subject = ?1 AND kind = ?2 AND state IN ('queued', 'retrying', 'quota_exhausted')`,
        )
        .bind(subject, kind, reason)
        .run();
      return result.meta.changes;
    },
  };
}

const pushPayload = (spec: PushSpec): DeliveryPayload =>
  spec.service ? { messages: spec.messages, service: spec.service } : { messages: spec.messages };

interface InsertRow {
  id: string;
  kind: DeliveryKind;
  channel: "push" | "reply" | "multicast";
  to: string;
  recipients?: number;
  subject?: string;
  payload: string;
  retryKey: string;
  notBefore: number;
  at: number;
}

/**
 * One statement for up to 500 rows (they travel as one JSON parameter: D1 binds at most 100
 * parameters). New rows come back with fresh = 1. With a plan pass (reminders), a row that
 * exists and is still waiting is marked as seen by this pass, so the planner can tell which
 * reminders lost their reservation.
 */
function insertStatement(db: D1Database, rows: readonly InsertRow[], planPass?: string): D1PreparedStatement {
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      to: row.to,
      subject: row.subject ?? null,
      payload: row.payload,
      key: row.retryKey,
      notBefore: row.notBefore,
      at: row.at,
      recipients: row.recipients ?? 1,
    })),
  );
  return db
    .prepare(
      `INSERT INTO deliveries (delivery_id, kind, channel, line_user_id, subject, payload, retry_key, state, not_before, next_attempt_at, created_at, plan_pass, recipients)
       SELECT value ->> 'id', value ->> 'kind', value ->> 'channel', value ->> 'to', value ->> 'subject', value ->> 'payload',
              value ->> 'key', 'queued', value ->> 'notBefore', value ->> 'notBefore', value ->> 'at', ?2, value ->> 'recipients'
       FROM json_each(?1) WHERE true
       ON CONFLICT (delivery_id) DO UPDATE SET plan_pass = excluded.plan_pass
       WHERE excluded.plan_pass IS NOT NULL AND deliveries.state IN ('queued', 'retrying')
       RETURNING delivery_id AS id, (created_at = ?3) AS fresh`,
    )
    .bind(json, planPass ?? null, rows[0]?.at ?? 0);
}

/**
 * The statement recording these pushes and multicasts (at most 500 rows), for a caller that
 * must record them in one transaction with its own bookkeeping (a campaign marks its
 * recipients in the same D1 batch). Its RETURNING rows have `id` and `fresh` (1 when new);
 * nudge the fresh ones with `nudgeDeliveries` once the batch committed. Kinds switched off are
 * the caller's to check.
 */
export async function recordDeliveriesStatement(
  db: D1Database,
  specs: { pushes?: readonly PushSpec[]; multicasts?: readonly MulticastSpec[] },
  at: number,
): Promise<D1PreparedStatement> {
  const rows: InsertRow[] = [];
  for (const spec of specs.pushes ?? []) {
    rows.push({
      ...spec,
      channel: "push",
      payload: JSON.stringify(pushPayload(spec)),
      retryKey: await deliveryRetryKey(spec.id),
      notBefore: spec.notBefore ?? at,
      at,
    });
  }
  for (const spec of specs.multicasts ?? []) {
    if (spec.to.length === 0 || spec.to.length > MULTICAST_MAX_RECIPIENTS) {
      throw new Error(`a multicast goes to 1 to ${MULTICAST_MAX_RECIPIENTS} users, not ${spec.to.length}`);
    }
    const payload: DeliveryPayload = { to: [...spec.to], messages: spec.messages };
    rows.push({
      id: spec.id,
      kind: spec.kind,
      channel: "multicast",
      to: "multicast",
      recipients: spec.to.length,
      subject: spec.subject,
      payload: JSON.stringify(payload),
      retryKey: await deliveryRetryKey(spec.id),
      notBefore: at,
      at,
    });
  }
  if (rows.length > INSERT_CHUNK) throw new Error(`one statement records at most ${INSERT_CHUNK} deliveries`);
  return insertStatement(db, rows);
}

/** Queues a look at these just-recorded rows now (the sweeper mends a nudge that is lost). */
export async function nudgeDeliveries(queue: Queue<DeliveryQueueMessage>, ids: readonly string[], log: Logger): Promise<void> {
  await sendToQueue(
    queue,
    ids.map((id) => ({ body: { type: "delivery" as const, id } })),
    log,
  );
}

/** What the app is told: a message on its way, or none (switched off, or the customer blocked the account). */
export const publicNotice = (notice: LineNotice): "queued" | "none" => (notice === "queued" ? "queued" : "none");

/** The X-Line-Retry-Key of a delivery: a UUID v5 of its id, the same on every attempt and every worker. */
export const deliveryRetryKey = (deliveryId: string) => retryKeyForEvent(deliveryId, "delivery");
