import type { D1Database } from "@cloudflare/workers-types/experimental";
import { z } from "zod";
import { SegmentDefinition, type LineSegmentCriteria } from "../../shared/console-segments.ts";
import { SEGMENT_PAGE_MAX } from "../../shared/merchant-contract.ts";
import type { MerchantClient } from "../merchant/client.ts";

// Segment evaluation: the merchant pages the LINE user ids of its linked members matching its
// part of the definition (evaluateSegment, ascending id order); each merchant page is filtered
// against D1 in ONE query (the ids as a JSON array through json_each), keeping only LINE users
// who match the LINE-side criteria and have not blocked the account. Pages are filled from as
// many merchant pages as it takes, up to a bound per call so one request never runs away.

export interface SegmentDeps {
  db: D1Database;
  merchant: MerchantClient;
}

/** Merchant pages one call of segmentMembersPage reads at most: a sparse segment returns a short page with a cursor. */
export const MERCHANT_PAGES_PER_CALL = 20;

/**
 * countSegment reads at most this many merchant ids (20 pages of 1,000). Past it the count is
 * an estimate: the share that matched in the ids read, times the merchant's total.
 */
export const COUNT_SCAN_CAP = 20_000;

/** A cursor that is not one segmentMembersPage made: the caller should answer 400. */
export class InvalidSegmentCursor extends Error {
  constructor() {
    super("invalid segment cursor");
    this.name = "InvalidSegmentCursor";
  }
}

// Where the next page starts: the merchant page to (re)read, and the last id already returned
// from it (the merchant orders by id, so the rest of that page is the ids after it).
const CursorState = z.strictObject({ m: z.string().min(1).max(200).nullable(), a: z.string().max(64).nullable() });
type CursorState = z.infer<typeof CursorState>;

function encodeCursor(state: CursorState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function decodeCursor(cursor: string): CursorState {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    return CursorState.parse(JSON.parse(json));
  } catch {
    throw new InvalidSegmentCursor();
  }
}

