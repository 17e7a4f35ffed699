import type { D1Database, Queue } from "@cloudflare/workers-types/experimental";
import type { PointTransactionRequest, Store } from "../../shared/merchant-contract.ts";
import type { MemberCardAction, MemberCardScan } from "../card/scans.ts";
import { queueMessage, sendToQueue, type DeliveryQueueMessage, type Outbox } from "../delivery/outbox.ts";
import { backoffMs, RETRY_KEY_WINDOW_MS } from "../delivery/retry-policy.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { actionKey, recordAppliedAction } from "./card-action-record.ts";

// Register writes accepted while the merchant was down (bff/migrations/0022): a check-in or a
// points award for a member the BFF identified, stored with the merchant idempotency key the
// online call used, then applied by the delivery queue (a `register_write` message per row, sent
// again with a delay after each failed attempt; the cron re-nudges a row whose message was lost).
// Exactly once rests on the key: the merchant answers a repeated key with its first answer, so a
// row applied twice (a restart mid-call, two overlapping consumers) changes the merchant once,
// and the card action and its LINE message are recorded under the same key as the online path's.

export type DeferredWriteKind = "check_in" | "award";
export type DeferredWriteState = "pending" | "applied" | "failed_permanently";

type CheckInBody = { storeId: string; staffId: string };
type AwardBody = Extract<PointTransactionRequest, { kind: "award" }>;

export interface DeferredWriteRequest {
  kind: DeferredWriteKind;
  /** The staff request's Idempotency-Key: the merchant key the online call used. */
  key: string;
  store: Store;
  scan: MemberCardScan;
  memberNumber: string;
  body: CheckInBody | AwardBody;
}

/** A claim older than this belonged to a processor that died mid-call; the row is taken over. */
export const DEFERRED_STALE_CLAIM_MS = 2 * 60_000;
/** A pending row this far past its time has lost its queue message: the cron nudges it again. */
export const DEFERRED_OVERDUE_MS = 2 * 60_000;
/**
 * The merchant remembers an Idempotency-Key for 24 hours (shared/merchant-contract.ts); replaying
 * a key it may have forgotten could apply the write twice, so retries stop inside that window
 * and the row is left for a person (failed_permanently, with the reason).
 */
export const DEFERRED_RETRY_WINDOW_MS = RETRY_KEY_WINDOW_MS;
/** Applied rows are kept this long for the record; failed ones until someone deals with them. */
export const APPLIED_DEFERRED_WRITE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

interface DeferredWriteRow {
  write_id: string;
  kind: DeferredWriteKind;
  merchant_idempotency_key: string;
  staff_id: string;
  store_id: string;
  store_name: string;
  member_id: string;
  member_number: string;
  scan_id: string;
  scanned_at: number;
  scan_linked_at: string | null;
  body_json: string;
  state: DeferredWriteState;
  attempts: number;
  created_at: number;
}

const COLUMNS = `write_id, kind, merchant_idempotency_key, staff_id, store_id, store_name, member_id, member_number,
  scan_id, scanned_at, scan_linked_at, body_json, state, attempts, created_at`;

/**
 * Stores a write to apply once the merchant is back, and nudges the queue. The same kind and
 * key is one row: a repeat of the same request answers the row stored first; the key reused for
 * another scan, staff member or body is a conflict (and stores nothing).
 */
export async function deferRegisterWrite(
  deps: { db: D1Database; queue: Queue<DeliveryQueueMessage>; log: Logger },
  request: DeferredWriteRequest,
  now = Date.now(),
): Promise<{ writeId: string; acceptedAt: number } | { conflict: true }> {
  const body = JSON.stringify(request.body);
  const firstTry = now + backoffMs(1);
  const inserted = await deps.db
    .prepare(
      `INSERT INTO deferred_register_writes (write_id, kind, merchant_idempotency_key, staff_id, store_id, store_name, member_id,
         member_number, scan_id, scanned_at, scan_linked_at, body_json, next_attempt_at, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
       ON CONFLICT (kind, merchant_idempotency_key) DO NOTHING`,
    )
    .bind(
      crypto.randomUUID(),
      request.kind,
      request.key,
      request.scan.staffId,
      request.store.storeId,
      request.store.name,
      request.scan.memberId,
      request.memberNumber,
      request.scan.scanId,
      request.scan.scannedAt,
      request.scan.linkedAt,
      body,
      firstTry,
      now,
    )
    .run();
  const row = await deps.db
    .prepare(`SELECT ${COLUMNS} FROM deferred_register_writes WHERE kind = ?1 AND merchant_idempotency_key = ?2`)
    .bind(request.kind, request.key)
    .first<DeferredWriteRow>();
  if (!row) throw new Error("a deferred write is readable once stored");
  if (row.staff_id !== request.scan.staffId || row.scan_id !== request.scan.scanId || row.body_json !== body) {
    return { conflict: true };
  }
  if (inserted.meta.changes === 1) {
    deps.log.warn("register write deferred: the merchant is unreachable", { kind: request.kind });
    await sendToQueue(deps.queue, [queueMessage({ type: "register_write", id: row.write_id }, firstTry, now)], deps.log);
  }
  return { writeId: row.write_id, acceptedAt: row.created_at };
}

