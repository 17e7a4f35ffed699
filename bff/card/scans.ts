import type { D1Database } from "@cloudflare/workers-types/experimental";

/** How long after a scan the staff member may act on it (check in, points). */
export const SCAN_ACTION_WINDOW_MS = 10 * 60_000;

export interface MemberCardScan {
  scanId: string;
  memberId: string;
  staffId: string;
  scannedAt: number;
}

/**
 * Consumes a card credential exactly once. Returns the new scan, or null when the credential
 * was already used: the UNIQUE key decides, so concurrent scans cannot both win.
 */
export async function consumeCardCredential(
  db: D1Database,
  credential: { credentialId: string; memberId: string; expiresAt: Date },
  staffId: string,
  now = Date.now(),
): Promise<MemberCardScan | null> {
  const scanId = crypto.randomUUID();
  const result = await db
    .prepare(
      `INSERT INTO member_card_scans (scan_id, credential_id, member_id, staff_id, scanned_at, credential_expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (credential_id) DO NOTHING`,
    )
    .bind(scanId, credential.credentialId, credential.memberId, staffId, now, credential.expiresAt.getTime())
    .run();
  if (result.meta.changes === 0) return null;
  return { scanId, memberId: credential.memberId, staffId, scannedAt: now };
}

/** The scan a staff member may still act on, or null (unknown, someone else's, or too old). */
export async function findActionableScan(
  db: D1Database,
  scanId: string,
  staffId: string,
  now = Date.now(),
): Promise<MemberCardScan | null> {
  const row = await db
    .prepare(
      `SELECT scan_id AS scanId, member_id AS memberId, staff_id AS staffId, scanned_at AS scannedAt
       FROM member_card_scans WHERE scan_id = ?1`,
    )
    .bind(scanId)
    .first<MemberCardScan>();
  if (!row || row.staffId !== staffId || now - row.scannedAt > SCAN_ACTION_WINDOW_MS) return null;
  return row;
}

export interface MemberCardAction {
  kind: "check_in" | "award" | "redeem";
  storeId: string;
  storeName: string;
  points: number | null;
  balance: number | null;
  occurredAt: number;
}

/** Records what staff did; a retried action (same key) is recorded once. True if this call recorded it. */
export async function recordCardAction(
  db: D1Database,
  idempotencyKey: string,
  scan: MemberCardScan,
  action: MemberCardAction,
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO member_card_actions
         (idempotency_key, scan_id, member_id, kind, store_id, store_name, staff_id, points, balance, occurred_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (idempotency_key) DO NOTHING`,
    )
    .bind(
      idempotencyKey,
      scan.scanId,
      scan.memberId,
      action.kind,
      action.storeId,
      action.storeName,
      scan.staffId,
      action.points,
      action.balance,
      action.occurredAt,
    )
    .run();
  return result.meta.changes > 0;
}

/** A position in a member's card actions: the time and row of the last one seen. */
export interface CardActivityPosition {
  occurredAt: number;
  seq: number;
}

export const CARD_ACTIVITY_PAGE_SIZE = 20;

/** "From now on", by the server's clock. */
export const cardActivityNow = (now = Date.now()): CardActivityPosition => ({ occurredAt: now, seq: 0 });

export const encodeCardActivityCursor = ({ occurredAt, seq }: CardActivityPosition) => `${occurredAt}.${seq}`;
export function decodeCardActivityCursor(cursor: string): CardActivityPosition {
  const [occurredAt, seq] = cursor.split(".").map(Number);
  return { occurredAt, seq };
}

/**
 * What happened at the register for a member after a position, oldest first, one page at a
 * time (for the live card), with the position to continue from.
 */
export async function cardActivityAfter(
  db: D1Database,
  memberId: string,
  after: CardActivityPosition,
): Promise<{ actions: MemberCardAction[]; next: CardActivityPosition }> {
  const { results } = await db
    .prepare(
      `SELECT kind, store_id AS storeId, store_name AS storeName, points, balance, occurred_at AS occurredAt, rowid AS seq
       FROM member_card_actions
       WHERE member_id = ?1 AND (occurred_at > ?2 OR (occurred_at = ?2 AND rowid > ?3))
       ORDER BY occurred_at, rowid LIMIT ?4`,
    )
    .bind(memberId, after.occurredAt, after.seq, CARD_ACTIVITY_PAGE_SIZE)
    .all<MemberCardAction & { seq: number }>();
  const last = results.at(-1);
  return {
    actions: results.map(({ seq: _seq, ...action }) => action),
    next: last ? { occurredAt: last.occurredAt, seq: last.seq } : after,
  };
}
