import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, beforeAll, expect, inject } from "vitest";
import worker from "../../bff/index.ts";
import type { Bindings } from "../../bff/env.ts";
import { drainDeliveries, recordingQueue } from "./delivery/drain.ts";

export type MintClaims = {
  persona?: "unlinked" | "linked" | "staff" | "admin";
  sub?: string;
  /** Granted scopes; openid only by default (consent simplification), so no name or picture. */
  scopes?: ("openid" | "profile" | "email" | "chat_message.write")[];
  name?: string | null;
  picture?: string | null;
  aud?: string;
  iss?: string;
  expiresInSeconds?: number;
};

/** Mints a real ES256 ID token from the fake LINE platform, as LIFF would hand one out. */
export async function mintIdToken(claims: MintClaims): Promise<string> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/id-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(claims),
  });
  if (!response.ok) throw new Error(`minting failed: ${response.status} ${await response.text()}`);
  const { idToken } = (await response.json()) as { idToken: string };
  return idToken;
}

/**
 * Calls the BFF Worker, optionally with other bindings (a merchant that is down, say), then runs
 * the queue consumer on whatever the call recorded (messages, webhook events) unless `drain` is
 * false, so the test sees what LINE got.
 */
export async function callBff(
  path: string,
  init: RequestInit & { token?: string; bindings?: Partial<Bindings>; drain?: boolean } = {},
): Promise<Response> {
  const { token, bindings, drain = true, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://bff.test${path}`, { ...rest, headers }),
    { ...env, DELIVERY_QUEUE: recordingQueue, ...bindings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  if (drain) await drainDeliveries(bindings);
  return response;
}

/** How many contract calls the sandbox merchant has answered so far. */
export async function merchantCallCount(): Promise<number> {
  const response = await fetch(`${inject("merchantUrl")}/__dev/requests`);
  const { count } = (await response.json()) as { count: number };
  return count;
}

export async function setMerchantFault(fault: {
  mode: "none" | "slow" | "slow_body" | "garbage" | "server_error" | "redirect" | "refusal";
  delayMs?: number;
  times?: number;
  /** With mode refusal: the status (4xx) and ErrorBody code every faulted contract call answers. */
  status?: number;
  code?: string;
}) {
  const response = await fetch(`${inject("merchantUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`setting the merchant fault failed: ${response.status}`);
}

/** How many callers followed the sandbox merchant's "redirect" fault, and how many brought a key. */
export async function merchantRedirectHits(): Promise<{ total: number; withAuthorization: number }> {
  const response = await fetch(`${inject("merchantUrl")}/__dev/redirect-target/hits`);
  return (await response.json()) as { total: number; withAuthorization: number };
}

export async function jwksFetchCount(): Promise<number> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/stats`);
  const { jwksFetches } = (await response.json()) as { jwksFetches: number };
  return jwksFetches;
}

/** Calls the sandbox merchant's contract directly, as the merchant's own admin would. */
export async function merchantApi(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${inject("merchantApiKey")}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${inject("merchantUrl")}${path}`, { ...init, headers });
}

/** A LINE user id no other test uses, for tests that count or change per-user state. */
export function freshLineUserId(): string {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `U${hex}`;
}

export function jsonBody(value: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}

/** Makes sure the fake LINE platform has a menu behind the `linked` alias; resolves to its id. */
export async function ensureLinkedRichMenu(): Promise<string> {
  const base = inject("fakeLineUrl");
  const authorization = `Bearer ${inject("lineChannelAccessToken")}`;
  const existing = await fetch(`${base}/v2/bot/richmenu/alias/linked`, { headers: { authorization } });
  if (existing.ok) return ((await existing.json()) as { richMenuId: string }).richMenuId;
  const created = await fetch(`${base}/v2/bot/richmenu`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({
      size: { width: 800, height: 270 },
      selected: false,
      name: "test:linked",
      chatBarText: "会員メニュー",
      areas: [{ bounds: { x: 0, y: 0, width: 800, height: 270 }, action: { type: "postback", data: "card" } }],
    }),
  });
  const { richMenuId } = (await created.json()) as { richMenuId: string };
  // The fake reads only a PNG's header for its size, as a stand-in for a real image.
  const png = new Uint8Array(64);
  const view = new DataView(png.buffer);
  view.setUint32(0, 0x89504e47);
  view.setUint32(4, 0x0d0a1a0a);
  view.setUint32(8, 13);
  png.set(new TextEncoder().encode("IHDR"), 12);
  view.setUint32(16, 800);
  view.setUint32(20, 270);
  const uploaded = await fetch(`${base}/v2/bot/richmenu/${richMenuId}/content`, {
    method: "POST",
    headers: { authorization, "content-type": "image/png" },
    body: png,
  });
  if (!uploaded.ok) throw new Error(`uploading the test menu image answered ${uploaded.status}`);
  const aliased = await fetch(`${base}/v2/bot/richmenu/alias`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ richMenuAliasId: "linked", richMenuId }),
  });
  if (!aliased.ok) throw new Error(`creating the linked alias answered ${aliased.status}`);
  return richMenuId;
}

/** The rich menu a user sees per user at the fake LINE platform, or null for the default. */
export async function perUserRichMenu(lineUserId: string): Promise<string | null> {
  const response = await fetch(`${inject("fakeLineUrl")}/v2/bot/user/${lineUserId}/richmenu`, {
    headers: { authorization: `Bearer ${inject("lineChannelAccessToken")}` },
  });
  return response.ok ? ((await response.json()) as { richMenuId: string }).richMenuId : null;
}

/**
 * Links these members to LINE users of the calling test file for its tests, with an ID token
 * each (set on the objects), and unlinks them after: no other file's member is touched.
 */
export function linkForThisFile(...members: Array<{ lineUserId: string; memberId: string; token: string }>): void {
  beforeAll(async () => {
    for (const member of members) {
      const linked = await merchantApi(`/v1/line-links/${member.lineUserId}`, {
        method: "PUT",
        body: JSON.stringify({ memberId: member.memberId }),
      });
      expect(linked.status).toBe(200);
      member.token = await mintIdToken({ sub: member.lineUserId });
    }
  });
  afterAll(async () => {
    for (const member of members) await merchantApi(`/v1/line-links/${member.lineUserId}`, { method: "DELETE" });
  });
}

/** Kana or kanji: an English message has none in its own words. */
export const JAPANESE_TEXT = /[\u3040-\u30ff\u4e00-\u9faf]/;
/** Two English words in a row: a Japanese message has no English sentence. */
export const ENGLISH_WORDS = /[A-Za-z]{2,} [A-Za-z]{2,}/;

/** Says the user's language as the app does (PUT /api/me/language). */
export async function chooseLanguage(lineUserId: string, language: "ja" | "en"): Promise<void> {
  const token = await mintIdToken({ sub: lineUserId });
  const response = await callBff("/api/me/language", { token, ...jsonBody({ language }), method: "PUT" });
  if (response.status !== 204) throw new Error(`PUT /api/me/language answered ${response.status}`);
}