export interface DeferredWriteDependencies {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  merchant: MerchantClient;
  outbox: Outbox;
  log: Logger;
  now?: () => number;
}

export type DeferredWriteOutcome = "applied" | "retrying" | "failed_permanently" | "not_due";

/**
 * Applies one deferred write to the merchant if it is due and no other processor holds it. An
 * outage leaves it pending with a backoff (and a delayed queue message); a refusal (a 4xx) ends
 * it as failed_permanently with the reason, never retried.
 */
export async function applyDeferredRegisterWrite(
  deps: DeferredWriteDependencies,
  writeId: string,
): Promise<DeferredWriteOutcome> {
  const now = deps.now ?? Date.now;
  const claimedAt = now();
  const row = await deps.db
    .prepare(
      `UPDATE deferred_register_writes SET claimed_at = ?2, attempts = attempts + 1
       WHERE write_id = ?1 AND state = 'pending' AND next_attempt_at <= ?2 AND (claimed_at IS NULL OR claimed_at < ?3)
       RETURNING ${COLUMNS}`,
    )
    .bind(writeId, claimedAt, claimedAt - DEFERRED_STALE_CLAIM_MS)
    .first<DeferredWriteRow>();
  if (!row) return "not_due";

  const settle = async (state: DeferredWriteState, fields: { error?: string; merchantActionId?: string; nextAt?: number }) => {
    await deps.db
      .prepare(
        `UPDATE deferred_register_writes SET state = ?3, claimed_at = NULL, last_error = ?4,
           merchant_action_id = COALESCE(?5, merchant_action_id), applied_at = CASE WHEN ?3 = 'applied' THEN ?6 ELSE applied_at END,
           next_attempt_at = COALESCE(?7, next_attempt_at)
         WHERE write_id = ?1 AND claimed_at = ?2`,
      )
      .bind(row.write_id, claimedAt, state, fields.error ?? null, fields.merchantActionId ?? null, now(), fields.nextAt ?? null)
      .run();
  };

  try {
    const applied = await applyToMerchant(deps, row);
    if ("refused" in applied) {
      deps.log.error("deferred register write refused by the merchant", { kind: row.kind, reason: applied.refused });
      await settle("failed_permanently", { error: applied.refused });
      return "failed_permanently";
    }
    await settle("applied", { merchantActionId: applied.merchantActionId });
    deps.log.info("deferred register write applied", { kind: row.kind, attempts: row.attempts });
    return "applied";
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown";
    if (error instanceof UpstreamError && !error.isOutage && error.upstreamStatus !== undefined) {
      // The merchant answered a 4xx the contract does not name: trying again changes nothing.
      deps.log.error("deferred register write refused by the merchant", { kind: row.kind, status: error.upstreamStatus });
      await settle("failed_permanently", { error: reason });
      return "failed_permanently";
    }
    const nextAt = now() + backoffMs(row.attempts);
    if (nextAt - row.created_at > DEFERRED_RETRY_WINDOW_MS) {
      deps.log.error("deferred register write given up: the merchant was down too long", { kind: row.kind });
      await settle("failed_permanently", { error: `gave up after ${row.attempts} attempts: ${reason}` });
      return "failed_permanently";
    }
    await settle("pending", { error: reason, nextAt });
    await sendToQueue(deps.queue, [queueMessage({ type: "register_write", id: row.write_id }, nextAt, now())], deps.log);
    return "retrying";
  }
}

/**
 * One call to the merchant under the stored key, then the card action, the register's list and
 * the customer's LINE message, recorded as the online path records them (once per key).
 */
