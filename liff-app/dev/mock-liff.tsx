import type { Liff } from "@line/liff";
import { LiffMockPlugin, type ExtendedInit, type LiffMockApi } from "@line/liff-mock";
import { liff, qrScanner, readFriendship } from "../lib/liff.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import { PersonaSwitcher } from "./persona-switcher.tsx";
import {
  DEFAULT_PERSONA_KEY,
  fetchDevPersonas,
  mintPersonaIdToken,
  readDevNotFriend,
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
  const storedKey = readStoredPersonaKey();
  const [personas, storedKeyToken] = await Promise.all([fetchDevPersonas(), mintPersonaIdToken(storedKey).catch(() => null)]);
  const persona = pickPersona(personas, storedKey);
  const idToken = persona.key === storedKey && storedKeyToken ? storedKeyToken : await mintPersonaIdToken(persona.key);

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
    // The mock answers every isApiAvailable() with this one value. True stands for a LINE app
    // that has scanCodeV2, which the staff screen prefers; its scanner resolves `scanCode`.
    isApiAvailable: true,
  }));
  window.__devLiff = {
    setNextScan(value) {
      mockedLiff.$mock.set((previous) => ({ ...previous, scanCode: { value } }));
    },
  };

  return {
    mode: "mock",
    getIdToken: () => liff.getIDToken(),
    // The mock's fixed "access_token": the BFF trades it only when templates are configured,
    // and the fake LINE platform refuses it harmlessly (the message goes by push).
    getAccessToken: () => liff.getAccessToken(),
    appLanguage: liff.getAppLanguage(),
    async relogin() {
      const fresh = await mintPersonaIdToken(persona.key);
      mockedLiff.$mock.set((previous) => ({ ...previous, getIDToken: fresh }));
      return "token-refreshed";
    },
    getFriendship: readFriendship,
    // The mock has no add-friend dialog: the app falls back to the official account's URL.
    requestFriendship: null,
    scanQr: qrScanner(),
    DevTools: () => <PersonaSwitcher personas={personas} currentKey={persona.key} notFriend={notFriend} />,
  };
}

function pickPersona(personas: DevPersona[], key: string): DevPersona {
  const persona = personas.find((p) => p.key === key) ?? personas.find((p) => p.key === DEFAULT_PERSONA_KEY) ?? personas[0];
  if (!persona) throw new Error("the fake LINE platform lists no dev personas");
  return persona;
}
