import { createHmac, timingSafeEqual } from "node:crypto";
import type { D1Database } from "@cloudflare/workers-types/experimental";
import { base64UrlToBytes, bytesToBase64Url } from "../lib/bytes.ts";

// Tracked links: a link in a campaign or scenario message, or a rich menu area, goes through a
// short redirect on this Worker (`<origin>/t/<token>`) that records the click and answers 302 to
// the real target. The token carries what was clicked (kind, source id, the recipient when the
// link was personal, the target) and an HMAC over it, so nobody can count clicks that did not
// happen or turn the redirect into an open one: a token the BFF did not sign is a 404.
//
// Token: base64url("<k>|<sourceId>|<lineUserId or empty>|<target>") "." base64url(16-byte tag).
// The tag is HMAC-SHA256 under a key derived (HKDF, info "tracked-links v1") from
// MEMBER_CARD_SECRET, so no new secret has to be set. LIFF permanent links are shortened to
// "~<rest>" inside the token. A link stays far under LINE's 1,000-character URI limit
// (https://developers.line.biz/en/reference/messaging-api/#uri-action); one that would not is
// refused when it is made, never cut.

export type TrackedKind = "campaign" | "scenario" | "richmenu";

export interface TrackedLink {
  kind: TrackedKind;
  /** The campaign id, the scenario step id, or the rich menu area id. */
  sourceId: string;
  /** An https URL, usually a LIFF permanent link https://liff.line.me/<LIFF_ID>/<path>. */
  target: string;
  /** The recipient, when the message was personal (a push): the click is theirs. */
  lineUserId?: string;
}

export interface TrackedLinkDeps {
  /** MEMBER_CARD_SECRET (base64, at least 32 bytes): the signing key is derived from it. */
  secret: string;
  /** Where the Worker answers: BFF_PUBLIC_URL, else the origin of the request that made the link. */
  origin: string;
}

/** LINE refuses a URI action over 1,000 characters. */
export const LINE_URI_MAX = 1000;
const TAG_BYTES = 16;
const LIFF_PREFIX = "https://liff.line.me/";
const SOURCE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const LINE_USER_ID = /^U[0-9a-f]{32}$/;
const KIND_CODE: Record<TrackedKind, string> = { campaign: "c", scenario: "s", richmenu: "r" };
const CODE_KIND = new Map(Object.entries(KIND_CODE).map(([kind, code]) => [code, kind as TrackedKind]));

const keys = new Map<string, Promise<Uint8Array>>();

/** The redirect's signing key, derived once per secret per isolate. */
function signingKey(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const raw = base64UrlToBytes(secret.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
      if (!raw || raw.length < 32) throw new Error("MEMBER_CARD_SECRET must be at least 32 random bytes, base64");
      const master = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new TextEncoder().encode("tracked-links v1") },
        master,
        256,
      );
      return new Uint8Array(bits);
    })();
    keys.set(secret, key);
  }
  return key;
}

const tag = (key: Uint8Array, payload: Uint8Array) => createHmac("sha256", key).update(payload).digest().subarray(0, TAG_BYTES);

function checkLink(link: TrackedLink): void {
  if (!SOURCE_ID.test(link.sourceId)) throw new Error("a tracked link's source id must be 1-100 of A-Z a-z 0-9 _ . : -");
  if (link.lineUserId !== undefined && !LINE_USER_ID.test(link.lineUserId)) throw new Error("not a LINE user id");
  if (!isHttpsUrl(link.target)) throw new Error("a tracked link's target must be an https URL");
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function sign(key: Uint8Array, link: TrackedLink): string {
  checkLink(link);
  const target = link.target.startsWith(LIFF_PREFIX) ? `~${link.target.slice(LIFF_PREFIX.length)}` : link.target;
  const payload = new TextEncoder().encode(`${KIND_CODE[link.kind]}|${link.sourceId}|${link.lineUserId ?? ""}|${target}`);
  return `${bytesToBase64Url(payload)}.${bytesToBase64Url(tag(key, payload))}`;
}

function urlFor(origin: string, token: string): string {
  const url = `${origin.replace(/\/+$/, "")}/t/${token}`;
  if (url.length > LINE_URI_MAX) throw new Error(`a tracked link would be ${url.length} characters; LINE allows ${LINE_URI_MAX}`);
  return url;
}

/** The short redirect URL for one link. */
export async function trackedLinkUrl(deps: TrackedLinkDeps, link: TrackedLink): Promise<string> {
  return urlFor(deps.origin, sign(await signingKey(deps.secret), link));
}

/**
 * A synchronous `track` for renderConsoleMessage: every link in one recipient's (or one
 * multicast's) message becomes a tracked link for this source.
 */
export async function linkTracker(
  deps: TrackedLinkDeps,
  source: Omit<TrackedLink, "target">,
): Promise<(target: string) => string> {
  const key = await signingKey(deps.secret);
  return (target) => urlFor(deps.origin, sign(key, { ...source, target }));
}

/** What a token says, or null when the BFF did not sign it (forged, altered, cut short). */
export async function readTrackedToken(secret: string, token: string): Promise<TrackedLink | null> {
  if (token.length > LINE_URI_MAX) return null;
  const [encodedPayload, encodedTag, extra] = token.split(".");
  if (encodedPayload === undefined || encodedTag === undefined || extra !== undefined) return null;
  const payload = base64UrlToBytes(encodedPayload);
  const presented = base64UrlToBytes(encodedTag);
  if (!payload || !presented || presented.length !== TAG_BYTES) return null;
  if (!timingSafeEqual(tag(await signingKey(secret), payload), presented)) return null;
  const [code, sourceId, lineUserId, ...rest] = new TextDecoder().decode(payload).split("|");
  const kind = CODE_KIND.get(code ?? "");
  const shortTarget = rest.join("|");
  const target = shortTarget.startsWith("~") ? `${LIFF_PREFIX}${shortTarget.slice(1)}` : shortTarget;
  if (!kind || !sourceId || !SOURCE_ID.test(sourceId) || !isHttpsUrl(target)) return null;
  if (lineUserId && !LINE_USER_ID.test(lineUserId)) return null;
  return { kind, sourceId, target, ...(lineUserId ? { lineUserId } : {}) };
}

/** Records one click; `visitor` counts unique clicks on links that were not personal. */
export async function recordClick(db: D1Database, link: TrackedLink, visitor: string | null, at = Date.now()): Promise<void> {
  await db
    .prepare(
      `INSERT INTO tracked_clicks (click_id, source_kind, source_id, line_user_id, visitor, clicked_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(crypto.randomUUID(), link.kind, link.sourceId, link.lineUserId ?? null, link.lineUserId ? null : visitor, at)
    .run();
}

/** The deps from the Worker's settings; `requestOrigin` is used when BFF_PUBLIC_URL is not set. */
export function trackedLinkDeps(
  env: { MEMBER_CARD_SECRET: string; BFF_PUBLIC_URL?: string },
  requestOrigin: string,
): TrackedLinkDeps {
  const configured = env.BFF_PUBLIC_URL?.trim();
  return { secret: env.MEMBER_CARD_SECRET, origin: configured ? configured : requestOrigin };
}