/** The first instant (epoch ms) of a Japan date. */
export function japanDayStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00+09:00`);
}

/** The D1 filter for LINE-side criteria over `?1`, a JSON array of LINE user ids; keeps their order. */
function lineFilterQuery(line: LineSegmentCriteria | undefined): { sql: string; params: Array<string | number> } {
  const clauses = ["COALESCE(f.followed, 1) = 1"];
  const params: Array<string | number> = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `?${params.length + 1}`;
  };
  if (line?.linkedSince) clauses.push(`ml.linked_at >= ${bind(japanDayStartMs(line.linkedSince))}`);
  if (line?.linkedBefore) clauses.push(`ml.linked_at < ${bind(japanDayStartMs(line.linkedBefore))}`);
  if (line?.followedSince) clauses.push(`f.followed_at >= ${bind(japanDayStartMs(line.followedSince))}`);
  const clicked = (kind: "campaign" | "richmenu", ids: string[]) =>
    `EXISTS (SELECT 1 FROM tracked_clicks t WHERE t.line_user_id = j.value AND t.source_kind = '${kind}'
             AND t.source_id IN (SELECT value FROM json_each(${bind(JSON.stringify(ids))})))`;
  if (line?.clickedCampaignIds) clauses.push(clicked("campaign", line.clickedCampaignIds));
  if (line?.tappedRichMenuAreas) clauses.push(clicked("richmenu", line.tappedRichMenuAreas));
  if (line?.tags) {
    const tags = [...new Set(line.tags)];
    clauses.push(
      `(SELECT COUNT(*) FROM member_tags mt WHERE mt.line_user_id = j.value
         AND mt.tag IN (SELECT value FROM json_each(${bind(JSON.stringify(tags))}))) = ${bind(tags.length)}`,
    );
  }
  if (line?.notTags) {
    clauses.push(
      `NOT EXISTS (SELECT 1 FROM member_tags mt WHERE mt.line_user_id = j.value
         AND mt.tag IN (SELECT value FROM json_each(${bind(JSON.stringify(line.notTags))})))`,
    );
  }
  const sql = `SELECT j.value AS id FROM json_each(?1) j
    LEFT JOIN line_friends f ON f.line_user_id = j.value
    LEFT JOIN member_links ml ON ml.line_user_id = j.value
    WHERE ${clauses.join(" AND ")}
    ORDER BY j.key`;
  return { sql, params };
}

/** The ids (in their order) that pass the LINE-side criteria: one D1 query per call. */
async function keepMatching(db: D1Database, query: ReturnType<typeof lineFilterQuery>, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(query.sql)
    .bind(JSON.stringify(ids), ...query.params)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/**
 * One page of a segment's LINE user ids, in a stable order (ascending id). A page may be
 * shorter than `limit` (even empty) while `nextCursor` is not null: only a null cursor ends it.
 * Throws InvalidSegmentCursor for a cursor it did not make.
 */
export async function segmentMembersPage(
  deps: SegmentDeps,
  definition: SegmentDefinition,
  page: { cursor: string | null; limit: number },
): Promise<{ lineUserIds: string[]; nextCursor: string | null }> {
  const limit = Math.max(1, Math.min(page.limit, SEGMENT_PAGE_MAX));
  let state: CursorState = page.cursor === null ? { m: null, a: null } : decodeCursor(page.cursor);
  const query = lineFilterQuery(definition.line);
  const filter = definition.merchant ?? {};
  const lineUserIds: string[] = [];

  for (let read = 0; read < MERCHANT_PAGES_PER_CALL; read += 1) {
    const merchantPage = await deps.merchant.evaluateSegment({
      filter,
      limit: SEGMENT_PAGE_MAX,
      ...(state.m === null ? {} : { cursor: state.m }),
    });
    const after = state.a;
    const fresh = after === null ? merchantPage.lineUserIds : merchantPage.lineUserIds.filter((id) => id > after);
    const matching = await keepMatching(deps.db, query, fresh);
    const room = limit - lineUserIds.length;
    if (matching.length > room) {
      lineUserIds.push(...matching.slice(0, room));
      return { lineUserIds, nextCursor: encodeCursor({ m: state.m, a: lineUserIds.at(-1) ?? null }) };
    }
    lineUserIds.push(...matching);
    if (merchantPage.nextCursor === null) return { lineUserIds, nextCursor: null };
    state = { m: merchantPage.nextCursor, a: null };
    if (lineUserIds.length === limit) break;
  }
  return { lineUserIds, nextCursor: encodeCursor(state) };
}

/**
 * How many LINE friends a segment reaches. Exact up to COUNT_SCAN_CAP merchant ids read;
 * beyond, an estimate from the share matching so far (`exact: false`).
 */
export async function countSegment(deps: SegmentDeps, definition: SegmentDefinition): Promise<{ count: number; exact: boolean }> {
  const query = lineFilterQuery(definition.line);
  const filter = definition.merchant ?? {};
  let cursor: string | null = null;
  let scanned = 0;
  let matched = 0;
  for (;;) {
    const merchantPage = await deps.merchant.evaluateSegment({
      filter,
      limit: SEGMENT_PAGE_MAX,
      ...(cursor === null ? {} : { cursor }),
    });
    scanned += merchantPage.lineUserIds.length;
    matched += (await keepMatching(deps.db, query, merchantPage.lineUserIds)).length;
    if (merchantPage.nextCursor === null) return { count: matched, exact: true };
    if (scanned >= COUNT_SCAN_CAP) {
      return { count: Math.round((matched / scanned) * Math.max(merchantPage.total, scanned)), exact: false };
    }
    cursor = merchantPage.nextCursor;
  }
}

interface SegmentRow {
  segment_id: string;
  name: string;
  definition: string;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

/** A saved segment as the console lists it. */
export function savedSegmentOf(row: SegmentRow) {
  return {
    segmentId: row.segment_id,
    name: row.name,
    definition: SegmentDefinition.parse(JSON.parse(row.definition)),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const SEGMENT_COLUMNS = "segment_id, name, definition, created_by, created_at, updated_by, updated_at";

/** The saved segments, most recently updated first. */
export async function listSavedSegments(db: D1Database) {
  const { results } = await db
    .prepare(`SELECT ${SEGMENT_COLUMNS} FROM console_segments ORDER BY updated_at DESC, segment_id`)
    .all<SegmentRow>();
  return results.map(savedSegmentOf);
}

/** A saved segment by id with who saved it when, or null. */
export async function findSavedSegment(db: D1Database, segmentId: string) {
  const row = await db
    .prepare(`SELECT ${SEGMENT_COLUMNS} FROM console_segments WHERE segment_id = ?1`)
    .bind(segmentId)
    .first<SegmentRow>();
  return row ? savedSegmentOf(row) : null;
}

/** A saved segment by id (for campaigns and scenarios), or null when there is none. */
export async function loadSavedSegment(
  db: D1Database,
  segmentId: string,
): Promise<{ segmentId: string; name: string; definition: SegmentDefinition } | null> {
  const segment = await findSavedSegment(db, segmentId);
  return segment ? { segmentId, name: segment.name, definition: segment.definition } : null;
}

/** Creates or replaces a saved segment; true when it was new. */
export async function saveSegment(
  db: D1Database,
  segment: { segmentId: string; name: string; definition: SegmentDefinition },
  by: string,
  at = Date.now(),
): Promise<{ created: boolean }> {
  const existed = await db
    .prepare("SELECT 1 AS found FROM console_segments WHERE segment_id = ?1")
    .bind(segment.segmentId)
    .first();
  await db
    .prepare(
      `INSERT INTO console_segments (segment_id, name, definition, created_by, created_at, updated_by, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)
       ON CONFLICT (segment_id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(segment.segmentId, segment.name, JSON.stringify(segment.definition), by, at)
    .run();
  return { created: existed === null };
}

/** Deletes a saved segment; false when there was none. */
export async function deleteSegment(db: D1Database, segmentId: string): Promise<boolean> {
  const result = await db.prepare("DELETE FROM console_segments WHERE segment_id = ?1").bind(segmentId).run();
  return result.meta.changes > 0;
}

/** Every LINE user id of a segment, page by page (for tagging); `visit` sees each page once. */
export async function forEachSegmentPage(
  deps: SegmentDeps,
  definition: SegmentDefinition,
  visit: (lineUserIds: string[]) => Promise<void>,
): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = await segmentMembersPage(deps, definition, { cursor, limit: SEGMENT_PAGE_MAX });
    if (page.lineUserIds.length > 0) await visit(page.lineUserIds);
    cursor = page.nextCursor;
  } while (cursor !== null);
}
