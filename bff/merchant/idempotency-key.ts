import { bytesToBase64Url } from "../lib/bytes.ts";

// The Idempotency-Key the BFF sends the merchant for a key the app chose. A merchant keeps keys
// per API key and operation, and the BFF has one API key for every customer: forwarded as they
// are, two customers' keys could meet (the second would get 422 idempotency_conflict, or the
// first one's answer). So each is scoped to its customer first, the same way every time, so a
// retry of the customer's request still reaches the merchant with the same key. Keys the BFF
// derives itself from a cause (the birthday job, campaigns) already name their member and are
// sent as they are. The merchant contract documents this (its Idempotency section).

/** The version prefix of scoped keys: a change of derivation gets a new one, so old and new never meet. */
export const SCOPED_KEY_PREFIX = "u1_";

/**
 * `u1_` + base64url(SHA-256(lineUserId + ":" + appKey)), 46 URL-safe characters: a valid
 * Idempotency-Key (16 to 128 of A-Z a-z 0-9 _ -) for every customer and app key.
 */
export async function merchantIdempotencyKey(lineUserId: string, appKey: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${lineUserId}:${appKey}`));
  return `${SCOPED_KEY_PREFIX}${bytesToBase64Url(digest)}`;
}
