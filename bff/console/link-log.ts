import type { D1Database } from "@cloudflare/workers-types/experimental";

// The BFF's own record of the links made through it, for the console's link rate, links by
// route and "linked since" segments. The merchant holds the link; this never decides access.

export type LinkRoute = "app" | "register" | "account_link";

/** A link made through the BFF: the mapping as it is now, and the event for the daily series. */
export async function recordLinked(
  db: D1Database,
  link: { lineUserId: string; memberId: string; route: LinkRoute },
  at = Date.now(),
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO member_links (line_user_id, member_id, route, linked_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (line_user_id) DO UPDATE SET member_id = excluded.member_id, route = excluded.route,
           linked_at = excluded.linked_at
         WHERE member_links.member_id <> excluded.member_id`,
      )
      .bind(link.lineUserId, link.memberId, link.route, at),
    db
      .prepare(
        // A retried request or event for a link already recorded adds no second event.
        `INSERT INTO link_events (line_user_id, kind, route, occurred_at)
         SELECT ?1, 'linked', ?2, ?3
         WHERE NOT EXISTS (SELECT 1 FROM link_events WHERE line_user_id = ?1 AND event_id =
           (SELECT MAX(event_id) FROM link_events WHERE line_user_id = ?1) AND kind = 'linked')`,
      )
      .bind(link.lineUserId, link.route, at),
  ]);
}

/** An unlink made through the BFF. */
export async function recordUnlinked(db: D1Database, lineUserId: string, at = Date.now()): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM member_links WHERE line_user_id = ?1").bind(lineUserId),
    db
      .prepare(
        `INSERT INTO link_events (line_user_id, kind, route, occurred_at)
         SELECT ?1, 'unlinked', NULL, ?2
         WHERE EXISTS (SELECT 1 FROM link_events WHERE line_user_id = ?1 AND event_id =
           (SELECT MAX(event_id) FROM link_events WHERE line_user_id = ?1) AND kind = 'linked')`,
      )
      .bind(lineUserId, at),
  ]);
}
