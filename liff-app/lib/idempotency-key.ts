/**
 * A fresh Idempotency-Key: 32 hex characters from the CSPRNG. Not crypto.randomUUID(), which
 * browsers offer only in secure contexts (a phone on the LAN reaching the dev server has none).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
