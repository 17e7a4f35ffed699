// LINE signs every webhook delivery: x-line-signature is the base64 HMAC-SHA256 of the raw
// request body, keyed with the Messaging API channel secret.

import { base64ToBytes, bytesToBase64, hmacSha256Key } from "../lib/bytes.ts";

/** The x-line-signature LINE would send with this body (tests and tools sign with it). */
export async function signLineWebhookBody(channelSecret: string, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacSha256Key(channelSecret), new TextEncoder().encode(body));
  return bytesToBase64(mac);
}

/**
 * Checks x-line-signature against the raw body. `crypto.subtle.verify` compares in constant
 * time, so the answer's timing says nothing about how much of a forged signature was right.
 */
export async function verifyLineSignature(
  channelSecret: string,
  body: ArrayBuffer,
  signature: string | undefined,
): Promise<boolean> {
  if (!channelSecret || !signature) return false;
  const presented = base64ToBytes(signature.trim());
  // An HMAC-SHA256 is 32 bytes; anything else cannot match.
  if (presented === null || presented.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacSha256Key(channelSecret), presented, body);
}
