import type { D1Database } from "@cloudflare/workers-types/experimental";

/** How long after a scan the staff member may act on it (check in, points). */
export const SCAN_ACTION_WINDOW_MS = 10 * 60_000;

export interface MemberCardScan {
  scanId: string;
  memberId: string;
  staffId: string;
  scannedAt: number;
  /** When the member's LINE link that the scan saw was made: another link (or none) ends the scan. */
  linkedAt: string | null;
}

/**
 * Consumes a card credential exactly once. Returns the new scan, or null when the credential
 * was already used: the UNIQUE key decides, so concurrent scans cannot both win.
 */
export async function consumeCardCredential(
  db: D1Database,
  credential: { credentialId: string; memberId: string; expiresAt: Date },
  staffId: string,
  linkedAt: string,
  now = Date.now(),
): Promise<MemberCardScan | null> {
  const scanId = crypto.randomUUID();
  const result = await db
    .prepare(
      `INSERT INTO member_card_scans (scan_id, credential_id, member_id, staff_id, scanned_at, credential_expires_at, linked_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (credential_id) DO NOTHING`,
    )
    .bind(scanId, credential.credentialId, credential.memberId, staffId, now, credential.expiresAt.getTime(), linkedAt)
    .run();
  if (result.meta.changes === 0) return null;
  return { scanId, memberId: credential.memberId, staffId, scannedAt: now, linkedAt };
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
      `SELECT scan_id AS scanId, member_id AS memberId, staff_id AS staffId, scanned_at AS scannedAt,
              linked_at AS linkedAt
       FROM member_card_scans WHERE scan_id = ?1`,
    )
    .bind(scanId)
    .first<MemberCardScan>();
  if (!row || row.staffId !== staffId || now - row.scannedAt > SCAN_ACTION_WINDOW_MS) return null;
  return row;
}

/**
 * Takes the one check-in a scan allows. False when the scan was already used for one (by a
 * concurrent tap too: one UPDATE decides). `release` gives it back when the check-in failed.
 */
export async function claimScanCheckIn(db: D1Database, scanId: string) {
  const result = await db
    .prepare("UPDATE member_card_scans SET checked_in = 1 WHERE scan_id = ?1 AND checked_in = 0")
    .bind(scanId)
    .run();
  if (result.meta.changes === 0) return null;
  return {
    release: async () => {
      await db.prepare("UPDATE member_card_scans SET checked_in = 0 WHERE scan_id = ?1").bind(scanId).run();
    },
  };
}

// Constant column names per kind: nothing from a request ever becomes SQL.
const SCAN_ALLOWANCE = {
  award: {
    take: "UPDATE member_card_scans SET awarded_yen = awarded_yen + ?2 WHERE scan_id = ?1 AND awarded_yen + ?2 <= ?3",
    giveBack: "UPDATE member_card_scans SET awarded_yen = MAX(awarded_yen - ?2, 0) WHERE scan_id = ?1",
  },
  redeem: {
    take: "UPDATE member_card_scans SET redeemed_points = redeemed_points + ?2 WHERE scan_id = ?1 AND redeemed_points + ?2 <= ?3",
    giveBack: "UPDATE member_card_scans SET redeemed_points = MAX(redeemed_points - ?2, 0) WHERE scan_id = ?1",
  },
} as const;

/**
 * Takes an amount (yen awarded for, or points redeemed) from what one scan may do in all, or
 * null when it would go over the cap. Atomic, so parallel taps cannot together pass the cap.
 */
export async function takeScanAllowance(db: D1Database, scanId: string, kind: "award" | "redeem", amount: number, cap: number) {
  const sql = SCAN_ALLOWANCE[kind];
  const result = await db.prepare(sql.take).bind(scanId, amount, cap).run();
  if (result.meta.changes === 0) return null;
  return {
    giveBack: async () => {
      await db.prepare(sql.giveBack).bind(scanId, amount).run();
    },
  };
}

/** How long an expired typed code is remembered, so staff who type it hear "expired", not "no match". */
export const EXPIRED_CODE_MEMORY_MS = 10 * 60_000;

/** Records the typed code of a card the app just opened; forgets codes expired long ago. */
export async function recordMemberCardCode(
  db: D1Database,
  card: { tokenId: string; memberId: string; codeMac: string; expiresAt: Date },
  now = Date.now(),
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM member_card_codes WHERE expires_at < ?1").bind(now - EXPIRED_CODE_MEMORY_MS),
    db
      .prepare("INSERT INTO member_card_codes (token_id, member_id, code_mac, expires_at) VALUES (?1, ?2, ?3, ?4)")
      .bind(card.tokenId, card.memberId, card.codeMac, card.expiresAt.getTime()),
  ]);
}

/**
 * The card of a member that shows (or showed, within the last 10 minutes) this code: its token
 * id and expiry, the newest first; the caller tells open from expired. Null when none.
 */
export async function findCardByCode(
  db: D1Database,
  memberId: string,
  codeMac: string,
  now = Date.now(),
): Promise<{ tokenId: string; expiresAt: Date } | null> {
  const row = await db
    .prepare(
      `SELECT token_id AS tokenId, expires_at AS expiresAt FROM member_card_codes
       WHERE member_id = ?1 AND code_mac = ?2 AND expires_at > ?3 ORDER BY expires_at DESC LIMIT 1`,
    )
    .bind(memberId, codeMac, now - EXPIRED_CODE_MEMORY_MS)
    .first<{ tokenId: string; expiresAt: number }>();
  return row ? { tokenId: row.tokenId, expiresAt: new Date(row.expiresAt) } : null;
}

export interface MemberCardAction {
  kind: "check_in" | "award" | "redeem";
  storeId: string;
  storeName: string;
  points: number | null;
  balance: number | null;
  occurredAt: number;
}

/** Records what staff did; a retried action (same kind and key) is recorded once. True if this call recorded it. */
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
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (kind, idempotency_key) DO NOTHING`,
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
