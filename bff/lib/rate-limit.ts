import type { D1Database } from "@cloudflare/workers-types/experimental";

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

async function subjectKey(kind: string, value: string): Promise<string> {
  // Hashed: the table never holds a LINE user id or member number in the clear.
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${kind}:${value}`));
  return `${kind}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Counts one attempt for a subject in a fixed window and says whether it is allowed. One
 * atomic upsert, so parallel attempts are all counted (no check-then-write gap).
 */
export async function countLinkAttempt(
  db: D1Database,
  kind: "user" | "member",
  value: string,
  { limit, windowSeconds }: RateLimit,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<RateLimitVerdict> {
  const subject = await subjectKey(kind, value);
  const row = await db
    .prepare(
      `INSERT INTO link_attempts (subject, window_started_at, attempts) VALUES (?1, ?2, 1)
       ON CONFLICT (subject) DO UPDATE SET
         attempts = CASE WHEN window_started_at <= ?2 - ?3 THEN 1 ELSE attempts + 1 END,
         window_started_at = CASE WHEN window_started_at <= ?2 - ?3 THEN ?2 ELSE window_started_at END
       RETURNING attempts, window_started_at`,
    )
    .bind(subject, nowSeconds, windowSeconds)
    .first<{ attempts: number; window_started_at: number }>();
  if (!row) throw new Error("the link attempt counter returned no row");
  if (row.attempts <= limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, row.window_started_at + windowSeconds - nowSeconds) };
}

/** Forgets a subject's attempts, after a successful link. */
export async function clearLinkAttempts(db: D1Database, kind: "user" | "member", value: string): Promise<void> {
  await db.prepare("DELETE FROM link_attempts WHERE subject = ?1").bind(await subjectKey(kind, value)).run();
}
