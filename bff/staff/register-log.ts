import type { D1Database } from "@cloudflare/workers-types/experimental";
import { SCAN_ACTION_WINDOW_MS } from "../card/scans.ts";

// The register's record of staff actions, kept on the rows of member_card_actions that the
// action's own request wrote once the merchant had accepted it (so the list never shows what
// the merchant did not do). A void is written on the action's row: one UPDATE guarded by
// `voided_at IS NULL` decides which request voided it.

export type RegisterActionKind = "check_in" | "award" | "redeem";

/** What the action's request learnt from the merchant, for the list and the void. */
export interface RegisterActionDetails {
  merchantActionId: string;
  memberNumber: string;
  purchaseAmountYen: number | null;
}

/**
 * Adds the merchant's id, the member number and the amount to a recorded action and returns
 * its action id, the same one for a retried action (the first one given stays).
 */
export async function recordRegisterActionDetails(
  db: D1Database,
  kind: RegisterActionKind,
  idempotencyKey: string,
  details: RegisterActionDetails,
): Promise<string> {
  const row = await db
    .prepare(
      `UPDATE member_card_actions
       SET action_id = COALESCE(action_id, ?3), merchant_action_id = ?4, member_number = ?5, purchase_amount_yen = ?6
       WHERE kind = ?1 AND idempotency_key = ?2 RETURNING action_id AS actionId`,
    )
    .bind(kind, idempotencyKey, crypto.randomUUID(), details.merchantActionId, details.memberNumber, details.purchaseAmountYen)
    .first<{ actionId: string }>();
  if (!row) throw new Error("the action is recorded before its details");
  return row.actionId;
}

export interface RegisterAction {
  actionId: string;
  kind: RegisterActionKind;
  scanId: string;
  memberId: string;
  memberNumber: string;
  merchantActionId: string;
  staffId: string;
  storeId: string;
  storeName: string;
  points: number | null;
  purchaseAmountYen: number | null;
  occurredAt: number;
  /** When the scan's window ends: the action may be voided until then. */
  voidableUntil: number;
  scanLinkedAt: string | null;
  voidedAt: number | null;
  voidPoints: number | null;
  voidBalance: number | null;
}

const SELECT_ACTIONS = `
  SELECT a.action_id AS actionId, a.kind, a.scan_id AS scanId, a.member_id AS memberId, a.member_number AS memberNumber,
         a.merchant_action_id AS merchantActionId, a.staff_id AS staffId, a.store_id AS storeId,
         a.store_name AS storeName, a.points, a.purchase_amount_yen AS purchaseAmountYen, a.occurred_at AS occurredAt,
         s.scanned_at + ${SCAN_ACTION_WINDOW_MS} AS voidableUntil, s.linked_at AS scanLinkedAt,
         a.voided_at AS voidedAt, a.void_points AS voidPoints, a.void_balance AS voidBalance
  FROM member_card_actions a JOIN member_card_scans s ON s.scan_id = a.scan_id`;

/** One recorded action by its action id (whoever made it: the caller checks), or null. */
export async function findRegisterAction(db: D1Database, actionId: string): Promise<RegisterAction | null> {
  return db.prepare(`${SELECT_ACTIONS} WHERE a.action_id = ?1`).bind(actionId).first<RegisterAction>();
}

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight in Japan (epoch ms) of the Japan day `now` falls in. */
export function japanDayStart(now: number): number {
  return Math.floor((now + JAPAN_OFFSET_MS) / DAY_MS) * DAY_MS - JAPAN_OFFSET_MS;
}

/** A staff member's list of the day holds at most this many actions, the newest. */
export const TODAYS_ACTIONS_LIMIT = 200;

/** What a staff member did at a store today (Japan time), newest first. */
export async function todaysRegisterActions(
  db: D1Database,
  staffId: string,
  storeId: string,
  now = Date.now(),
): Promise<RegisterAction[]> {
  const { results } = await db
    .prepare(
      `${SELECT_ACTIONS}
       WHERE a.staff_id = ?1 AND a.store_id = ?2 AND a.occurred_at >= ?3 AND a.action_id IS NOT NULL
       ORDER BY a.occurred_at DESC, a.rowid DESC LIMIT ?4`,
    )
    .bind(staffId, storeId, japanDayStart(now), TODAYS_ACTIONS_LIMIT)
    .all<RegisterAction>();
  return results;
}

/**
 * Writes the merchant's void on the action, once. True for the request that wrote it: only
 * that one gives the scan's allowance back and records the customer's message.
 */
export async function markRegisterActionVoided(
  db: D1Database,
  action: Pick<RegisterAction, "actionId" | "scanId" | "kind" | "purchaseAmountYen" | "points">,
  voided: { at: number; points: number; balance: number },
): Promise<boolean> {
  const marked = await db
    .prepare(
      `UPDATE member_card_actions SET voided_at = ?2, void_points = ?3, void_balance = ?4
       WHERE action_id = ?1 AND voided_at IS NULL`,
    )
    .bind(action.actionId, voided.at, voided.points, voided.balance)
    .run();
  if (marked.meta.changes === 0) return false;
  // What the voided action took from the scan is free again: the right amount can be sent now.
  const giveBack =
    action.kind === "check_in"
      ? db.prepare("UPDATE member_card_scans SET checked_in = 0 WHERE scan_id = ?1").bind(action.scanId)
      : action.kind === "award"
        ? db
            .prepare("UPDATE member_card_scans SET awarded_yen = MAX(awarded_yen - ?2, 0) WHERE scan_id = ?1")
            .bind(action.scanId, action.purchaseAmountYen ?? 0)
        : db
            .prepare("UPDATE member_card_scans SET redeemed_points = MAX(redeemed_points - ?2, 0) WHERE scan_id = ?1")
            .bind(action.scanId, Math.abs(action.points ?? 0));
  await giveBack.run();
  return true;
}
