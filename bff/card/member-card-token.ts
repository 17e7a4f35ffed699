// Member card credentials. The QR code carries an opaque token: AES-256-GCM over the member id
// and an expiry, so it holds no readable data, cannot be forged or altered (the GCM tag), and
// dies within a minute. The random IV doubles as the token id that a scan consumes once.
// For cards that cannot be scanned, a 6-digit code tied to the member number and a 30-second
// window is shown beside it.

const VERSION = "MC1";
const AAD = new TextEncoder().encode(VERSION);
const IV_BYTES = 12;
export const MEMBER_CARD_TOKEN_TTL_SECONDS = 60;
export const MEMBER_CARD_CODE_WINDOW_SECONDS = 30;

export interface MemberCardKeys {
  token: CryptoKey;
  code: CryptoKey;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Derives the token and code keys from the MEMBER_CARD_SECRET (base64, at least 32 bytes). */
export async function importMemberCardKeys(secretBase64: string): Promise<MemberCardKeys> {
  const secret = fromBase64Url(secretBase64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  if (!secret || secret.length < 32) throw new Error("MEMBER_CARD_SECRET must be at least 32 random bytes, base64");
  const master = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  type DerivedKey = { name: "AES-GCM"; length: 256 } | { name: "HMAC"; hash: "SHA-256"; length: 256 };
  const derive = (info: string, algorithm: DerivedKey, usages: ("encrypt" | "decrypt" | "sign")[]) =>
    crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new TextEncoder().encode(info) },
      master,
      algorithm,
      false,
      usages,
    );
  return {
    token: await derive("member-card-token", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]),
    code: await derive("member-card-code", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]),
  };
}

export interface IssuedMemberCardToken {
  token: string;
  tokenId: string;
  expiresAt: Date;
}

/** Issues a fresh single-use token for a member's QR code. */
export async function issueMemberCardToken(
  keys: MemberCardKeys,
  memberId: string,
  now = new Date(),
): Promise<IssuedMemberCardToken> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + MEMBER_CARD_TOKEN_TTL_SECONDS;
  const memberBytes = new TextEncoder().encode(memberId);
  const plaintext = new Uint8Array(4 + memberBytes.length);
  new DataView(plaintext.buffer).setUint32(0, expiresAtSeconds);
  plaintext.set(memberBytes, 4);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, keys.token, plaintext),
  );
  const packed = new Uint8Array(IV_BYTES + sealed.length);
  packed.set(iv);
  packed.set(sealed, IV_BYTES);
  return { token: `${VERSION}.${toBase64Url(packed)}`, tokenId: toBase64Url(iv), expiresAt: new Date(expiresAtSeconds * 1000) };
}

export type OpenedMemberCardToken =
  | { ok: true; tokenId: string; memberId: string; expiresAt: Date }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

/** Checks a scanned token: our key sealed it and it has not expired. Consuming it is the caller's step. */
export async function openMemberCardToken(
  keys: MemberCardKeys,
  token: string,
  now = new Date(),
): Promise<OpenedMemberCardToken> {
  const [version, body, ...rest] = token.trim().split(".");
  const packed = body ? fromBase64Url(body) : null;
  if (version !== VERSION || rest.length > 0 || !packed || packed.length < IV_BYTES + 16 + 5) {
    return { ok: false, reason: "malformed" };
  }
  const iv = packed.slice(0, IV_BYTES);
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: AAD }, keys.token, packed.slice(IV_BYTES)),
    );
  } catch {
    return { ok: false, reason: "forged" };
  }
  const expiresAt = new Date(new DataView(plaintext.buffer).getUint32(0) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, tokenId: toBase64Url(iv), memberId: new TextDecoder().decode(plaintext.slice(4)), expiresAt };
}

const codeWindow = (now: Date) => Math.floor(now.getTime() / 1000 / MEMBER_CARD_CODE_WINDOW_SECONDS);

async function codeFor(keys: MemberCardKeys, memberNumber: string, window: number): Promise<string> {
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", keys.code, new TextEncoder().encode(`${memberNumber}:${window}`)),
  );
  const value = new DataView(mac.buffer).getUint32(0) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** The 6-digit code the card shows beside the QR, for typing in when scanning fails. */
export async function memberCardCode(keys: MemberCardKeys, memberNumber: string, now = new Date()) {
  const window = codeWindow(now);
  return {
    code: await codeFor(keys, memberNumber, window),
    // Accepted through the following window too, so a code read at the last second still works.
    expiresAt: new Date((window + 2) * MEMBER_CARD_CODE_WINDOW_SECONDS * 1000),
  };
}

/** Checks a typed code; the window it matched is what a scan consumes, so each code works once. */
export async function checkMemberCardCode(
  keys: MemberCardKeys,
  memberNumber: string,
  code: string,
  now = new Date(),
): Promise<{ ok: true; codeId: string } | { ok: false }> {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  const current = codeWindow(now);
  for (const window of [current, current - 1]) {
    const expected = await codeFor(keys, memberNumber, window);
    if (timingSafeEqualText(expected, code)) return { ok: true, codeId: `code:${memberNumber}:${window}` };
  }
  return { ok: false };
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
