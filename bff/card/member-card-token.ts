// Member card credentials. The QR code carries an opaque token: AES-256-GCM over the member id
// and an expiry, so it holds no readable data, cannot be forged or altered (the GCM tag), and
// dies within a minute. The random IV doubles as the token id that a scan consumes once.
// For cards that cannot be scanned, a random 6-digit code is shown beside it: recorded with the
// token id when the card is issued, it is the same credential as the QR, and only exists while
// that card does.

import { base64UrlToBytes, bytesToBase64Url } from "../lib/bytes.ts";

const VERSION = "MC1";
const AAD = new TextEncoder().encode(VERSION);
const IV_BYTES = 12;
export const MEMBER_CARD_TOKEN_TTL_SECONDS = 60;

export interface MemberCardKeys {
  token: CryptoKey;
  code: CryptoKey;
  /** Seals each card device's typed-code secret in D1, so the table alone cannot compute codes. */
  deviceSecret: CryptoKey;
}

/** Derives the token and code keys from the MEMBER_CARD_SECRET (base64, at least 32 bytes). */
export async function importMemberCardKeys(secretBase64: string): Promise<MemberCardKeys> {
  const secret = base64UrlToBytes(secretBase64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
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
    deviceSecret: await derive("member-card-device-secret", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]),
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
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, keys.token, plaintext));
  const packed = new Uint8Array(IV_BYTES + sealed.length);
  packed.set(iv);
  packed.set(sealed, IV_BYTES);
  return {
    token: `${VERSION}.${bytesToBase64Url(packed)}`,
    tokenId: bytesToBase64Url(iv),
    expiresAt: new Date(expiresAtSeconds * 1000),
  };
}

export type OpenedMemberCardToken =
  { ok: true; tokenId: string; memberId: string; expiresAt: Date } | { ok: false; reason: "malformed" | "forged" | "expired" };

/** Checks a scanned token: our key sealed it and it has not expired. Consuming it is the caller's step. */
export async function openMemberCardToken(keys: MemberCardKeys, token: string, now = new Date()): Promise<OpenedMemberCardToken> {
  const [version, body, ...rest] = token.trim().split(".");
  const packed = body ? base64UrlToBytes(body) : null;
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
  return { ok: true, tokenId: bytesToBase64Url(iv), memberId: new TextDecoder().decode(plaintext.slice(4)), expiresAt };
}

/**
 * A fresh code for one opened card: random, so it exists only because the card was opened
 * (nothing derives it from the member number and the clock); the caller records it with the
 * card's token id.
 */
export function newMemberCardCode(): string {
  // 2^32 is not a multiple of 10^6: draw again in the sliver that would make low codes likelier.
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  for (;;) {
    const value = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (value < limit) return (value % 1_000_000).toString().padStart(6, "0");
  }
}

/** What the BFF stores for a member's code: a keyed MAC, so the table never holds a usable code. */
export async function memberCardCodeMac(keys: MemberCardKeys, memberId: string, code: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", keys.code, new TextEncoder().encode(`${memberId}:${code}`)));
  return bytesToBase64Url(mac);
}
