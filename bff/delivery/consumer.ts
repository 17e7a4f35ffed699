import type { D1Database, Message as QueueMessage, Queue } from "@cloudflare/workers-types/experimental";
import type { Logger } from "../lib/log.ts";
import { readNotificationToken, type LineMessaging, type LineOutcome, type Message } from "../line/messaging.ts";
import { LINKED_MENU_ALIAS } from "../line/rich-menus.ts";
import { japanMonth } from "../reservations/japan-time.ts";
import { blockedAmong } from "../webhook/friends.ts";
import { queueMessage, sendToQueue, type DeliveryPayload, type DeliveryQueueMessage } from "./outbox.ts";
import { backoffMs, RETRY_KEY_WINDOW_MS } from "./retry-policy.ts";
import { renewToken, spendToken, templateFor, usableToken, type ServiceTemplateMap } from "./service-messages.ts";

// The queue consumer's half of the pipeline: claim the rows a batch names, send each to LINE
// once under the shared rate limit, write down what LINE said. Exactly once rests on three
// things: the claim (one consumer at a time per row), the retry key (LINE answers 409 to a
// repeat it already accepted, for 24 hours), and the row being the truth (a queue message
// repeated or lost changes nothing the sweeper cannot mend).

export interface DeliveryDependencies {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  line: LineMessaging;
  log: Logger;
  /** Reserves sends under LINE's per-channel rate limit; resolves to the ms to wait first. */
  reserve(count: number): Promise<number>;
  /**
   * The same for multicast requests, which LINE limits on their own (200/s per channel, not
   * the push endpoints' 2,000/s). Left out: multicasts share `reserve`.
   */
  reserveMulticast?(count: number): Promise<number>;
  /** Sends in flight at once (a Worker invocation has 6 outgoing connections). */
  concurrency: number;
  /** LINE MINI App service message templates by kind (SERVICE_MESSAGE_TEMPLATES); none: every message is a push. */
  serviceTemplates?: ServiceTemplateMap;
  now?: () => number;
}

/** A claim older than this belonged to a consumer that died mid-send; the row is taken over. */
export const STALE_CLAIM_MS = 2 * 60_000;

interface ClaimedRow {
  delivery_id: string;
  kind: string;
  channel: "push" | "reply" | "rich_menu" | "multicast";
  line_user_id: string;
  subject: string | null;
  payload: string;
  retry_key: string;
  attempts: number;
  version: number;
  first_attempt_at: number;
  /** How the last attempt went out: 'service' before a service message is sent, so it is never sent twice. */
  sent_via: SentVia | null;
  /** How many users it goes to: 1, or a multicast's recipients. */
  recipients: number;
}

type SentVia = "push" | "reply" | "service" | "multicast";

/**
 * `via` is how the attempt went out (null: nothing went); left out, the row keeps what it had.
 * `recipients`: a multicast sent to fewer users than recorded (some blocked meanwhile).
 */
