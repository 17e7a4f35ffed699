import type { Liff } from "@line/liff";
import { LiffMockPlugin, type ExtendedInit, type LiffMockApi } from "@line/liff-mock";
import { liff, qrScanner, readFriendship } from "../lib/liff.ts";
import { profilePermissionOver, type LiffPermissionApi } from "../lib/liff-permission.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import {
  DEFAULT_PERSONA_KEY,
  fetchDevPersonas,
  mintPersonaIdToken,
  readDevNotFriend,
  readDevOutsideLine,
  readGrantedScopes,
  storeGrantedScopes,
  readStoredPersonaKey,
  type DevPersona,
} from "./personas.ts";

// The mock plugin is typed against the full SDK and adds `$mock` and init's `mock` option at
// runtime; the pluggable core's types know none of that, hence the one cast below.
type MockedLiff = Omit<Liff, "init"> & { init: ExtendedInit; $mock: LiffMockApi };

/** Mock mode only: lets a browser test choose what the next liff.scanCodeV2() reads. */
export interface DevLiffControls {
  setNextScan(value: string): void;
}

declare global {
  interface Window {
    __devLiff?: DevLiffControls;
  }
}

/**
 * Dev only (loaded as its own chunk): boots the LIFF mock as the chosen persona, with a real
 * ID token from the fake LINE platform so the BFF verifies it like any other.
 */
export async function startMockLiff(liffId: string): Promise<LiffSession> {
  const mockedLiff = liff as unknown as MockedLiff;
  mockedLiff.use(new LiffMockPlugin());

  // The list and the token in parallel: one round trip, as real LIFF's init costs about one.
  // The dev sheet's "outside LINE": a shared link opened in Safari or Chrome, signed in by LINE
  // Login, with none of the LINE app's own APIs. LINE Login's consent screen there asks for every
  // scope of the channel; consent simplification (openid only) is the LINE app's.
  const outsideLine = readDevOutsideLine();
  const grantedScopes = (key: string) => (outsideLine ? [...CHANNEL_SCOPES] : readGrantedScopes(key));
  const storedKey = readStoredPersonaKey();
  const [personas, storedKeyToken] = await Promise.all([
    fetchDevPersonas(),
    mintPersonaIdToken(storedKey, grantedScopes(storedKey)).catch(() => null),
  ]);
  const persona = pickPersona(personas, storedKey);
  const mint = () => mintPersonaIdToken(persona.key, grantedScopes(persona.key));
  const idToken = persona.key === storedKey && storedKeyToken ? storedKeyToken : await mint();

  const notFriend = readDevNotFriend();

  await mockedLiff.init({ liffId, mock: true });
  // Signed in as the persona, like liff.login() outside LINE; the mock's getFriendship() also
  // refuses to answer before a login.
  mockedLiff.login();
  // set() replaces all mock data, so always spread what is there.
  mockedLiff.$mock.set((previous) => ({
    ...previous,
    isLoggedIn: true,
    getIDToken: idToken,
    getProfile: {
      userId: persona.lineUserId,
      displayName: persona.displayName,
      ...(persona.pictureUrl ? { pictureUrl: persona.pictureUrl } : {}),
    },
    // The mock answers "en" by default; the browser's language is the closer stand-in.
    getAppLanguage: navigator.language,
    // The mock says "not a friend" by default; the personas are friends unless the dev sheet
    // says otherwise, so the add-friend banner can be seen on purpose.
    getFriendship: { friendFlag: !notFriend },
    isInClient: !outsideLine,
    // The mock answers every isApiAvailable() with this one value. True stands for a LINE app
    // that has scanCodeV2, which the staff screen prefers; its scanner resolves `scanCode`.
    // Outside LINE none of them is there.
    isApiAvailable: !outsideLine,
  }));
  // The mock's permission answers fixed data; this one keeps what the persona granted, as LINE does.
  const permission = devPermission({
    grantedScopes: () => grantedScopes(persona.key),
    personaKey: persona.key,
    inClient: !outsideLine,
    onGranted: async () => {
      const fresh = await mint();
      mockedLiff.$mock.set((previous) => ({ ...previous, getIDToken: fresh }));
    },
  });
  window.__devLiff = {
    setNextScan(value) {
      mockedLiff.$mock.set((previous) => ({ ...previous, scanCode: { value } }));
    },
  };

  return {
    mode: "mock",
    liffId,
    inClient: !outsideLine,
    profilePermission: profilePermissionOver(async () => permission),
    getIdToken: () => liff.getIDToken(),
    // The mock's fixed "access_token": the BFF trades it only when templates are configured,
    // and the fake LINE platform refuses it harmlessly (the message goes by push).
    getAccessToken: () => liff.getAccessToken(),
    appLanguage: liff.getAppLanguage(),
    async relogin() {
      const fresh = await mint();
      mockedLiff.$mock.set((previous) => ({ ...previous, getIDToken: fresh }));
      return "token-refreshed";
    },
    getFriendship: readFriendship,
    // The mock has no add-friend dialog: the app falls back to the official account's URL.
    requestFriendship: null,
    scanQr: outsideLine ? null : qrScanner(),
    // Loaded with the app, not before the token: the switcher's UI needs the app's UI libraries,
    // which would otherwise hold LIFF's start back (real LIFF waits on no UI either).
    loadDevTools: () =>
      import("./persona-switcher.tsx").then(({ personaSwitcherFor }) =>
        personaSwitcherFor({ personas, currentKey: persona.key, notFriend, outsideLine }),
      ),
  };
}

