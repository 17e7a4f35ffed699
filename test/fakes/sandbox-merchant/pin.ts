import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Dev-only fake data, but stored the way a merchant should: salted hashes, never the PIN.
// (A real system would use a slow KDF; SHA-256 keeps the fake fast and dependency-free.)

export function newPinSalt(): string {
  return randomBytes(16).toString("hex");
}

export function hashPin(pin: string, salt: string): string {
  return createHash("sha256").update(`${salt}:${pin}`, "utf8").digest("hex");
}

/** Constant-time check of a PIN against a stored salt and hash. */
export function pinMatches(pin: string, salt: string, expectedSha256Hex: string): boolean {
  const expected = Buffer.from(expectedSha256Hex, "hex");
  const actual = Buffer.from(hashPin(pin, salt), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