type Verdict = (
  | { state: "sent"; error?: string }
  | { state: "retrying"; delayMs: number; error: string }
  | { state: "dead" | "quota_exhausted" | "cancelled"; error: string }
  | { state: "as_push"; error: string }
) & { via?: SentVia | null; recipients?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handles the `delivery` messages of one queue batch. Every message is acked or retried. */
export async function deliverBatch(
  deps: DeliveryDependencies,
  messages: ReadonlyArray<QueueMessage<DeliveryQueueMessage>>,
): Promise<void> {
  const now = deps.now ?? Date.now;
  const byId = new Map<string, Array<QueueMessage<DeliveryQueueMessage>>>();
  for (const message of messages) byId.set(message.body.id, [...(byId.get(message.body.id) ?? []), message]);

  const claimed = await claim(deps.db, [...byId.keys()], now());
  const claimedIds = new Set(claimed.map((row) => row.delivery_id));
  // Rows not claimed: already sent, cancelled, in another consumer's hands, or not due yet.
  const unclaimed = [...byId.keys()].filter((id) => !claimedIds.has(id));
  if (unclaimed.length > 0) await settleUnclaimed(deps, unclaimed, byId, now());

  // Someone who blocked the account since the message was recorded (a reminder recorded hours
  // ahead) gets nothing: LINE would accept it, count it, and show it to nobody.
  const verdicts: Array<{ row: ClaimedRow; verdict: Verdict }> = [];
  // (A multicast checks its recipients when it is sent.)
  const perUser = (row: ClaimedRow) => row.channel !== "rich_menu" && row.channel !== "multicast";
  const blocked = await blockedAmong(deps.db, [...new Set(claimed.filter(perUser).map((row) => row.line_user_id))]);
  const sendable = claimed.filter((row) => {
    if (!perUser(row) || !blocked.has(row.line_user_id)) return true;
    verdicts.push({ row, verdict: { state: "cancelled", error: "the customer blocked the account" } });
    return false;
  });

  // Multicasts and everything else each have their own rate limit at LINE, so their own tokens.
  const multicasts = sendable.filter((row) => row.channel === "multicast").length;
  const takeOther = tokenSource(deps, (count) => deps.reserve(count), sendable.length - multicasts);
  const takeMulticast = tokenSource(
    deps,
    (count) => (deps.reserveMulticast ? deps.reserveMulticast(count) : deps.reserve(count)),
    multicasts,
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(deps.concurrency, sendable.length) }, async () => {
      while (next < sendable.length) {
        const row = sendable[next++]!;
        await (row.channel === "multicast" ? takeMulticast() : takeOther());
        verdicts.push({ row, verdict: await send(deps, row, now) });
      }
    }),
  );
  await record(deps, verdicts, now());
  for (const id of claimedIds) for (const message of byId.get(id) ?? []) message.ack();
}

async function claim(db: D1Database, ids: string[], now: number): Promise<ClaimedRow[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      `UPDATE deliveries SET state = 'sending', claimed_at = ?2, attempts = attempts + 1,
         first_attempt_at = COALESCE(first_attempt_at, ?2)
       WHERE delivery_id IN (SELECT value FROM json_each(?1))
         AND ((state IN ('queued', 'retrying') AND next_attempt_at <= ?2)
           OR (state = 'sending' AND claimed_at < ?3))
       RETURNING delivery_id, kind, channel, line_user_id, subject, payload, retry_key, attempts, version, first_attempt_at, sent_via, recipients`,
    )
    .bind(JSON.stringify(ids), now, now - STALE_CLAIM_MS)
    .all<ClaimedRow>();
  return results;
}

/** A message for a row that is not due yet comes back when it is; every other one is done. */
async function settleUnclaimed(
  deps: DeliveryDependencies,
  ids: string[],
  byId: Map<string, Array<QueueMessage<DeliveryQueueMessage>>>,
  now: number,
): Promise<void> {
  const { results } = await deps.db
    .prepare(
      `SELECT delivery_id, next_attempt_at FROM deliveries
       WHERE delivery_id IN (SELECT value FROM json_each(?1)) AND state IN ('queued', 'retrying') AND next_attempt_at > ?2`,
    )
    .bind(JSON.stringify(ids), now)
    .all<{ delivery_id: string; next_attempt_at: number }>();
  const early = new Map(results.map((row) => [row.delivery_id, row.next_attempt_at]));
  for (const id of ids) {
    for (const message of byId.get(id) ?? []) {
      const dueAt = early.get(id);
      if (dueAt === undefined) message.ack();
      else message.retry({ delaySeconds: Math.min(12 * 3600, Math.ceil((dueAt - now) / 1000)) });
    }
  }
}

/**
 * Sends this invocation's claimed rows under the shared limit, reserving a few at a time so the
 * limiter is asked about once per handful of sends, never for more than the batch still needs.
 */
function tokenSource(
  deps: DeliveryDependencies,
  reserve: (count: number) => Promise<number>,
  total: number,
): () => Promise<void> {
  let remaining = total;
  let available = 0;
  let pending: Promise<void> | null = null;
  return async function take() {
    while (available === 0) {
      pending ??= (async () => {
        const count = Math.max(1, Math.min(deps.concurrency, remaining));
        remaining -= count;
        const wait = await reserve(count);
        if (wait > 0) await sleep(wait);
        available += count;
      })().finally(() => {
        pending = null;
      });
      await pending;
    }
    available -= 1;
  };
}

