// The device-bound member card code, as the phone mints it and the BFF checks it. Both sides
// run this file, so they can never disagree on the format, the time windows or the 6-digit
// derivation. It uses WebCrypto only (the browser's and the Worker's), no import.
//
// A code is valid for one 30-second window of server time. The QR carries
//   MD1.<device id>.<window>.<ECDSA P-256 signature of "MD1.<device id>.<window>", base64url>
// and the 6-digit code typed when the QR cannot be read is an HMAC of the same device and
// window under a per-device secret (see deviceTypedCode for why not the signature).

export const DEVICE_CODE_VERSION = "MD1";
export const CARD_WINDOW_SECONDS = 30;
/** A code may be scanned this long after its window ended: staff take a moment, phone clocks lag. */
export const CARD_WINDOW_GRACE_MS = 30_000;
/** …and this long before its window began: a phone clock a little ahead. */
export const CARD_WINDOW_EARLY_MS = 15_000;

/** The window a moment (epoch ms) falls in. */
export const cardWindowAt = (epochMs: number) => Math.floor(epochMs / 1000 / CARD_WINDOW_SECONDS);
export const cardWindowStart = (window: number) => window * CARD_WINDOW_SECONDS * 1000;
export const cardWindowEnd = (window: number) => (window + 1) * CARD_WINDOW_SECONDS * 1000;

/**
 * Whether a window's code is still accepted at `nowMs` (server time): from 15 s before the window
 * until 30 s after it, so a screenshot stops working at most 60 s after its code first showed.
 */
export function cardWindowTiming(window: number, nowMs: number): "current" | "too_old" | "too_new" {
  if (nowMs < cardWindowStart(window) - CARD_WINDOW_EARLY_MS) return "too_new";
  if (nowMs >= cardWindowEnd(window) + CARD_WINDOW_GRACE_MS) return "too_old";
  return "current";
}

/** The windows whose codes are accepted at `nowMs`, newest first. */
export function acceptedCardWindows(nowMs: number): number[] {
  const now = cardWindowAt(nowMs);
  return [now + 1, now, now - 1, now - 2].filter((window) => cardWindowTiming(window, nowMs) === "current");
}

/** The text a device signs for one window. */
export const deviceCodeSignedText = (deviceId: string, window: number) => `${DEVICE_CODE_VERSION}.${deviceId}.${window}`;

const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;

export interface DeviceCardCode {
  deviceId: string;
  window: number;
  /** IEEE P1363 (r ‖ s, 64 bytes), as WebCrypto's ECDSA signs and verifies. */
  signature: Uint8Array<ArrayBuffer>;
  signedText: string;
}

/** Reads a device QR text; null when it is not one (a server-issued token, or junk). */
export function parseDeviceCardCode(text: string): DeviceCardCode | null {
  const parts = text.trim().split(".");
  if (parts.length !== 4 || parts[0] !== DEVICE_CODE_VERSION) return null;
  const [, deviceId, windowText, signatureText] = parts;
  if (!DEVICE_ID.test(deviceId) || !/^\d{1,12}$/.test(windowText) || !/^[A-Za-z0-9_-]{86}$/.test(signatureText)) return null;
  const window = Number(windowText);
  const signature = fromBase64Url(signatureText);
  if (!signature || signature.length !== 64) return null;
  return { deviceId, window, signature, signedText: deviceCodeSignedText(deviceId, window) };
}

/** The device's QR text for a window, signed with its non-extractable private key. */
export async function signDeviceCardCode(privateKey: CryptoKey, deviceId: string, window: number): Promise<string> {
  const signedText = deviceCodeSignedText(deviceId, window);
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    privateKey,
    new TextEncoder().encode(signedText),
  );
  return `${signedText}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * The 6-digit code for a device and window: HMAC-SHA256 under the device's code secret,
 * truncated as HOTP does (RFC 4226 §5.3). Not a truncation of the QR's signature: ECDSA
 * signatures are randomised and the server holds only the public key, so it could never
 * recompute one to compare six digits against. The price: the BFF keeps this secret (sealed
 * under MEMBER_CARD_SECRET), so whoever holds both the database and the Worker secret could
 * compute typed codes, though never a QR; and six digits are guessable, which the failure
 * budgets per staff member and per member number bound.
 */
export async function deviceTypedCode(codeKey: CryptoKey, deviceId: string, window: number): Promise<string> {
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", codeKey, new TextEncoder().encode(`MC-code.${deviceId}.${window}`)),
  );
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return (value % 1_000_000).toString().padStart(6, "0");
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
