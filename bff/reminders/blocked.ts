import type { D1Database } from "@cloudflare/workers-types/experimental";

/** Of these LINE users, the ones who blocked the account (see webhook/friends.ts), 90 per query. */
export async function blockedAmong(db: D1Database, lineUserIds: string[]): Promise<Set<string>> {
  const blocked = new Set<string>();
  for (let index = 0; index < lineUserIds.length; index += 90) {
    const chunk = lineUserIds.slice(index, index + 90);
    const { results } = await db
      .prepare(`SELECT line_user_id AS id FROM line_friends WHERE followed = 0 AND line_user_id IN (${chunk.map(() => "?").join(", ")})`)
      .bind(...chunk)
      .all<{ id: string }>();
    for (const row of results) blocked.add(row.id);
  }
  return blocked;
}
