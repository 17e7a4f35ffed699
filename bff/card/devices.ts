import type { D1Database } from "@cloudflare/workers-types/experimental";
import { acceptedCardWindows, cardWindowAt, deviceTypedCode } from "../../shared/member-card-code.ts";
import { base64UrlToBytes, bytesToBase64Url } from "../lib/bytes.ts";
import type { MemberCardKeys } from "./member-card-token.ts";

// Member card devices: the phones whose keys sign a member's card codes (migration 0013).

const DAY_MS = 24 * 60 * 60 * 1000;
/** A device unseen this long (no online open, no scan) stops working and leaves the list. */
export const CARD_DEVICE_EXPIRY_MS = 60 * DAY_MS;
/** Phones per LINE user: registering one more revokes the one seen longest ago. */
export const MAX_CARD_DEVICES = 5;
/** Registrations per LINE user per hour: a phone registers once; more is a loop or abuse. */
export const MAX_CARD_DEVICE_REGISTRATIONS_PER_HOUR = 10;
/** How far back a typed device code is still recognised, to tell staff it expired rather than "no match". */
const EXPIRED_CODE_WINDOWS = 20;

export interface CardDevice {
  deviceId: string;
  lineUserId: string;
  memberId: string;
  linkedAt: string;
  publicKey: string;
  codeSecret: string;
  label: string;
  createdAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
}

/** Whether a device may still sign codes: not revoked, and seen recently. */
export const isCardDeviceActive = (device: CardDevice, now = Date.now()) =>
  device.revokedAt === null && now - device.lastSeenAt < CARD_DEVICE_EXPIRY_MS;

/** A public key from the phone as a verifying key; null unless it is an ECDSA P-256 public key. */
export async function importCardDevicePublicKey(jwk: { x: string; y: string }): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey(
      "jwk",
      { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true },
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
  } catch {
    return null;
  }
}

const sealedAad = (deviceId: string) => new TextEncoder().encode(`card-device:${deviceId}`);

async function sealCodeSecret(keys: MemberCardKeys, deviceId: string, secret: Uint8Array<ArrayBuffer>): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: sealedAad(deviceId) }, keys.deviceSecret, secret),
  );
  const packed = new Uint8Array(iv.length + sealed.length);
  packed.set(iv);
  packed.set(sealed, iv.length);
  return bytesToBase64Url(packed);
}

async function openCodeKey(keys: MemberCardKeys, device: CardDevice): Promise<CryptoKey> {
  const packed = base64UrlToBytes(device.codeSecret);
  if (!packed) throw new Error("a device's sealed code secret is not base64url");
  const secret = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: packed.slice(0, 12), additionalData: sealedAad(device.deviceId) },
    keys.deviceSecret,
    packed.slice(12),
  );
  return crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** Whether the LINE user may register another phone now (a bound on rows one account can add). */
export async function mayRegisterCardDevice(db: D1Database, lineUserId: string, now = Date.now()): Promise<boolean> {
  const row = await db
    .prepare("SELECT COUNT(*) AS recent FROM member_card_devices WHERE line_user_id = ?1 AND created_at > ?2")
    .bind(lineUserId, now - 60 * 60_000)
    .first<{ recent: number }>();
  return (row?.recent ?? 0) < MAX_CARD_DEVICE_REGISTRATIONS_PER_HOUR;
}

export interface NewCardDevice {
  lineUserId: string;
  memberId: string;
  linkedAt: string;
  publicKey: { x: string; y: string };
  label: string;
}

/**
 * Registers a phone's public key for the LINE user's linked membership, with a fresh typed-code
 * secret that only this answer ever carries in the clear. Revokes the user's devices past the
 * limit and forgets their long-dead ones.
 */
