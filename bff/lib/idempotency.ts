import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env.ts";
import { bytesToHex } from "./bytes.ts";
import { answerRepeatedKey } from "./repeated-key.ts";

// The BFF's own record of idempotent requests, so that a repeated key is answered from D1
// without calling the merchant again, and a key reused for another body is refused even if a
// merchant were lax about it. The merchant keeps its own record too: the key travels end to
// end, which covers the case where the merchant acted but its answer never reached the BFF.
//
// Claim by INSERT under the primary key: of two concurrent requests with one key, exactly one
// inserts the pending row and goes on; the other learns the request is in progress (the route
// answers 409 with Retry-After, and the client repeats the same request a moment later).

/** A pending claim older than this was abandoned (the Worker died mid-request) and may be taken over. */
export const ABANDONED_AFTER_MS = 60_000;
/** How long a finished answer is replayed; LINE's retry keys live as long. */
export const IDEMPOTENCY_RECORD_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyScope {
  /** The operation, so one key can never stand for two kinds of write. */
  scope: string;
  /** Whose key it is (the LINE user id); stored only as a hash. */
  subject: string;
  key: string;
}

export type IdempotencyClaim =
  /** First time: do the work, then `complete` with the answer, or `release` to let the key be tried again. */
  | { kind: "new"; complete(response: unknown): Promise<void>; release(): Promise<void> }
  /** Done before with this very request: answer the same again. */
  | { kind: "replay"; response: unknown }
  /** The key was used for another request. */
  | { kind: "conflict" }
  /** The first request with this key has not finished yet. */
  | { kind: "in_progress" };

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return bytesToHex(digest);
}

/**
 * Claims an idempotency key for a request (its validated body: zod output has a fixed key
 * order, so equal requests hash equally). See IdempotencyClaim for what to do next.
 */
export async function claimIdempotencyKey(
  db: D1Database,
  { scope, subject, key }: IdempotencyScope,
  request: unknown,
  now = Date.now(),
): Promise<IdempotencyClaim> {
  const subjectHash = await sha256Hex(subject);
  const requestHash = await sha256Hex(JSON.stringify(request));
  const where = "scope = ?1 AND subject = ?2 AND idempotency_key = ?3";
  const claimed = (): IdempotencyClaim => ({
    kind: "new",
    complete: async (response) => {
      await db
        .prepare(`UPDATE idempotency_records SET state = 'done', response_json = ?4 WHERE ${where} AND state = 'pending'`)
        .bind(scope, subjectHash, key, JSON.stringify(response))
        .run();
    },
    release: async () => {
      await db
        .prepare(`DELETE FROM idempotency_records WHERE ${where} AND state = 'pending'`)
        .bind(scope, subjectHash, key)
        .run();
    },
  });

  const inserted = await db
    .prepare(
      `INSERT INTO idempotency_records (scope, subject, idempotency_key, request_sha256, state, created_at)
       VALUES (?1, ?2, ?3, ?4, 'pending', ?5) ON CONFLICT DO NOTHING`,
    )
    .bind(scope, subjectHash, key, requestHash, now)
    .run();
  if (inserted.meta.changes === 1) return claimed();

  // Take over an abandoned claim for the same request (one UPDATE, so only one taker wins), or
  // a finished one too old to replay.
  const takenOver = await db
    .prepare(
      `UPDATE idempotency_records SET request_sha256 = ?4, state = 'pending', response_json = NULL, created_at = ?5
       WHERE ${where} AND ((state = 'pending' AND created_at < ?6 AND request_sha256 = ?4) OR created_at < ?7)`,
    )
    .bind(scope, subjectHash, key, requestHash, now, now - ABANDONED_AFTER_MS, now - IDEMPOTENCY_RECORD_TTL_MS)
    .run();
  if (takenOver.meta.changes === 1) return claimed();

  const earlier = await db
    .prepare(`SELECT request_sha256 AS requestHash, state, response_json AS responseJson FROM idempotency_records WHERE ${where}`)
    .bind(scope, subjectHash, key)
    .first<{ requestHash: string; state: "pending" | "done"; responseJson: string | null }>();
  // Released between our INSERT and this read: the caller may simply try again.
  if (!earlier) return { kind: "in_progress" };
  if (earlier.requestHash !== requestHash) return { kind: "conflict" };
  if (earlier.state === "pending" || earlier.responseJson === null) return { kind: "in_progress" };
  return { kind: "replay", response: JSON.parse(earlier.responseJson) };
}

/** Forgets finished and abandoned records past their replay window (the cron runs it). */
export async function pruneIdempotencyRecords(db: D1Database, now = Date.now()): Promise<number> {
  const result = await db
    .prepare("DELETE FROM idempotency_records WHERE created_at < ?1")
    .bind(now - IDEMPOTENCY_RECORD_TTL_MS)
    .run();
  return result.meta.changes;
}

/**
 * One idempotent write, start to end: a repeated key is answered from D1 (the first answer,
 * 422 for another body, 409 while in progress); otherwise `run` does the work and calls
 * `keep` with the answer to replay. An answer `run` does not keep (a refusal), and a throw,
 * release the key so it may try again. A write sent without a key (where the key is optional)
 * simply runs.
 */
export async function withIdempotency<R extends Response, T, Status extends 200 | 201 | 202>(
  c: Context<AppEnv>,
  { key, ...scope }: Omit<IdempotencyScope, "key"> & { key: string | undefined },
  request: unknown,
  firstAnswer: { schema: z.ZodType<T>; status: Status; what: string; statusOf?: (answer: T) => Status },
  run: (keep: (answer: T) => Promise<void>) => Promise<R>,
) {
  if (key === undefined) return run(async () => {});
  const claim = await claimIdempotencyKey(c.env.DB, { ...scope, key }, request);
  if (claim.kind !== "new") return answerRepeatedKey(c, claim, firstAnswer, firstAnswer.what);
  let kept = false;
  try {
    const response = await run(async (answer) => {
      await claim.complete(answer);
      kept = true;
    });
    if (!kept) await claim.release();
    return response;
  } catch (error) {
    if (!kept) await claim.release();
    throw error;
  }
}