const aliasCache = new Map<string, { richMenuId: string; expiresAt: number }>();

async function linkedMenuId(line: LineMessaging): Promise<string | null> {
  const cached = aliasCache.get(LINKED_MENU_ALIAS);
  if (cached && cached.expiresAt > Date.now()) return cached.richMenuId;
  const richMenuId = await line.richMenuIdForAlias(LINKED_MENU_ALIAS);
  if (richMenuId) aliasCache.set(LINKED_MENU_ALIAS, { richMenuId, expiresAt: Date.now() + 5 * 60_000 });
  return richMenuId;
}

async function send(deps: DeliveryDependencies, row: ClaimedRow, now: () => number): Promise<Verdict> {
  let payload: DeliveryPayload;
  try {
    payload = JSON.parse(row.payload) as DeliveryPayload;
  } catch {
    return { state: "dead", error: "the recorded payload is not JSON" };
  }
  try {
    if (row.channel === "rich_menu" && "linked" in payload) {
      if (!payload.linked) return judge(row, await deps.line.unlinkRichMenu(row.line_user_id), now());
      const richMenuId = await linkedMenuId(deps.line);
      if (!richMenuId) {
        return retryOrGiveUp(
          row,
          now(),
          backoffMs(row.attempts),
          `no rich menu behind the alias "${LINKED_MENU_ALIAS}": run npm run richmenu -- apply`,
        );
      }
      return judge(row, await deps.line.linkRichMenu(row.line_user_id, richMenuId), now());
    }
    if (row.channel === "multicast" && "to" in payload) return await sendMulticast(deps, row, payload, now);
    if (row.channel === "reply" && "replyToken" in payload)
      return judgeReply(await deps.line.reply(payload.replyToken, payload.messages));
    if ("messages" in payload) {
      let fallback: string | undefined;
      if (row.channel === "push" && "service" in payload && payload.service) {
        const service = await sendAsServiceMessage(deps, row, payload.service.params, now);
        if ("state" in service) return service;
        fallback = service.fallback;
      }
      const verdict: Verdict = {
        ...judge(row, await deps.line.push(row.line_user_id, payload.messages as Message[], row.retry_key), now()),
        via: "push",
      };
      return fallback && verdict.state === "sent" ? { ...verdict, error: fallback } : verdict;
    }
    return { state: "dead", error: `payload does not fit channel ${row.channel}` };
  } catch (error) {
    return retryOrGiveUp(row, now(), backoffMs(row.attempts), error instanceof Error ? error.message : "unknown error");
  }
}

/**
 * A multicast goes to its recipients who have not blocked the account since it was recorded
 * (LINE would count them and show it to nobody). The retry key covers the request: if an
 * earlier attempt landed, LINE answers 409 whatever the list is now.
 */
async function sendMulticast(
  deps: DeliveryDependencies,
  row: ClaimedRow,
  payload: { to: string[]; messages: Message[] },
  now: () => number,
): Promise<Verdict> {
  const blocked = await blockedAmong(deps.db, payload.to);
  const to = payload.to.filter((id) => !blocked.has(id));
  if (to.length === 0) return { state: "cancelled", error: "every recipient blocked the account", recipients: 0 };
  const verdict = judge(row, await deps.line.multicast(to, payload.messages, row.retry_key), now());
  return { ...verdict, via: "multicast", recipients: to.length };
}

/**
 * A LINE MINI App service message instead of the push, when the kind has a template and the
 * subject a usable notification token. A service message takes no retry key, so, like a reply,
 * one whose outcome is unknown is never repeated, as a service message or a push; one LINE
 * refused (nothing was sent) goes as the push in the same attempt, with the delivery's retry key.
 * The row is marked 'service' before the send: a consumer taking over a claim abandoned
 * mid-send treats it as unknown too.
 */
