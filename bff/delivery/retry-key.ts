// X-Line-Retry-Key makes a push safe to repeat for 24 hours: LINE answers 409 instead of
// sending again. Deriving the key from what caused the message (a UUIDv5 of a name and a
// purpose; the outbox uses the delivery id) means every attempt, by any consumer, reuses the
// key of the first, so the customer never gets the same message twice.

import { bytesToHex, hexToBytes } from "../lib/bytes.ts";

// This app's UUIDv5 namespace; any fixed UUID works, it only has to never change.
const NAMESPACE = "2f4b1c0e-8a57-4d1e-9c3a-6b0e5d7f9a21";

/** A deterministic retry key (UUID v5) for one message, named by its cause and purpose. */
export async function retryKeyForEvent(webhookEventId: string, purpose: string): Promise<string> {
  const namespace = hexToBytes(NAMESPACE.replaceAll("-", ""));
  if (!namespace) throw new Error("the retry key namespace is not a UUID");
  const name = new TextEncoder().encode(`${webhookEventId}/${purpose}`);
  const input = new Uint8Array(namespace.length + name.length);
  input.set(namespace);
  input.set(name, namespace.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytesToHex(hash);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
