import { useEffect, useState } from "react";
import {
  cardWindowAt,
  cardWindowEnd,
  cardWindowStart,
  deviceTypedCode,
  signDeviceCardCode,
} from "../../../shared/member-card-code.ts";
import { expectSuccess, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { cardKeysSupported, saveCardKey, type CardKey } from "./card-key-store.ts";

/**
 * Past this much difference from the BFF's clock the phone's clock is not trusted to sign: a
 * clock that wrong may be set right (or wronger) at any moment, so the card uses server-issued
 * codes while online. Within it, the phone corrects the windows it signs by the measured offset.
 */
export const MAX_CLOCK_OFFSET_MS = 2 * 60_000;

/**
 * Makes this phone's card key and registers its public half with the BFF for the signed-in LINE
 * user: the private key is born non-extractable and never leaves this browser. Null where the
 * browser cannot keep keys (no WebCrypto or IndexedDB, or storing a key is refused): the card
 * then goes on with server-issued codes.
 */
export async function registerThisPhone(api: ApiClient, lineUserId: string): Promise<CardKey | null> {
  if (!cardKeysSupported()) return null;
  const keyPair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const jwk = await crypto.subtle.exportKey("jwk", keyPair.publicKey);
  if (!jwk.x || !jwk.y) return null;
  const registered = await unwrap(
    api.api.card.devices.$post({
      json: { publicKey: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, label: phoneLabel() },
    }),
  );
  // The typed code's secret arrives once, in this answer; it becomes a key no one can read back.
  const secret = Uint8Array.from(atob(registered.codeSecret.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const codeKey = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  secret.fill(0);
  const key: CardKey = { lineUserId, deviceId: registered.deviceId, privateKey: keyPair.privateKey, codeKey };
  if (await saveCardKey(key)) return key;
  // A key this browser cannot keep would be lost on the next open: give it back at once.
  await forgetPhone(api, registered.deviceId);
  return null;
}

/** Revokes a phone's card key at the BFF (this one, or another from the list). */
export function forgetPhone(api: ApiClient, deviceId: string): Promise<void> {
  return expectSuccess(api.api.card.devices[":deviceId"].$delete({ param: { deviceId } }));
}

/** How the member will recognise this phone in the list: its platform, nothing more identifying. */
function phoneLabel(): string {
  const agent = typeof navigator === "undefined" ? "" : navigator.userAgent;
  if (/iPhone/.test(agent)) return "iPhone";
  if (/iPad/.test(agent)) return "iPad";
  if (/Android/.test(agent)) return "Android";
  return /Mac|Windows|Linux/.test(agent) ? "PC" : "Browser";
}

export interface DeviceCode {
  /** The QR's text: device id, window and this phone's signature. */
  qr: string;
  /** The 6-digit code for the same device and window. */
  typed: string;
  window: number;
  /** When this window began and ends, by the phone's clock (epoch ms). */
  startsAt: number;
  endsAt: number;
}

/** The code of the window the (corrected) clock is in, signed on this phone. */
export async function mintDeviceCode(key: CardKey, clockOffsetMs: number, nowMs = Date.now()): Promise<DeviceCode> {
  const window = cardWindowAt(nowMs + clockOffsetMs);
  const [qr, typed] = await Promise.all([
    signDeviceCardCode(key.privateKey, key.deviceId, window),
    deviceTypedCode(key.codeKey, key.deviceId, window),
  ]);
  return {
    qr,
    typed,
    window,
    startsAt: cardWindowStart(window) - clockOffsetMs,
    endsAt: cardWindowEnd(window) - clockOffsetMs,
  };
}

/**
 * The phone's own code, signed afresh as each 30-second window begins: no network at all. Null
 * until the first signature is ready (a few milliseconds).
 */
export function useDeviceCode(key: CardKey | null, clockOffsetMs: number): DeviceCode | null {
  const [code, setCode] = useState<DeviceCode | null>(null);
  useEffect(() => {
    if (!key) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = async () => {
      const minted = await mintDeviceCode(key, clockOffsetMs);
      if (stopped) return;
      setCode(minted);
      // A timer can be late (a phone asleep): the next run signs whatever window it is then.
      timer = setTimeout(() => void next(), Math.max(50, minted.endsAt - Date.now() + 20));
    };
    void next();
    // Back from the background: timers were frozen, so the code of the moment, at once.
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void next();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [key, clockOffsetMs]);
  return key && code?.qr.includes(key.deviceId) ? code : null;
}