async function applyToMerchant(
  deps: DeferredWriteDependencies,
  row: DeferredWriteRow,
): Promise<{ merchantActionId: string } | { refused: string }> {
  const scan: MemberCardScan = {
    scanId: row.scan_id,
    memberId: row.member_id,
    staffId: row.staff_id,
    scannedAt: row.scanned_at,
    linkedAt: row.scan_linked_at,
  };
  const store = { storeId: row.store_id, storeName: row.store_name };
  let action: MemberCardAction;
  let merchantActionId: string;
  let purchaseAmountYen: number | null = null;
  if (row.kind === "check_in") {
    const body = JSON.parse(row.body_json) as CheckInBody;
    const checkIn = await deps.merchant.createCheckIn(row.member_id, body, row.merchant_idempotency_key);
    if (!checkIn) return { refused: "not_found: the member no longer exists" };
    if ("refused" in checkIn) return { refused: `${checkIn.refused}: ${checkIn.message}` };
    const summary = await deps.merchant.getMemberSummary(row.member_id);
    merchantActionId = checkIn.checkInId;
    action = {
      kind: "check_in",
      ...store,
      points: null,
      balance: summary?.points.balance ?? null,
      occurredAt: Date.parse(checkIn.occurredAt),
    };
  } else {
    const body = JSON.parse(row.body_json) as AwardBody;
    const transaction = await deps.merchant.createPointTransaction(row.member_id, body, row.merchant_idempotency_key);
    if (!transaction) return { refused: "not_found: the member no longer exists" };
    if ("refused" in transaction) return { refused: `${transaction.refused}: ${transaction.message}` };
    merchantActionId = transaction.transactionId;
    purchaseAmountYen = body.purchaseAmountYen;
    action = {
      kind: transaction.kind,
      ...store,
      points: transaction.points,
      balance: transaction.balance,
      occurredAt: Date.parse(transaction.occurredAt),
    };
  }
  await recordAppliedAction(deps, actionKey(action.kind, row.merchant_idempotency_key), scan, action, {
    merchantActionId,
    memberNumber: row.member_number,
    purchaseAmountYen,
  });
  return { merchantActionId };
}

/**
 * The cron's part: nudges pending rows whose queue message was lost (overdue, or held by a claim
 * gone stale), and forgets applied rows past their retention. Returns how many were nudged.
 */
export async function sweepDeferredRegisterWrites(deps: {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  log: Logger;
  now: number;
}): Promise<{ nudged: number; pruned: number }> {
  const { now } = deps;
  const { results } = await deps.db
    .prepare(
      `UPDATE deferred_register_writes SET next_attempt_at = CASE WHEN claimed_at IS NULL THEN ?1 ELSE next_attempt_at END
       WHERE write_id IN (
         SELECT write_id FROM deferred_register_writes
         WHERE state = 'pending' AND ((claimed_at IS NULL AND next_attempt_at < ?2) OR claimed_at < ?3)
         LIMIT 500)
       RETURNING write_id AS id`,
    )
    .bind(now, now - DEFERRED_OVERDUE_MS, now - DEFERRED_STALE_CLAIM_MS)
    .all<{ id: string }>();
  await sendToQueue(
    deps.queue,
    results.map((row) => ({ body: { type: "register_write" as const, id: row.id } })),
    deps.log,
  );
  if (results.length > 0) deps.log.warn("deferred register writes nudged again", { count: results.length });
  const pruned = await deps.db
    .prepare("DELETE FROM deferred_register_writes WHERE state = 'applied' AND applied_at < ?1")
    .bind(now - APPLIED_DEFERRED_WRITE_RETENTION_MS)
    .run();
  return { nudged: results.length, pruned: pruned.meta.changes };
}

/** For the ops page: deferred writes by state, and the ones that failed for good, newest first. */
export async function deferredRegisterWriteReport(db: D1Database) {
  const [counts, failed] = await db.batch<Record<string, unknown>>([
    db.prepare("SELECT state, COUNT(*) AS count FROM deferred_register_writes GROUP BY state"),
    db.prepare(
      `SELECT write_id, kind, store_id, member_number, attempts, last_error, created_at FROM deferred_register_writes
       WHERE state = 'failed_permanently' ORDER BY created_at DESC LIMIT 50`,
    ),
  ]);
  const byState: Record<string, number> = {};
  for (const row of (counts?.results ?? []) as Array<{ state: string; count: number }>) byState[row.state] = row.count;
  return { byState, failed: failed?.results ?? [] };
}
