// LINE signs every webhook delivery: x-line-signature is the base64 HMAC-SHA256 of the raw
// request body, keyed with the Messaging API channel secret.

const encoder = new TextEncoder();
// Importing a key costs more than the HMAC itself; one per secret for the isolate's lifetime.
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(channelSecret: string): Promise<CryptoKey> {
  let key = keys.get(channelSecret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(channelSecret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(channelSecret, key);
  }
  return key;
}

/** The x-line-signature LINE would send with this body (tests and tools sign with it). */
export async function signLineWebhookBody(channelSecret: string, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(channelSecret), encoder.encode(body));
  return bytesToBase64(new Uint8Array(mac));
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
  return crypto.subtle.verify("HMAC", await hmacKey(channelSecret), presented, body);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  let binary: string;
  try {
    binary = atob(value);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
