import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  EvaluateSegmentRequest,
  LineUserId,
  SEGMENT_PAGE_DEFAULT,
  type MerchantSegmentFilter,
  type SegmentMemberPage,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { addDays } from "./points.ts";
import { validJsonBody } from "./validation.ts";

// evaluateSegment: linked members matching a filter, as LINE user ids in ascending order. The
// whole filter is one SQL WHERE over members joined to their link, so a page of 1,000 out of
// 100,000 members costs one indexed range scan and the total one COUNT.

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The first instant of a Japan date, as the UTC ISO text the orders table sorts by. */
function japanDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - JAPAN_OFFSET_MS).toISOString();
}

type SqlParameter = string | number;

/** The WHERE clause (after the link join) for a filter, with its parameters in order. */
export function segmentWhere(filter: MerchantSegmentFilter): { sql: string; params: SqlParameter[] } {
  const clauses: string[] = [];
  const params: SqlParameter[] = [];
  const inList = (column: string, values: readonly SqlParameter[]) => {
    clauses.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  };
  if (filter.rankCodes) inList("m.rank_code", filter.rankCodes);
  if (filter.birthMonths) inList("CAST(substr(m.birth_date, 6, 2) AS INTEGER)", filter.birthMonths);
  if (filter.favouriteStoreIds) inList("m.home_store_id", filter.favouriteStoreIds);
  const lastPurchase = `(SELECT MAX(o.ordered_at) FROM orders o WHERE o.member_id = m.member_id AND o.status <> 'cancelled')`;
  if (filter.lastPurchaseBefore) {
    clauses.push(`${lastPurchase} < ?`);
    params.push(japanDayStart(filter.lastPurchaseBefore));
  }
  if (filter.lastPurchaseAfter) {
    clauses.push(`${lastPurchase} >= ?`);
    params.push(japanDayStart(filter.lastPurchaseAfter));
  }
  const bought = (condition: string, values: readonly string[]) => {
    clauses.push(
      `EXISTS (SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
               WHERE o.member_id = m.member_id AND o.status <> 'cancelled' AND ${condition} IN (${values.map(() => "?").join(", ")}))`,
    );
    params.push(...values);
  };
  if (filter.purchasedProductIds) bought("p.product_id", filter.purchasedProductIds);
  if (filter.purchasedCategories) bought("p.category", filter.purchasedCategories);
  const balance = `(SELECT COALESCE(SUM(t.points), 0) FROM point_transactions t WHERE t.member_id = m.member_id)`;
  if (filter.pointsMin !== undefined) {
    clauses.push(`${balance} >= ?`);
    params.push(filter.pointsMin);
  }
  if (filter.pointsMax !== undefined) {
    clauses.push(`${balance} <= ?`);
    params.push(filter.pointsMax);
  }
  return { sql: clauses.length ? clauses.join(" AND ") : "1 = 1", params };
}

/** POST /v1/segments/members (evaluateSegment). The cursor is the last LINE user id of the page before. */
export function segmentRoutes(db: MerchantDatabase) {
  return new Hono().post("/members", validJsonBody(EvaluateSegmentRequest), (c) => {
    const { filter, cursor, limit = SEGMENT_PAGE_DEFAULT } = c.req.valid("json");
    if (cursor !== undefined && !LineUserId.safeParse(cursor).success) {
      return c.json(errorBody("bad_request", "Unknown cursor"), 400);
    }
    const where = segmentWhere(filter);
    const from = `FROM line_links l JOIN members m ON m.member_id = l.member_id WHERE ${where.sql}`;
    const rows = db.rows(
      `SELECT l.line_user_id AS lineUserId ${from} AND l.line_user_id > ? ORDER BY l.line_user_id LIMIT ?`,
      [...where.params, cursor ?? "", limit + 1],
      z.object({ lineUserId: z.string() }),
    );
    const total = db.row(`SELECT COUNT(*) AS total ${from}`, where.params, z.object({ total: z.number().int() }));
    const lineUserIds = rows.slice(0, limit).map((row) => row.lineUserId);
    const page: SegmentMemberPage = {
      lineUserIds,
      nextCursor: rows.length > limit ? (lineUserIds.at(-1) ?? null) : null,
      total: total?.total ?? 0,
    };
    return c.json(page, 200);
  });
}

