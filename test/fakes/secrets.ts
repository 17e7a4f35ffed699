import { createHash, timingSafeEqual } from "node:crypto";

/** The token of an `Authorization: Bearer <token>` header, or null when absent or malformed. */
export function readBearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

/**
 * Compares two secrets in constant time. Hashing first gives equal-length inputs, so neither
 * the content nor the length of the expected secret leaks through timing.
 */
export function secretsMatch(presented: string, expected: string): boolean {
  const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(sha256(presented), sha256(expected));
}
