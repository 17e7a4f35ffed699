import { MERCHANT_HOOK_TOLERANCE_SECONDS } from "../../shared/merchant-contract.ts";
import { bytesToHex, hexToBytes, hmacSha256Key } from "../lib/bytes.ts";

// The merchant signs each event it POSTs to /hooks/merchant:
//   x-merchant-timestamp: <unix seconds>
//   x-merchant-signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>", keyed with MERCHANT_HOOK_SECRET>
// The timestamp is inside the signature, so a captured request cannot be replayed later with a
// new one; within the tolerance a replay carries a known event id and is handled once (dedup).
// Several comma-separated v1= values are accepted, so a merchant rotating the secret can sign
// with both the old and the new one for a while.

const encoder = new TextEncoder();
const MAX_SIGNATURES = 4;

function signedPayload(timestamp: string, body: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  const payload = new Uint8Array(prefix.length + bytes.length);
  payload.set(prefix);
  payload.set(bytes, prefix.length);
  return payload;
}

/** The x-merchant-signature value for a body sent at `timestamp` (merchants and tests sign with it). */
export async function signMerchantEvent(secret: string, timestamp: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacSha256Key(secret),
    signedPayload(String(timestamp), encoder.encode(body)),
  );
  return `v1=${bytesToHex(mac)}`;
}

export type MerchantSignatureVerdict = { ok: true } | { ok: false; reason: "missing" | "mismatch" | "stale" };

/**
 * Checks a merchant event's signature on the raw body, then its age. `crypto.subtle.verify`
 * compares in constant time, so timing says nothing about how close a forgery came; the age
 * is only judged for a genuine signature, so a forger learns nothing from the answer either.
 */
export async function verifyMerchantSignature(
  secret: string,
  body: ArrayBuffer,
  headers: { timestamp: string | undefined; signature: string | undefined },
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<MerchantSignatureVerdict> {
  const { timestamp, signature } = headers;
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing" };
  const presented = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .slice(0, MAX_SIGNATURES)
    .map((part) => hexToBytes(part.slice(3)))
    .filter((bytes): bytes is Uint8Array<ArrayBuffer> => bytes !== null && bytes.length === 32);
  if (presented.length === 0) return { ok: false, reason: "missing" };

  const key = await hmacSha256Key(secret);
  const payload = signedPayload(timestamp, body);
  let genuine = false;
  for (const candidate of presented) genuine = (await crypto.subtle.verify("HMAC", key, candidate, payload)) || genuine;
  if (!genuine) return { ok: false, reason: "mismatch" };
  if (Math.abs(nowSeconds - Number(timestamp)) > MERCHANT_HOOK_TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  return { ok: true };
}