async function sendAsServiceMessage(
  deps: DeliveryDependencies,
  row: ClaimedRow,
  params: Record<string, string>,
  now: () => number,
): Promise<Verdict | { fallback?: string }> {
  // A push already attempted (its retry key guards it) is never switched to a service message.
  if (row.sent_via === "push" || row.sent_via === "reply") return {};
  if (row.sent_via === "service") {
    return {
      state: "dead",
      via: "service",
      error: "service message outcome unknown: an earlier attempt was abandoned mid-send, so it is not repeated",
    };
  }
  const template = templateFor(deps.serviceTemplates ?? {}, row.kind);
  if (!template || !row.subject) return {};
  const held = await usableToken(deps.db, row.subject, row.line_user_id, now());
  if (!held) return {};
  await deps.db
    .prepare("UPDATE deliveries SET sent_via = 'service' WHERE delivery_id = ?1 AND state = 'sending'")
    .bind(row.delivery_id)
    .run();

  const outcome = await deps.line.sendServiceMessage(template, params, held.token);
  if (outcome.ok) {
    // Sent: whatever happens to the bookkeeping now, it must not be sent again.
    try {
      const answer = readNotificationToken(outcome.body);
      if (answer) await renewToken(deps.db, row.subject, held.token, answer, now());
      else await spendToken(deps.db, row.subject, held.token, now());
    } catch (error) {
      deps.log.error("renewed notification token not kept", { error: error instanceof Error ? error.message : "unknown" });
    }
    return { state: "sent", via: "service" };
  }
  switch (outcome.kind) {
    case "rate_limited":
      // Nothing went: the next attempt may try again.
      return {
        ...retryOrGiveUp(
          row,
          now(),
          outcome.retryAfterMs ?? backoffMs(row.attempts),
          "LINE answered 429 to the service message (rate limit)",
        ),
        via: null,
      };
    case "uncertain":
      return {
        state: "dead",
        via: "service",
        error: `service message outcome unknown (${outcome.status ?? "no answer"} ${outcome.reason}): LINE may have delivered it, so it is not repeated`,
      };
    case "monthly_limit":
    case "refused": {
      const reason = outcome.kind === "refused" ? outcome.reason : "monthly limit";
      // An expired, used-up or unknown token is spent; a template LINE does not know is configuration.
      if (/token/i.test(reason)) await spendToken(deps.db, row.subject, held.token, now());
      else deps.log.error("LINE refused the service message", { kind: row.kind, template, status: outcome.status, reason });
      return { fallback: `LINE refused the service message (${outcome.status}): ${reason}; sent as a push` };
    }
  }
}

function judge(row: ClaimedRow, outcome: LineOutcome, now: number): Verdict {
  if (outcome.ok) return { state: "sent" };
  switch (outcome.kind) {
    case "monthly_limit":
      return { state: "quota_exhausted", error: "LINE: the monthly message limit is reached" };
    case "rate_limited":
      return retryOrGiveUp(row, now, outcome.retryAfterMs ?? backoffMs(row.attempts), "LINE answered 429 (rate limit)");
    case "uncertain":
      // A 5xx or no answer may still have delivered: the retry carries the same retry key,
      // so LINE answers 409 instead of sending twice.
      return retryOrGiveUp(row, now, backoffMs(row.attempts), `LINE: ${outcome.status ?? "no answer"} ${outcome.reason}`);
    case "refused":
      return { state: "dead", error: `LINE refused it (${outcome.status}): ${outcome.reason}` };
  }
}

/**
 * A reply has no retry key, so an uncertain one is never repeated, as a reply or as a push: the
 * customer may already have it. Only a reply token LINE refused (unused, so nothing was sent)
 * turns into a push, with the delivery's own retry key.
 * https://developers.line.biz/en/reference/messaging-api/#send-reply-message
 */
function judgeReply(outcome: LineOutcome): Verdict {
  return { ...judgeReplyOutcome(outcome), via: "reply" };
}

function judgeReplyOutcome(outcome: LineOutcome): Verdict {
  if (outcome.ok) return { state: "sent" };
  if (outcome.kind === "refused" && outcome.status === 400 && /reply token/i.test(outcome.reason)) {
    return { state: "as_push", error: "LINE refused the reply token; sent as a push", via: null };
  }
  if (outcome.kind === "refused")
    return { state: "dead", error: `LINE refused the reply (${outcome.status}): ${outcome.reason}` };
  if (outcome.kind === "monthly_limit") return { state: "dead", error: "LINE answered the monthly limit to a reply" };
  return {
    state: "dead",
    error: `reply outcome unknown (${outcome.status ?? "no answer"}): LINE may have delivered it, so it is not repeated`,
  };
}

