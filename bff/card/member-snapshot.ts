import type { D1Database } from "@cloudflare/workers-types/experimental";
import { LineLink, MemberSummary } from "../../shared/merchant-contract.ts";

/** How long a member snapshot is kept after its last refresh. */
export const MEMBER_SNAPSHOT_MS = 30 * 24 * 60 * 60 * 1000;

export interface MemberSnapshot {
  summary: MemberSummary;
  link: LineLink;
  fetchedAt: number;
}

/** Records what the merchant just said about a member and their LINE link. */
export async function saveMemberSnapshot(db: D1Database, summary: MemberSummary, link: LineLink, now = Date.now()) {
  await db
    .prepare(
      `INSERT INTO member_snapshots (member_id, summary_json, line_user_id, linked_at, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (member_id) DO UPDATE SET summary_json = excluded.summary_json, line_user_id = excluded.line_user_id,
         linked_at = excluded.linked_at, fetched_at = excluded.fetched_at`,
    )
    .bind(summary.memberId, JSON.stringify(summary), link.lineUserId, link.linkedAt, now)
    .run();
}

/** The last known summary and link of a member, or null when none was kept (or it no longer parses). */
export async function readMemberSnapshot(db: D1Database, memberId: string): Promise<MemberSnapshot | null> {
  const row = await db
    .prepare("SELECT summary_json, line_user_id, linked_at, fetched_at FROM member_snapshots WHERE member_id = ?")
    .bind(memberId)
    .first<{ summary_json: string; line_user_id: string; linked_at: string; fetched_at: number }>();
  if (!row) return null;
  const summary = MemberSummary.safeParse(JSON.parse(row.summary_json));
  const link = LineLink.safeParse({ lineUserId: row.line_user_id, memberId, linkedAt: row.linked_at });
  if (!summary.success || !link.success) return null;
  return { summary: summary.data, link: link.data, fetchedAt: row.fetched_at };
}

/**
 * The last known member of a LINE user (for their own card while the merchant is down): the
 * newest snapshot whose link was to this LINE user.
 */
export async function readMemberSnapshotOfLineUser(db: D1Database, lineUserId: string): Promise<MemberSnapshot | null> {
  const row = await db
    .prepare("SELECT member_id FROM member_snapshots WHERE line_user_id = ? ORDER BY fetched_at DESC LIMIT 1")
    .bind(lineUserId)
    .first<{ member_id: string }>();
  return row ? readMemberSnapshot(db, row.member_id) : null;
}

/** Forgets a LINE user's snapshots once the merchant says they are not linked: an unlinked card never shows again. */
export async function forgetMemberSnapshotsOfLineUser(db: D1Database, lineUserId: string): Promise<void> {
  await db.prepare("DELETE FROM member_snapshots WHERE line_user_id = ?").bind(lineUserId).run();
}
