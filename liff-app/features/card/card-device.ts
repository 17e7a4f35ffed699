import { expectSuccess, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { cardKeysSupported, saveCardKey, type CardKey } from "./card-key-store.ts";

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