/** The scopes of the dev LIFF app: openid, and profile for the greeting and the registration name. */
const CHANNEL_SCOPES = ["openid", "profile"] as const;

/** A LiffError as the SDK throws it: `code` and `message`. */
function liffError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { name: "LiffError", code });
}

/**
 * liff.permission as LIFF documents it (https://developers.line.biz/en/reference/liff/#permission):
 * query() says granted, prompt, or unavailable for a scope the app lacks; requestAll() shows the
 * permission screen for what is not granted yet (here the browser's confirm dialog stands in
 * for it), refuses with FORBIDDEN when there is nothing left to grant and UNAUTHORIZED when the
 * user closes it, and leaves LIFF with a new ID token that carries the profile.
 */
function devPermission({
  grantedScopes,
  personaKey,
  inClient,
  onGranted,
}: {
  grantedScopes: () => string[];
  personaKey: string;
  inClient: boolean;
  onGranted: () => Promise<void>;
}): LiffPermissionApi {
  return {
    async query(permission) {
      if (!(CHANNEL_SCOPES as readonly string[]).includes(permission)) return { state: "unavailable" };
      return { state: grantedScopes().includes(permission) ? "granted" : "prompt" };
    },
    async requestAll() {
      // The permission screen comes with consent simplification, which works in the LINE app;
      // in an external browser LINE Login's own consent screen asks instead.
      if (!inClient) throw liffError("FORBIDDEN", "SkipChannelVerificationScreen is unavailable.");
      const granted = grantedScopes();
      const missing = CHANNEL_SCOPES.filter((scope) => !granted.includes(scope));
      if (missing.length === 0) throw liffError("FORBIDDEN", "All permissions have already been approved.");
      if (!window.confirm(`[LIFF mock] Allow this app to use your LINE profile (${missing.join(", ")})?`)) {
        throw liffError("UNAUTHORIZED", "user didn't allow the agreement");
      }
      storeGrantedScopes(personaKey, [...granted, ...missing]);
      await onGranted();
    },
  };
}

function pickPersona(personas: DevPersona[], key: string): DevPersona {
  const persona = personas.find((p) => p.key === key) ?? personas.find((p) => p.key === DEFAULT_PERSONA_KEY) ?? personas[0];
  if (!persona) throw new Error("the fake LINE platform lists no dev personas");
  return persona;
}
