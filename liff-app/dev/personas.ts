// The fake LINE platform's dev endpoints (test/fakes), reached through the dev server's
// same-origin proxy so a phone on the LAN can use them too.

export interface DevPersona {
  key: string;
  lineUserId: string;
  displayName: string;
  pictureUrl: string | null;
  description: { ja: string; en: string };
}

export const FAKE_LINE_BASE = "/__fake-line";
const PERSONA_STORAGE_KEY = "liff-app:dev-persona";
export const DEFAULT_PERSONA_KEY = "linked";

export function readStoredPersonaKey(): string {
  try {
    return localStorage.getItem(PERSONA_STORAGE_KEY) ?? DEFAULT_PERSONA_KEY;
  } catch {
    return DEFAULT_PERSONA_KEY;
  }
}

export function storePersonaKey(key: string): void {
  localStorage.setItem(PERSONA_STORAGE_KEY, key);
}

const NOT_FRIEND_STORAGE_KEY = "liff-app:dev-not-friend";

/** Whether the mock answers liff.getFriendship() as "not a friend" (the persona is one by default). */
export function readDevNotFriend(): boolean {
  try {
    return localStorage.getItem(NOT_FRIEND_STORAGE_KEY) === "true";
  } catch {
    return false;
  }
}

export function storeDevNotFriend(notFriend: boolean): void {
  if (notFriend) localStorage.setItem(NOT_FRIEND_STORAGE_KEY, "true");
  else localStorage.removeItem(NOT_FRIEND_STORAGE_KEY);
}

const OUTSIDE_LINE_STORAGE_KEY = "liff-app:dev-outside-line";

/** Whether the mock runs as if opened outside the LINE app (a shared link in a browser). */
export function readDevOutsideLine(): boolean {
  try {
    return localStorage.getItem(OUTSIDE_LINE_STORAGE_KEY) === "true";
  } catch {
    return false;
  }
}

export function storeDevOutsideLine(outside: boolean): void {
  if (outside) localStorage.setItem(OUTSIDE_LINE_STORAGE_KEY, "true");
  else localStorage.removeItem(OUTSIDE_LINE_STORAGE_KEY);
}

const SCOPES_STORAGE_PREFIX = "liff-app:dev-scopes:";

/**
 * What the persona has granted this LIFF app, as LINE remembers it per user: openid only until
 * the permission screen (liff.permission.requestAll()) adds profile.
 */
export function readGrantedScopes(key: string): string[] {
  try {
    const stored = localStorage.getItem(`${SCOPES_STORAGE_PREFIX}${key}`);
    return stored ? stored.split(" ") : ["openid"];
  } catch {
    return ["openid"];
  }
}

export function storeGrantedScopes(key: string, scopes: readonly string[]): void {
  localStorage.setItem(`${SCOPES_STORAGE_PREFIX}${key}`, scopes.join(" "));
}

export async function fetchDevPersonas(): Promise<DevPersona[]> {
  const response = await fetch(`${FAKE_LINE_BASE}/__dev/personas`);
  if (!response.ok) throw new Error(`fake LINE platform: GET personas answered ${response.status}`);
  // The fake answers `{ personas: [...] }`; a bare array is accepted too while it settles.
  const body = (await response.json()) as { personas: DevPersona[] } | DevPersona[];
  return Array.isArray(body) ? body : body.personas;
}

/**
 * A real ES256 ID token for the persona, signed by the fake platform the BFF trusts in dev. With
 * only openid granted (consent simplification, the default) it has no name or picture.
 */
export async function mintPersonaIdToken(key: string, scopes: readonly string[]): Promise<string> {
  const response = await fetch(`${FAKE_LINE_BASE}/__dev/id-token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ persona: key, scopes }),
  });
  if (!response.ok) throw new Error(`fake LINE platform: POST id-token answered ${response.status}`);
  const { idToken } = (await response.json()) as { idToken: string; expiresAt: string };
  return idToken;
}
