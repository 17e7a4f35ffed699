// Bytes to text and back, for the formats the BFF signs and reads: hex (merchant event
// signatures, hashed table keys, UUIDs), base64 (LINE webhook signatures) and unpadded base64url
// (member card tokens). The decoders return null for text that is not in their format, so a
// forged header is refused rather than thrown on.

/** Lowercase hex, two characters per byte. */
export function bytesToHex(bytes: Uint8Array | ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The bytes of an even-length hex string (either case); null for anything else. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null;
  return Uint8Array.from({ length: hex.length / 2 }, (_, index) => parseInt(hex.slice(index * 2, index * 2 + 2), 16));
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array | ArrayBuffer): string {
  // One character at a time: spreading a large array into fromCharCode overflows the stack.
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of non-empty standard base64 (padding optional); null for anything else. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  return decodeBinary(base64);
}

/** Unpadded base64url, as in URLs and QR codes. */
export function bytesToBase64Url(bytes: Uint8Array | ArrayBuffer): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of unpadded base64url (empty text is no bytes); null for anything else. */
export function base64UrlToBytes(base64Url: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(base64Url)) return null;
  return decodeBinary(base64Url.replace(/-/g, "+").replace(/_/g, "/"));
}

function decodeBinary(base64: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  } catch {
    // A length no base64 can have (one character past a group of four).
    return null;
  }
}

// Importing a key costs more than the HMAC itself; one per secret for the isolate's lifetime.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA256 key (sign and verify) for a text secret, imported once per isolate. */
export function hmacSha256Key(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    const raw = new TextEncoder().encode(secret);
    key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    hmacKeys.set(secret, key);
  }
  return key;
}