function retryOrGiveUp(row: ClaimedRow, now: number, delayMs: number, error: string): Verdict {
  // Past LINE's 24 hours a retry key is forgotten and a repeat could reach the customer twice.
  if (now + delayMs - row.first_attempt_at > RETRY_KEY_WINDOW_MS) {
    return {
      state: "dead",
      error: `gave up after ${row.attempts} attempts over ${Math.round((now - row.first_attempt_at) / 3_600_000)} h: ${error}`,
    };
  }
  return { state: "retrying", delayMs, error };
}

async function record(
  deps: DeliveryDependencies,
  verdicts: ReadonlyArray<{ row: ClaimedRow; verdict: Verdict }>,
  now: number,
): Promise<void> {
  if (verdicts.length === 0) return;
  const rows = verdicts.map(({ row, verdict }) => ({
    id: row.delivery_id,
    version: row.version,
    state: verdict.state === "as_push" ? "queued" : verdict.state,
    channel: verdict.state === "as_push" ? "push" : row.channel,
    next: verdict.state === "retrying" ? now + verdict.delayMs : now,
    error: "error" in verdict ? verdict.error : null,
    sentAt: verdict.state === "sent" ? now : null,
    via: verdict.via === undefined ? row.sent_via : verdict.via,
    recipients: verdict.recipients ?? row.recipients,
  }));
  const month = japanMonth(now);
  const sentCounts = new Map<string, number>();
  for (const { row, verdict } of verdicts) {
    // Replies and service messages are free: not counted against the quota.
    if (verdict.state === "sent" && row.kind !== "rich_menu" && row.channel !== "reply" && verdict.via !== "service") {
      // Counted per recipient, as LINE counts: a multicast to 500 is 500 messages.
      sentCounts.set(row.kind, (sentCounts.get(row.kind) ?? 0) + (verdict.recipients ?? row.recipients));
    }
  }
  const [updated] = await deps.db.batch<{ id: string }>([
    // Only the version this consumer applied is marked; a row rewritten meanwhile goes back to 'queued'.
    deps.db
      .prepare(
        `UPDATE deliveries SET
           state = CASE WHEN deliveries.version = o.value ->> 'version' THEN o.value ->> 'state' ELSE 'queued' END,
           channel = o.value ->> 'channel',
           next_attempt_at = o.value ->> 'next',
           last_error = o.value ->> 'error',
           sent_via = o.value ->> 'via',
           recipients = o.value ->> 'recipients',
           sent_at = CASE WHEN deliveries.version = o.value ->> 'version' THEN o.value ->> 'sentAt' ELSE NULL END
         FROM json_each(?1) AS o
         WHERE deliveries.delivery_id = o.value ->> 'id' AND deliveries.state = 'sending'
         RETURNING deliveries.delivery_id AS id, deliveries.state AS state, deliveries.next_attempt_at AS next`,
      )
      .bind(JSON.stringify(rows)),
    deps.db
      .prepare(
        `INSERT INTO message_counts (month, kind, sent) SELECT ?1, value ->> 'kind', value ->> 'sent' FROM json_each(?2) WHERE true
         ON CONFLICT (month, kind) DO UPDATE SET sent = message_counts.sent + excluded.sent`,
      )
      .bind(month, JSON.stringify([...sentCounts].map(([kind, sent]) => ({ kind, sent })))),
  ]);
  const again = (updated?.results ?? []) as Array<{ id: string; state: string; next: number }>;
  const nudges = again
    .filter((row) => row.state === "queued" || row.state === "retrying")
    .map((row) => queueMessage({ type: "delivery", id: row.id }, row.next, now));
  await sendToQueue(deps.queue, nudges, deps.log);
  const tally: Record<string, number> = {};
  for (const row of again) tally[row.state] = (tally[row.state] ?? 0) + 1;
  deps.log.info("deliveries recorded", tally);
}
