import { errorBody } from "../../shared/errors.ts";
import { IdempotencyKey } from "../../shared/merchant-contract.ts";

// The contract's Idempotency-Key: the same key and body get the first answer again, the same key
// with another body gets 422 idempotency_conflict, and refusals are not kept (the same key may try
// again). The store only saves round trips and keeps answers byte-for-byte: the points ledger
// in Shopify also records each key (points.ts), so a write is never applied twice even when this
// store has forgotten it (a restart of the in-memory store, another instance).

export interface StoredAnswer {
  requestSha256: string;
  status: 200 | 201;
  body: unknown;
}

/** Where answers to keyed writes are kept for replay. In production: Workers KV or D1, with a TTL of a day or more. */
export interface IdempotencyStore {
  get(scope: string, key: string): Promise<StoredAnswer | undefined>;
  put(scope: string, key: string, answer: StoredAnswer): Promise<void>;
}

/** For the example and the tests only: forgotten on restart and not shared between instances. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly answers = new Map<string, StoredAnswer>();

  async get(scope: string, key: string) {
    return this.answers.get(`${scope}\n${key}`);
  }

  async put(scope: string, key: string, answer: StoredAnswer) {
    this.answers.set(`${scope}\n${key}`, answer);
  }
}

/** Reads the Idempotency-Key header as the contract defines it; null when missing or malformed. */
export function readIdempotencyKey(header: string | undefined): string | null {
  const parsed = IdempotencyKey.safeParse(header);
  return parsed.success ? parsed.data : null;
}

/** Hex SHA-256 of a request, with Web Crypto so the adapter runs on Workers as on Node. */
export async function requestSha256(request: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(request)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export const idempotencyConflict = () =>
  errorBody("idempotency_conflict", "This Idempotency-Key was already used for a different request");
