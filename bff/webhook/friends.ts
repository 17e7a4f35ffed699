import type { D1Database } from "@cloudflare/workers-types/experimental";

// Whether each LINE user is a friend of the official account, from follow and unfollow
// events. A push to someone who blocked the account is refused by nobody and seen by nobody,
// yet may still count against the message quota, so senders ask `isBlocked` first.

/**
 * Records a follow (added as a friend, or unblocked) or an unfollow (blocked). Events can
 * arrive out of order, so an older event never overwrites a newer one.
 */
export async function recordFriendship(
  db: D1Database,
  lineUserId: string,
  change: { followed: boolean; at: number },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO line_friends (line_user_id, followed, unfollowed_at, changed_at, followed_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (line_user_id) DO UPDATE SET
         followed = excluded.followed, unfollowed_at = excluded.unfollowed_at, changed_at = excluded.changed_at,
         followed_at = COALESCE(excluded.followed_at, line_friends.followed_at)
       WHERE excluded.changed_at >= line_friends.changed_at`,
    )
    .bind(
      lineUserId,
      change.followed ? 1 : 0,
      change.followed ? null : new Date(change.at).toISOString(),
      change.at,
      change.followed ? change.at : null,
    )
    .run();
}

/**
 * True when the user blocked the official account (their last event was an unfollow). Users
 * the BFF has never seen an event from count as not blocked: they may have become friends
 * before the webhook was set up.
 */
export async function isBlocked(db: D1Database, lineUserId: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT followed FROM line_friends WHERE line_user_id = ?1")
    .bind(lineUserId)
    .first<{ followed: number }>();
  return row !== null && row.followed === 0;
}

/** Of these LINE users, the ones who blocked the account, in one query. */
export async function blockedAmong(db: D1Database, lineUserIds: readonly string[]): Promise<Set<string>> {
  if (lineUserIds.length === 0) return new Set();
  const { results } = await db
    .prepare(
      "SELECT line_user_id AS id FROM line_friends WHERE followed = 0 AND line_user_id IN (SELECT value FROM json_each(?1))",
    )
    .bind(JSON.stringify(lineUserIds))
    .all<{ id: string }>();
  return new Set(results.map((row) => row.id));
}