export async function registerCardDevice(
  db: D1Database,
  keys: MemberCardKeys,
  device: NewCardDevice,
  now = Date.now(),
): Promise<{ deviceId: string; codeSecret: string }> {
  const deviceId = bytesToBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const publicKey = JSON.stringify({ kty: "EC", crv: "P-256", x: device.publicKey.x, y: device.publicKey.y });
  await db.batch([
    db
      .prepare(
        `DELETE FROM member_card_devices WHERE line_user_id = ?1
           AND ((revoked_at IS NOT NULL AND revoked_at < ?2) OR last_seen_at < ?3)`,
      )
      .bind(device.lineUserId, now - DAY_MS, now - CARD_DEVICE_EXPIRY_MS),
    db
      .prepare(
        `INSERT INTO member_card_devices
           (device_id, line_user_id, member_id, linked_at, public_key, code_secret, label, created_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
      )
      .bind(
        deviceId,
        device.lineUserId,
        device.memberId,
        device.linkedAt,
        publicKey,
        await sealCodeSecret(keys, deviceId, secret),
        device.label,
        now,
      ),
    db
      .prepare(
        `UPDATE member_card_devices SET revoked_at = ?2 WHERE line_user_id = ?1 AND revoked_at IS NULL
           AND device_id NOT IN (SELECT device_id FROM member_card_devices WHERE line_user_id = ?1 AND revoked_at IS NULL
                                 ORDER BY last_seen_at DESC, created_at DESC LIMIT ?3)`,
      )
      .bind(device.lineUserId, now, MAX_CARD_DEVICES),
  ]);
  return { deviceId, codeSecret: bytesToBase64Url(secret) };
}

const DEVICE_COLUMNS = `device_id AS deviceId, line_user_id AS lineUserId, member_id AS memberId, linked_at AS linkedAt,
  public_key AS publicKey, code_secret AS codeSecret, label, created_at AS createdAt, last_seen_at AS lastSeenAt,
  revoked_at AS revokedAt`;

export function findCardDevice(db: D1Database, deviceId: string): Promise<CardDevice | null> {
  return db.prepare(`SELECT ${DEVICE_COLUMNS} FROM member_card_devices WHERE device_id = ?1`).bind(deviceId).first<CardDevice>();
}

/** The LINE user's devices that still work, most recently seen first. */
export async function listCardDevices(db: D1Database, lineUserId: string, now = Date.now()): Promise<CardDevice[]> {
  const { results } = await db
    .prepare(
      `SELECT ${DEVICE_COLUMNS} FROM member_card_devices
       WHERE line_user_id = ?1 AND revoked_at IS NULL AND last_seen_at >= ?2 ORDER BY last_seen_at DESC`,
    )
    .bind(lineUserId, now - CARD_DEVICE_EXPIRY_MS)
    .all<CardDevice>();
  return results;
}

/** Revokes one of the LINE user's own devices; false when they have no such device (another user's included). */
export async function revokeCardDevice(db: D1Database, lineUserId: string, deviceId: string, now = Date.now()) {
  const result = await db
    .prepare("UPDATE member_card_devices SET revoked_at = ?3 WHERE device_id = ?1 AND line_user_id = ?2 AND revoked_at IS NULL")
    .bind(deviceId, lineUserId, now)
    .run();
  return result.meta.changes > 0;
}

/** Revokes every device of the LINE user (unlinking): no phone signs for this membership any more. */
export async function revokeAllCardDevices(db: D1Database, lineUserId: string, now = Date.now()): Promise<void> {
  await db
    .prepare("UPDATE member_card_devices SET revoked_at = ?2 WHERE line_user_id = ?1 AND revoked_at IS NULL")
    .bind(lineUserId, now)
    .run();
}

/** The device was seen (an online open of its card, or a scan of its code): its expiry moves on. */
export async function touchCardDevice(db: D1Database, deviceId: string, now = Date.now()): Promise<void> {
  await db.prepare("UPDATE member_card_devices SET last_seen_at = ?2 WHERE device_id = ?1").bind(deviceId, now).run();
}

/**
 * The member's device and window whose typed code this is: "current" when it is accepted now,
 * "expired" when it belonged to a window of the last 10 minutes, or null.
 */
export async function findDeviceByTypedCode(
  db: D1Database,
  keys: MemberCardKeys,
  memberId: string,
  code: string,
  now = Date.now(),
): Promise<{ timing: "current" | "expired"; device: CardDevice; window: number } | null> {
  const { results } = await db
    .prepare(`SELECT ${DEVICE_COLUMNS} FROM member_card_devices WHERE member_id = ?1 AND revoked_at IS NULL`)
    .bind(memberId)
    .all<CardDevice>();
  const accepted = acceptedCardWindows(now);
  const oldest = cardWindowAt(now) - EXPIRED_CODE_WINDOWS;
  let expired: { timing: "expired"; device: CardDevice; window: number } | null = null;
  for (const device of results.filter((d) => isCardDeviceActive(d, now))) {
    const codeKey = await openCodeKey(keys, device);
    for (const window of accepted) {
      if ((await deviceTypedCode(codeKey, device.deviceId, window)) === code) return { timing: "current", device, window };
    }
    for (let window = Math.min(...accepted) - 1; !expired && window >= oldest; window--) {
      if ((await deviceTypedCode(codeKey, device.deviceId, window)) === code) expired = { timing: "expired", device, window };
    }
  }
  return expired;
}
