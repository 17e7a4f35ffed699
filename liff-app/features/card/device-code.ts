import {
  cardWindowAt,
  cardWindowEnd,
  cardWindowStart,
  deviceTypedCode,
  signDeviceCardCode,
} from "../../../shared/member-card-code.ts";
import type { CardKey } from "./card-key-store.ts";

/**
 * Past this much difference from the BFF's clock the phone's clock is not trusted to sign: a
 * clock that wrong may be set right (or wronger) at any moment, so the card uses server-issued
 * codes while online. Within it, the phone corrects the windows it signs by the measured offset.
 */
export const MAX_CLOCK_OFFSET_MS = 2 * 60_000;

// The phone's own codes, minted from its card key with no network. Light on purpose: the instant
// card (liff-app/instant-card.ts) runs this before the app's code has even been evaluated.

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

// The last code minted, so a screen that takes over from another (the instant card, then /card)
// shows it from its first paint instead of a skeleton.
let latest: DeviceCode | null = null;

/** The code minted last for this key, if its window has not ended. */
export function latestDeviceCode(key: CardKey | null, nowMs = Date.now()): DeviceCode | null {
  return key && latest && latest.qr.includes(`.${key.deviceId}.`) && latest.endsAt > nowMs ? latest : null;
}

/** The code of the window the (corrected) clock is in, signed on this phone. */
export async function mintDeviceCode(key: CardKey, clockOffsetMs: number, nowMs = Date.now()): Promise<DeviceCode> {
  const window = cardWindowAt(nowMs + clockOffsetMs);
  const [qr, typed] = await Promise.all([
    signDeviceCardCode(key.privateKey, key.deviceId, window),
    deviceTypedCode(key.codeKey, key.deviceId, window),
  ]);
  latest = {
    qr,
    typed,
    window,
    startsAt: cardWindowStart(window) - clockOffsetMs,
    endsAt: cardWindowEnd(window) - clockOffsetMs,
  };
  return latest;
}
