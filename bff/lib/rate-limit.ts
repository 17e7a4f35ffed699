import type { D1Database } from "@cloudflare/workers-types/experimental";
import { bytesToHex } from "./bytes.ts";

// Failure budgets for things a person can guess (a PIN, a typed card code). Only failures
// count: a try takes one unit of the budget when it starts, atomically, so parallel tries
// cannot all slip through before any failure is written; a try that succeeds, or that never
// reached the check, hands its unit back. Two windows per subject: a short one that pauses,
// and a day that escalates (for linking, to a lock the member resolves with the shop).

export interface FailureBudget {
  /** Failures allowed in the short window before the subject pauses until it ends. */
  short: { limit: number; windowSeconds: number };
  /** Failures allowed in a day; past it the subject is refused until the day's window ends. */
  day: { limit: number; windowSeconds: number };
}

const DAY_SECONDS = 24 * 60 * 60;

/** The budget of a subject, per purpose. */
export const FAILURE_BUDGETS = {
  /** Per LINE user and per member number: slow for guessing, fine for typos. */
  link: { short: { limit: 5, windowSeconds: 15 * 60 }, day: { limit: 10, windowSeconds: DAY_SECONDS } },
  /** Per staff member and per member number, for the 6-digit code typed at the register. */
  cardCode: { short: { limit: 5, windowSeconds: 10 * 60 }, day: { limit: 20, windowSeconds: DAY_SECONDS } },
} as const satisfies Record<string, FailureBudget>;

export type BudgetClaim =
  | {
      allowed: true;
      /** Failures left before a pause or a lock, counting this try as one. */
      remainingAfterFailure: number;
      /** Hands this try's unit back: it succeeded, or it never reached the check. */
      refund(): Promise<void>;
    }
  | { allowed: false; retryAfterSeconds: number; dayLimitReached: boolean };

/** One member number however it was typed (already NFKC-normalised): hyphens dropped, letters upper-cased. */
export function memberNumberIdentity(memberNumber: string): string {
  return memberNumber.replace(/-/g, "").toUpperCase();
}

/** A subject's table key: hashed, so the table never holds a LINE user id or member number. */
export async function failureSubject(purpose: string, value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${purpose}:${value}`));
  return `${purpose}:${bytesToHex(digest)}`;
}

interface FailureRow {
  shortStartedAt: number;
  shortFailures: number;
  dayStartedAt: number;
  dayFailures: number;
}

/**
 * Takes one unit of a subject's failure budget for a try that is about to be checked, or says
 * how long the subject must wait. One conditional upsert: a refused try changes nothing.
 */
export async function reserveFailure(
  db: D1Database,
  subject: string,
  { short, day }: FailureBudget,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<BudgetClaim> {
  const shortExpired = "short_started_at <= ?2 - ?3";
  const dayExpired = "day_started_at <= ?2 - ?5";
  const row = await db
    .prepare(
      `INSERT INTO auth_failures (subject, short_started_at, short_failures, day_started_at, day_failures)
       VALUES (?1, ?2, 1, ?2, 1)
       ON CONFLICT (subject) DO UPDATE SET
         short_failures = CASE WHEN ${shortExpired} THEN 1 ELSE short_failures + 1 END,
         short_started_at = CASE WHEN ${shortExpired} THEN ?2 ELSE short_started_at END,
         day_failures = CASE WHEN ${dayExpired} THEN 1 ELSE day_failures + 1 END,
         day_started_at = CASE WHEN ${dayExpired} THEN ?2 ELSE day_started_at END
       WHERE (${shortExpired} OR short_failures < ?4) AND (${dayExpired} OR day_failures < ?6)
       RETURNING short_started_at AS shortStartedAt, short_failures AS shortFailures,
                 day_started_at AS dayStartedAt, day_failures AS dayFailures`,
    )
    .bind(subject, nowSeconds, short.windowSeconds, short.limit, day.windowSeconds, day.limit)
    .first<FailureRow>();
  if (row) {
    return {
      allowed: true,
      remainingAfterFailure: Math.min(short.limit - row.shortFailures, day.limit - row.dayFailures),
      refund: async () => {
        // Only within the windows the unit was taken from: a window that rolled over starts clean.
        await db
          .prepare(
            `UPDATE auth_failures SET short_failures = MAX(short_failures - 1, 0), day_failures = MAX(day_failures - 1, 0)
             WHERE subject = ?1 AND short_started_at = ?2 AND day_started_at = ?3`,
          )
          .bind(subject, row.shortStartedAt, row.dayStartedAt)
          .run();
      },
    };
  }
  const current = await db
    .prepare(
      `SELECT short_started_at AS shortStartedAt, short_failures AS shortFailures,
              day_started_at AS dayStartedAt, day_failures AS dayFailures
       FROM auth_failures WHERE subject = ?1`,
    )
    .bind(subject)
    .first<FailureRow>();
  if (!current) throw new Error("the failure budget refused a try but has no row");
  const dayLimitReached = current.dayFailures >= day.limit && current.dayStartedAt > nowSeconds - day.windowSeconds;
  const endsAt = dayLimitReached ? current.dayStartedAt + day.windowSeconds : current.shortStartedAt + short.windowSeconds;
  return { allowed: false, retryAfterSeconds: Math.max(1, endsAt - nowSeconds), dayLimitReached };
}

/** Forgets a subject's failures (a LINE user who linked: their typos are behind them). */
export async function clearFailures(db: D1Database, subject: string): Promise<void> {
  await db.prepare("DELETE FROM auth_failures WHERE subject = ?1").bind(subject).run();
}

/** Forgets budgets whose day has passed (for the pruning job). */
export async function pruneFailures(db: D1Database, nowSeconds = Math.floor(Date.now() / 1000)): Promise<number> {
  const result = await db
    .prepare("DELETE FROM auth_failures WHERE day_started_at <= ?1")
    .bind(nowSeconds - DAY_SECONDS)
    .run();
  return result.meta.changes;
}
