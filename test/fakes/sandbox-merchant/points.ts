import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  MemberId,
  MemberPageLimit,
  merchantOperations,
  PageCursor,
  type PointEntryKind,
  type PointsExpiryCandidatePage,
  type PointHistoryPage,
  type PointsBalance,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { validPathParams, validQuery } from "./validation.ts";

// The points ledger, as a shop's system keeps it: one ledger per member for points earned in
// a store and online. Purchase points expire a year after they were earned (limited-time
// bonus points sooner); a use takes the points that expire soonest first. Expiry is what a
// nightly run would write; the sandbox writes it when a member's points are read.

export const EXPIRING_SOON_DAYS = 60;
export const PURCHASE_POINTS_VALID_YEARS = 1;
const DEFAULT_PAGE_SIZE = 20;

export type LedgerReason = "signup_bonus" | "purchase" | "redemption" | "migration" | "adjustment" | "expiry";

export interface LedgerEntry {
  transactionId: number;
  points: number;
  reason: LedgerReason;
  /** UTC ISO time. */
  occurredAt: string;
  /** The last Japan date the points count; null for points that never expire and for uses. */
  expiresOn: string | null;
}

export interface PointLot {
  transactionId: number;
  expiresOn: string | null;
  remaining: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The date in Japan (YYYY-MM-DD) at an instant. */
export function japanDate(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same date some years on (29 February becomes 1 March). */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

/** When points valid through `expiresOn` run out: the following midnight in Japan, as UTC ISO. */
export function expiryInstant(expiresOn: string): string {
  return new Date(Date.parse(`${addDays(expiresOn, 1)}T00:00:00Z`) - JAPAN_OFFSET_MS).toISOString();
}

const bySoonestExpiry = (a: PointLot, b: PointLot) =>
  (a.expiresOn ?? "9999-12-31").localeCompare(b.expiresOn ?? "9999-12-31") || a.transactionId - b.transactionId;

/**
 * Replays a ledger into the lots that still hold points. A use takes from the lots still valid
 * that day, soonest-expiring first (never-expiring points last); an expiry takes what is left
 * of the lots that ran out before it.
 */
export function replayLedger(entries: readonly LedgerEntry[]): PointLot[] {
  const lots: PointLot[] = [];
  const chronological = [...entries].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.transactionId - b.transactionId,
  );
  for (const entry of chronological) {
    if (entry.points > 0) {
      lots.push({ transactionId: entry.transactionId, expiresOn: entry.expiresOn, remaining: entry.points });
      continue;
    }
    const day = japanDate(entry.occurredAt);
    const takesFrom =
      entry.reason === "expiry"
        ? (lot: PointLot) => lot.expiresOn !== null && lot.expiresOn < day
        : (lot: PointLot) => lot.expiresOn === null || lot.expiresOn >= day;
    let owed = -entry.points;
    for (const lot of lots.filter((candidate) => candidate.remaining > 0 && takesFrom(candidate)).sort(bySoonestExpiry)) {
      const taken = Math.min(owed, lot.remaining);
      lot.remaining -= taken;
      owed -= taken;
      if (owed === 0) break;
    }
  }
  return lots.filter((lot) => lot.remaining > 0);
}

function sumByDate(lots: readonly PointLot[]): Array<{ points: number; expiresOn: string }> {
  const byDate = new Map<string, number>();
  for (const lot of lots) {
    if (lot.expiresOn !== null) byDate.set(lot.expiresOn, (byDate.get(lot.expiresOn) ?? 0) + lot.remaining);
  }
  return [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([expiresOn, points]) => ({ points, expiresOn }));
}

/** What ran out before `today` and has no expiry entry yet, per date. */
export function dueExpiries(lots: readonly PointLot[], today: string) {
  return sumByDate(lots.filter((lot) => lot.expiresOn !== null && lot.expiresOn < today));
}

/** What expires from `today` through the next EXPIRING_SOON_DAYS days, per date, soonest first. */
export function expiringSoon(lots: readonly PointLot[], today: string): PointsBalance["expiringSoon"] {
  const last = addDays(today, EXPIRING_SOON_DAYS);
  return sumByDate(lots.filter((lot) => lot.expiresOn !== null && lot.expiresOn >= today && lot.expiresOn <= last));
}

const LedgerRow = z.object({
  transactionId: z.number().int(),
  points: z.number().int(),
  reason: z.enum(["signup_bonus", "purchase", "redemption", "migration", "adjustment", "expiry"]),
  occurredAt: z.string(),
  expiresOn: z.string().nullable(),
});

export function ledgerOf(db: MerchantDatabase, memberId: string): LedgerEntry[] {
  return db.rows(
    `SELECT transaction_id AS transactionId, points, reason, occurred_at AS occurredAt, expires_on AS expiresOn
     FROM point_transactions WHERE member_id = ?`,
    [memberId],
    LedgerRow,
  );
}

/** Writes the expiry entries the nightly run would have written by now (a no-op on fresh seed data). */
export function expireDuePoints(db: MerchantDatabase, memberId: string, now = new Date()): void {
  db.transaction(() => {
    for (const { points, expiresOn } of dueExpiries(replayLedger(ledgerOf(db, memberId)), japanDate(now))) {
      db.run(
        `INSERT INTO point_transactions (member_id, points, reason, note, occurred_at)
         VALUES (?, ?, 'expiry', ?, ?)`,
        [memberId, -points, `${expiresOn} 期限のポイント`, expiryInstant(expiresOn)],
      );
    }
  });
}

export function pointBalance(db: MerchantDatabase, memberId: string): number | null {
  const row = db.row(
    "SELECT balance FROM member_point_balances WHERE member_id = ?",
    [memberId],
    z.object({ balance: z.number().int() }),
  );
  return row?.balance ?? null;
}

export interface NewLedgerEntry {
  memberId: string;
  points: number;
  reason: Exclude<LedgerReason, "expiry">;
  storeId?: string | null;
  staffId?: string | null;
  orderId?: string | null;
  note?: string | null;
  occurredAt?: string;
}

/** Adds one entry; purchase points get the standard expiry. Returns the new entry's id. */
export function addLedgerEntry(db: MerchantDatabase, entry: NewLedgerEntry): number {
  const occurredAt = entry.occurredAt ?? new Date().toISOString();
  const expiresOn =
    entry.reason === "purchase" && entry.points > 0 ? addYears(japanDate(occurredAt), PURCHASE_POINTS_VALID_YEARS) : null;
  db.run(
    `INSERT INTO point_transactions (member_id, points, reason, order_id, note, store_id, staff_id, occurred_at, expires_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      entry.memberId,
      entry.points,
      entry.reason,
      entry.orderId ?? null,
      entry.note ?? null,
      entry.storeId ?? null,
      entry.staffId ?? null,
      occurredAt,
      expiresOn,
    ],
  );
  return db.row("SELECT last_insert_rowid() AS id", [], z.object({ id: z.number() }))!.id;
}

/** The contract's kind of a ledger entry: purchases split by where they happened. */
export function pointEntryKind(reason: LedgerReason, storeKind: "shop" | "online" | null): PointEntryKind {
  switch (reason) {
    case "purchase":
      return storeKind === "online" ? "earned_online" : "earned_in_store";
    case "redemption":
      return "redeemed";
    case "expiry":
      return "expired";
    case "signup_bonus":
      return "signup_bonus";
    case "migration":
    case "adjustment":
      return "adjusted";
  }
}

const HistoryRow = LedgerRow.omit({ expiresOn: true }).extend({
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  note: z.string().nullable(),
  storeName: z.string().nullable(),
  storeKind: z.enum(["shop", "online"]).nullable(),
});

// Pages follow (occurred_at, transaction_id) downwards; the cursor is the last entry's pair,
// so entries added while a member scrolls never shift the pages after.
const HistoryCursor = z.tuple([z.string(), z.number().int()]);
export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const MemberParams = z.object({ memberId: MemberId });
const PageQuery = z.object({ cursor: PageCursor.optional(), limit: MemberPageLimit.optional() });

export function memberExists(db: MerchantDatabase, memberId: string): boolean {
  return db.row("SELECT 1 AS found FROM members WHERE member_id = ?", [memberId], z.object({ found: z.number() })) !== null;
}

/** GET /v1/members/:memberId/points and GET /v1/members/:memberId/point-history */
export function pointRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/:memberId/points", validPathParams(MemberParams), (c) => {
      const { memberId } = c.req.valid("param");
      if (!memberExists(db, memberId)) return c.json(errorBody("not_found", "No such member"), 404);
      expireDuePoints(db, memberId);
      const body: PointsBalance = {
        balance: pointBalance(db, memberId) ?? 0,
        expiringSoon: expiringSoon(replayLedger(ledgerOf(db, memberId)), japanDate(new Date())),
      };
      return c.json(body, 200);
    })
    .get("/:memberId/point-history", validPathParams(MemberParams), validQuery(PageQuery), (c) => {
      const { memberId } = c.req.valid("param");
      const { cursor, limit = DEFAULT_PAGE_SIZE } = c.req.valid("query");
      const after = cursor === undefined ? (["~", Number.MAX_SAFE_INTEGER] as const) : decodeCursor(cursor, HistoryCursor);
      if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
      if (!memberExists(db, memberId)) return c.json(errorBody("not_found", "No such member"), 404);
      expireDuePoints(db, memberId);
      const rows = db.rows(
        `SELECT pt.transaction_id AS transactionId, pt.points, pt.reason, pt.occurred_at AS occurredAt,
                pt.order_id AS orderId,
                (SELECT o.order_number FROM orders o WHERE o.order_id = pt.order_id) AS orderNumber, pt.note, stores.name AS storeName, stores.kind AS storeKind
         FROM point_transactions pt LEFT JOIN stores ON stores.store_id = pt.store_id
         WHERE pt.member_id = ? AND (pt.occurred_at < ? OR (pt.occurred_at = ? AND pt.transaction_id < ?))
         ORDER BY pt.occurred_at DESC, pt.transaction_id DESC LIMIT ?`,
        [memberId, after[0], after[0], after[1], limit + 1],
        HistoryRow,
      );
      const entries = rows.slice(0, limit);
      const last = entries[entries.length - 1];
      const page: PointHistoryPage = {
        entries: entries.map((row) => ({
          entryId: `pt_${row.transactionId}`,
          kind: pointEntryKind(row.reason, row.storeKind),
          points: row.points,
          occurredAt: row.occurredAt,
          storeName: row.storeName,
          orderId: row.orderId,
          orderNumber: row.orderNumber,
          note: row.note,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.occurredAt, last.transactionId]) : null,
      };
      return c.json(page, 200);
    });
}

/** Points a purchase earns at the member's rank rate; null for an unknown member. */
export function pointsForPurchase(db: MerchantDatabase, memberId: string, amountYen: number): number | null {
  const rank = db.row(
    `SELECT ranks.points_per_100_yen AS pointsPer100Yen FROM members JOIN ranks ON ranks.code = members.rank_code
     WHERE members.member_id = ?`,
    [memberId],
    z.object({ pointsPer100Yen: z.number().int() }),
  );
  return rank === null ? null : Math.floor(amountYen / 100) * rank.pointsPer100Yen;
}

const expiryCandidates = merchantOperations.find((operation) => operation.operationId === "listPointsExpiryCandidates")!;
const ExpiryQuery = z
  .object(expiryCandidates.queryParams)
  .refine((query) => query.through >= query.from, { message: "through is before from", path: ["through"] });

/** An expiry batch as this shop keeps them: all of a member's points that run out on one date. */
export const expiryBatchId = (expiresOn: string) => `exp_${expiresOn}`;

/**
 * GET /v1/points/expiry-candidates: linked members whose points expire between two Japan dates,
 * one entry per date. Pages are of members in id order (a page may hold none that expire); the
 * cursor encodes the last member id of the page (400 for one this merchant did not issue).
 */
export function pointsExpiryRoutes(db: MerchantDatabase) {
  return new Hono().get("/expiry-candidates", validQuery(ExpiryQuery), (c) => {
    const { from, through, cursor, limit = 500 } = c.req.valid("query");
    const after = cursor === undefined ? "" : decodeCursor(cursor, MemberId);
    if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
    const rows = db.rows(
      `SELECT l.member_id AS memberId, l.line_user_id AS lineUserId FROM line_links l
       WHERE l.member_id > ? ORDER BY l.member_id LIMIT ?`,
      [after, limit + 1],
      z.object({ memberId: z.string(), lineUserId: z.string() }),
    );
    const members = rows.slice(0, limit);
    const page: PointsExpiryCandidatePage = {
      members: members.flatMap(({ memberId, lineUserId }) =>
        sumByDate(replayLedger(ledgerOf(db, memberId)))
          .filter(({ expiresOn }) => expiresOn >= from && expiresOn <= through)
          .map(({ points, expiresOn }) => ({ memberId, lineUserId, points, expiresOn, batchId: expiryBatchId(expiresOn) })),
      ),
      nextCursor: rows.length > limit && members.length > 0 ? encodeCursor(members[members.length - 1].memberId) : null,
    };
    return c.json(page, 200);
  });
}