// ── Many members, cheaply (dev and tests only) ──────────────────────────────────────────

export const BulkMembersRequest = z.strictObject({
  /** How many members to add, each linked to a LINE user of their own. */
  count: z.number().int().min(1).max(100_000),
  /** Names the batch: the same seed gives the same members and LINE user ids; another seed, others. */
  seed: z.string().regex(/^[a-z0-9]{1,12}$/, "1 to 12 lowercase letters or digits"),
});

export interface BulkMember {
  memberId: string;
  memberNumber: string;
  lineUserId: string;
  rankCode: string;
  birthMonth: number;
  homeStoreId: string;
  points: number;
}

const BULK_RANKS = ["regular", "regular", "silver", "gold"] as const;
const BULK_STORES = ["store_shibuya", "store_kichijoji", "store_futakotamagawa"] as const;

/** 32 hex digits derived from the seed and index (FNV-1a, four rounds): deterministic, well spread. */
function bulkHex(seed: string, index: number): string {
  let hex = "";
  for (let round = 0; round < 4; round += 1) {
    let hash = 0x811c9dc5;
    for (const char of `${seed}:${index}:${round}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hex += hash.toString(16).padStart(8, "0");
  }
  return hex;
}

/** The members a bulk request makes: attributes cycle so every rank, month and store appears. */
export function bulkMember(seed: string, index: number): BulkMember {
  const serial = String(index + 1).padStart(6, "0");
  return {
    memberId: `bulk_${seed}_${serial}`,
    memberNumber: `B${seed}-${serial}`,
    lineUserId: `U${bulkHex(seed, index)}`,
    rankCode: BULK_RANKS[index % BULK_RANKS.length],
    birthMonth: (index % 12) + 1,
    homeStoreId: BULK_STORES[index % BULK_STORES.length],
    points: (index * 37) % 5000,
  };
}

/**
 * Inserts `count` linked members of one seed in one transaction (10,000 take well under a
 * second): no PIN, no orders; a points balance from one migration entry. A seed used before
 * adds nothing new (INSERT OR IGNORE), so a test may call it in every run.
 */
export function insertBulkMembers(db: MerchantDatabase, { count, seed }: z.infer<typeof BulkMembersRequest>): BulkMember[] {
  const members = Array.from({ length: count }, (_, index) => bulkMember(seed, index));
  const joinedOn = "2026-01-01";
  db.transaction(() => {
    for (const member of members) {
      const added = db.run(
        `INSERT OR IGNORE INTO members (member_id, member_number, family_name, given_name, rank_code, birth_date, home_store_id, joined_on)
         VALUES (?, ?, 'テスト', ?, ?, ?, ?, ?)`,
        [
          member.memberId,
          member.memberNumber,
          member.memberNumber,
          member.rankCode,
          `1990-${String(member.birthMonth).padStart(2, "0")}-15`,
          member.homeStoreId,
          joinedOn,
        ],
      );
      if (added === 0) continue;
      db.run("INSERT OR IGNORE INTO line_links (line_user_id, member_id, linked_at) VALUES (?, ?, ?)", [
        member.lineUserId,
        member.memberId,
        `${addDays(joinedOn, 1)}T00:00:00.000Z`,
      ]);
      if (member.points > 0) {
        db.run(
          `INSERT INTO point_transactions (member_id, points, reason, note, occurred_at) VALUES (?, ?, 'migration', '一括作成', ?)`,
          [member.memberId, member.points, `${joinedOn}T00:00:00.000Z`],
        );
      }
    }
  });
  return members;
}
