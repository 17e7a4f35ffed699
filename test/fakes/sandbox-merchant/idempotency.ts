import { createHash } from "node:crypto";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { IdempotencyKey } from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";

export interface StoredAnswer {
  status: 200 | 201 | 403 | 404 | 409 | 422;
  body: unknown;
}

const Row = z.object({ requestSha256: z.string(), status: z.number(), responseJson: z.string() });

/** Reads the Idempotency-Key header as the contract defines it; null when missing or malformed. */
export function readIdempotencyKey(header: string | undefined): string | null {
  const parsed = IdempotencyKey.safeParse(header);
  return parsed.success ? parsed.data : null;
}

/**
 * Runs a write once per (operation, key): a repeat with the same body gets the first answer,
 * a repeat with another body gets 422. The work and its record commit together.
 */
export function once(
  db: MerchantDatabase,
  operation: string,
  key: string,
  request: unknown,
  work: () => StoredAnswer,
): StoredAnswer {
  const requestSha256 = createHash("sha256").update(JSON.stringify(request)).digest("hex");
  return db.transaction(() => {
    const earlier = db.row(
      `SELECT request_sha256 AS requestSha256, status, response_json AS responseJson
       FROM idempotency_records WHERE operation = ? AND idempotency_key = ?`,
      [operation, key],
      Row,
    );
    if (earlier) {
      if (earlier.requestSha256 !== requestSha256) {
        return {
          status: 422,
          body: errorBody("idempotency_conflict", "This Idempotency-Key was already used for a different request"),
        };
      }
      return { status: earlier.status as StoredAnswer["status"], body: JSON.parse(earlier.responseJson) };
    }
    const answer = work();
    // Refusals are not stored: after topping up points, the same key may try again.
    if (answer.status === 200 || answer.status === 201) {
      db.run(
        `INSERT INTO idempotency_records (operation, idempotency_key, request_sha256, status, response_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [operation, key, requestSha256, answer.status, JSON.stringify(answer.body), new Date().toISOString()],
      );
    }
    return answer;
  });
}
